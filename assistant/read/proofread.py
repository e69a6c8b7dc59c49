"""A body's own staff checking their report before it is published: slips of the template's words
("不子公开" for 不予公开, "先行有效件数" for 现行有效件数), numbering that skips or repeats ("一是…三是…三是",
"三三、"), and parts of the template that are missing. Each finding quotes the report's words.

Only what can be checked against the template is checked: a slip is a word one character away from a template
term (and no template term itself); prose style is not judged."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.read.common import Extract, chunk_order
from ingest.facts.template import (
    PART_TITLES,
    T2_COLUMN_ASK,
    T3_COLUMNS,
    T4_COLUMNS,
    t3_rows,
)
from ingest.text.tokenize import is_word

_ORDINALS = "一二三四五六七八九十"
_MARKER = re.compile(rf"([{_ORDINALS}])是")
_DOUBLED = re.compile(rf"([{_ORDINALS}])\1、")
_QUOTED = re.compile(r"[“\"'‘]([^”\"'’]{2,40})[”\"'’]")
_TABLE = re.compile(r"表\s*([二三四])|第\s*([二三四])\s*(?:张|个)?表")
_PART = re.compile(rf"第\s*([{_ORDINALS}])\s*部分")


# The template's own result and outcome terms (its generic phrases, 政府信息公开 say, have legitimate neighbours
# such as 政务信息公开, and are left out)
_TERMS = ("不予公开", "予以公开", "部分公开", "无法提供", "不予处理", "其他处理", "行政复议", "行政诉讼", "尚未审结",
          "结果维持", "结果纠正", "其他结果", "本年新收", "上年结转", "本年度办理结果", "结转下年度继续办理")


@lru_cache(maxsize=1)
def template_words() -> frozenset[str]:
    """The template's labels a report must spell as the template does (three characters or more)."""
    rows = {w for s in t3_rows(split_other=True) for w in re.split(r"[（）()、.\d\s“”]+", s.label) if w}
    words = set(_TERMS) | rows | set(T2_COLUMN_ASK) | set(T3_COLUMNS) | set(T4_COLUMNS)
    words |= {title for _, title, _ in PART_TITLES}
    return frozenset(w for w in words if len(w) >= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", w))


def slips(text: str, own_names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(as written, the template's word) for each stretch of `text` one character away from a template word.

    Not a slip: a stretch inside a correct template word ("本年新制" of 本年新制作数量), one that begins or ends
    inside a word of its text ("坚持以公开" holds no 予以公开), and a short one whose changed character makes a
    word with its neighbour ("反复申请", "不再处理" say what they mean)."""
    words = template_words() | {w for w in own_names if len(w) >= 4}  # and the body's own name (财政全融局)
    exact = [False] * len(text)
    for word in words:
        for m in re.finditer(re.escape(word), text):
            exact[m.start(): m.end()] = [True] * len(word)
    found: list[tuple[str, str]] = []
    for word in sorted(words, key=len, reverse=True):
        n = len(word)
        for i in range(len(text) - n + 1):
            piece = text[i: i + n]
            if piece in words or any(exact[i: i + n]):
                continue
            diff = [j for j in range(n) if piece[j] != word[j]]
            if len(diff) != 1 or not "\u4e00" <= piece[diff[0]] <= "\u9fff":
                continue
            j = diff[0]
            if (i > 0 and is_word(text[i - 1: i + 1])) or (i + n < len(text) and is_word(text[i + n - 1: i + n + 1])):
                continue
            if n <= 4 and any(is_word(piece[a: a + 2]) for a in (j - 1, j) if 0 <= a <= n - 2):
                continue
            if not any(piece in p or p in piece for p, _ in found):
                found.append((piece, word))
    return found


def numbering(text: str) -> list[str]:
    """What is wrong with the 一是/二是… runs and the part headings of `text`."""
    problems: list[str] = []
    run: list[int] = []

    def close(r: list[int]) -> None:
        if len(r) < 2:
            return
        seen, missing = set(), [n for n in range(1, max(r) + 1) if n not in r]
        doubled = [n for n in r if n in seen or seen.add(n)]
        if missing:
            problems.append("缺少" + "、".join(f"“{_ORDINALS[n - 1]}是”" for n in missing))
        if doubled:
            problems.append("重复了" + "、".join(f"“{_ORDINALS[n - 1]}是”" for n in dict.fromkeys(doubled)))

    for m in _MARKER.finditer(text):
        n = _ORDINALS.index(m.group(1)) + 1
        if n == 1 and run:
            close(run)
            run = []
        run.append(n)
    close(run)
    problems += [f"编号写成了“{m.group(0)}”（重复了“{m.group(1)}”）" for m in _DOUBLED.finditer(text)]
    return problems


def missing_parts(text: str) -> list[str]:
    """The template's parts whose numbered heading the report does not have."""
    return [f"{n}、{title}" for n, title, keys in PART_TITLES
            if not re.search(rf"{n}\s*[、.．]\s*[^。；]{{0,20}}?(?:{keys})", text)]


_DATE = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def end_dates(text: str) -> list[tuple[str, str]]:
    """(what the date is, as written) for the dates at the report's end: the signature's and the printing's."""
    tail = text[-400:]
    out = []
    for m in _DATE.finditer(tail):
        after = tail[m.end(): m.end() + 4]
        out.append(("印发日期" if "印发" in after else "发布日期" if re.search("发布|公布", after) else "落款日期",
                    m.group(0)))
    return out


def _target(question: str, docs) -> tuple[str, str]:
    """Where the question asks to check (the sentence it quotes, a table, a part), and how to name it."""
    text = "".join(d.page_content for d in docs)
    quoted = _QUOTED.search(question)
    if quoted and re.fullmatch(rf"(?:[{_ORDINALS}]是[、，,\s]*)+", quoted.group(1)):
        quoted = None  # "“一是、二是、三是”的编号" quotes the markers, not a sentence to find
    if quoted:
        q = quoted.group(1)
        figures = re.findall(r"\d+", q)
        for sentence in re.split(r"(?<=[。；;！？\n])", text):
            # the quoted words as the asker remembers them: their figures, or most of their characters
            if figures and all(f in sentence for f in figures) or \
                    sum(c in sentence for c in q) >= max(3, len(q) - 1):
                return sentence, f"“{q}”那句"
    table = _TABLE.search(question)
    if table:
        n = table.group(1) or table.group(2)
        part = [d.page_content for d in docs if d.metadata.get("section", "").startswith(f"{n}、")]
        if part:
            return "".join(part), f"表{n}"
    part = _PART.search(question)
    if part:
        n = part.group(1)
        chunks = [d.page_content for d in docs if d.metadata.get("section", "").startswith(f"{n}、")]
        if chunks:
            return "".join(chunks), f"第{n}部分"
    return text, "全文"


def read_proofread(question: str, docs, own_names: tuple[str, ...] = ()) -> Extract | None:
    if not docs:
        return None
    docs = sorted(docs, key=chunk_order)  # in the report's order: numbering runs over chunk ends
    meta = dict(docs[0].metadata)
    whole = "".join(d.page_content for d in docs)
    one = re.search(r"([一二三四五六])、", question)
    if one and re.search(r"有没有|是否有|有无", question):
        # "有没有单独的“六、其他需要报告的事项”这一部分": that part's heading
        lacking = [m for m in missing_parts(whole) if m.startswith(one.group(1))]
        title = next(f"{n}、{t}" for n, t, _ in PART_TITLES if n == one.group(1))
        short = f"没有：正文中没有“{title}”这一部分的标题" if lacking else f"有：“{title}”"
        return Extract(short, short, whole, meta, 1.0)
    if re.search(r"齐不齐|是否齐全|齐全|缺(?:了|少)?(?:哪|几|什么)|缺不缺|完整|漏了", question):
        missing = missing_parts(whole)
        short = (f"不齐，缺{'、'.join(f'“{m}”' for m in missing)}" if missing else
                 "齐全：六个部分的标题都有")
        return Extract(short, short, whole, meta, 1.0)
    if re.search(r"日期", question):
        prose = "".join(d.page_content for d in docs if d.metadata.get("kind", "prose") == "prose")
        dates = end_dates(prose)
        if len(dates) >= 2:
            named = "，".join(f"{what}是{when}" for what, when in dates)
            same = len({when for _, when in dates}) == 1
            short = f"{'对得上' if same else '对不上'}：{named}"
            return Extract(short, prose[-160:].strip(), whole, _meta_of(dates[-1][1], docs, meta), 1.0)
        return None  # one date at the end: nothing to compare it with here
    target, where = _target(question, docs)
    if re.search(r"编号|序号|顺序|一是|二是|三是", question):
        found = numbering(target)
        short = f"有错：{where}{'；'.join(found)}" if found else f"{where}的编号没有发现重复或缺漏"
        return Extract(short, target[:300], whole, _meta_of(target[:40], docs, meta), 1.0)
    found = slips(target, own_names)
    if not found:
        return Extract(f"{where}没有发现模板用语的错别字", target[:300], whole, meta, 1.0)
    short = "有：" + "；".join(f"“{word}”写成了“{piece}”" for piece, word in found[:5])
    at = target.find(found[0][0])
    return Extract(short, target[max(0, at - 40): at + 60], whole, _meta_of(found[0][0], docs, meta), 1.0)


def _meta_of(words: str, docs, default: dict) -> dict:
    """The passage the finding stands in, for the citation (not the report's first chunk)."""
    return next((dict(d.metadata) for d in docs if words in d.page_content), default)
