"""One numbered part of a report, asked by its number: "第五部分的标题是怎么写的", "第六部分里写的是什么".

The template numbers its parts 一、 to 六、 (some reports add 七、); a chunk's section path begins with its part's
heading. The title is that heading; the content is the part's prose, its heading left out, cut at a sentence
end. A part whose chunks are all tables (三, 四) is told by its heading alone: its figures are asked as cells.
"""

from __future__ import annotations

import re

from assistant.read.common import Extract, chunk_order

NUMERALS = "一二三四五六七八九十"
# "第五部分", "第 6 部分", "第六大部分"
PART_ASKED = re.compile(r"第\s*([一二三四五六七八九十]|\d{1,2})\s*(个)?\s*(大)?\s*部分")
TITLE_ASKED = re.compile(r"标题|题目|名称|叫什么|叫啥|题为|什么名字")
MAX_CONTENT = 160  # characters of a part's prose given as its content


# "“其他需要报告的事项”这一部分写了什么": a part named by its title
TITLED_PART = re.compile(r"[“\"]([^”\"]{4,24})[”\"]\s*(?:这|那)?一?(?:部分|节|段|板块|块)")


def part_number(question: str, docs=()) -> int | None:
    m = PART_ASKED.search(question)
    if m:
        n = m.group(1)
        return int(n) if n.isdigit() else NUMERALS.index(n) + 1
    titled = TITLED_PART.search(question)
    if titled:  # the number of the part whose heading holds the title quoted
        for d in docs:
            heading = _heading(d.metadata.get("section", ""))
            number = re.match(rf"\s*([{NUMERALS}])\s*[、.．]", heading)
            if number and titled.group(1) in heading:
                return NUMERALS.index(number.group(1)) + 1
    return None


def _heading(section: str) -> str:
    return section.split(" > ")[0].strip()


def _is_part(section: str, n: int) -> bool:
    numeral = NUMERALS[n - 1] if 1 <= n <= len(NUMERALS) else str(n)
    return bool(re.match(rf"\s*({numeral}|{n})\s*[、.．]", _heading(section)))


def read_part(question: str, docs) -> Extract | None:
    """The title or the content of the part the question numbers, or None when no part has that number."""
    n = part_number(question, docs)
    if n is None:
        return None
    picked = sorted((d for d in docs if _is_part(d.metadata.get("section", ""), n)), key=chunk_order)
    if not picked:
        return None
    heading = _heading(picked[0].metadata.get("section", ""))
    title = re.sub(r"^\s*\S{1,2}\s*[、.．]\s*", "", heading)
    prose = [d for d in picked if d.metadata.get("kind") == "prose"]
    if TITLE_ASKED.search(question) or not prose:
        return Extract(title, heading, picked[0].page_content, picked[0].metadata, 1.0)
    seen: set = set()
    text = ""
    for d in prose:
        if d.metadata.get("chunk_id") in seen:
            continue
        seen.add(d.metadata.get("chunk_id"))
        text += d.page_content
    body = text.replace(heading, "", 1).strip() if text.startswith(heading) else text.strip()
    if not body:
        return Extract(title, heading, prose[0].page_content, prose[0].metadata, 1.0)
    cut = body[:MAX_CONTENT]
    end = max(cut.rfind("。"), cut.rfind("；"))
    content = cut[: end + 1] if end >= 20 else cut
    return Extract(content, content, prose[0].page_content, prose[0].metadata, 1.0)
