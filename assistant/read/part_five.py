"""Part 五 of a report: the problems it names and the measures it plans, whole, and how many of each.

The part is read as one text (its chunks in order), split where the remedies begin ("（二）改进措施",
"下一步", "2024年，我局将…"), and each half's items are counted by their markers (一是…, （一）…, 1.…),
else by the semicolons or the "如A、B、C等" list that separates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.read.common import Extract, chunk_order

_HEADING = re.compile(r"^[五5]\s*[、.．]\s*[^。：:；]{0,30}?(问题|不足)[^。：:；（(]{0,20}")
_SUB_HEADING = re.compile(r"^\s*[（(][一二三四1-4][)）]\s*[^。：:；]{0,20}?(问题|不足|存在问题|措施)[。：:；]?\s*")
_PROBLEM_START = re.compile(r"存在|不足|问题|短板|差距|薄弱|有待|仍需|不够")
_REMEDY = re.compile(r"[（(][二2][)）]\s*(改进|整改)|改进措施|整改措施|下一步|将采取以下措施|采取以下措施|"
                     r"针对(上述|这些)?(问题|不足)|"
                     r"\d{4}\s*年\s*[，,]?\s*(我|本)[^，。；]{0,6}将|我们将|我(局|区|县|市|委|办)将")
_MARKERS = [
    re.compile(r"[一二三四五六七八九十]是"),
    re.compile(r"[（(][一二三四五六七八九十][)）]"),
    re.compile(r"[（(]\d{1,2}[)）]"),
    re.compile(r"(?<![\d.])\d{1,2}\s*[.、．](?!\d)"),
    re.compile(r"第[一二三四五六七八九十][，,、]|首先|其次|再次|最后"),
]
_LIST = re.compile(r"(?:如|主要是|主要有|主要表现在|表现为|[:：])([^。]{4,200}?)等")


@dataclass
class PartFive:
    text: str
    problems: str
    measures: str  # what the report plans to do
    meta: dict
    done: str = ""  # what it did about last year's problems, when it reports that in a sub-part of its own


def _part_five_docs(docs) -> list:
    picked = [d for d in docs if re.match(r"[五5]\s*[、.．]", d.metadata.get("section", ""))
              or re.search(r"存在.{0,6}问题|改进情况|整改措施", d.metadata.get("section", ""))]
    seen, out = set(), []
    for d in sorted(picked, key=chunk_order):
        if d.metadata.get("chunk_id") not in seen and d.metadata.get("kind") != "fact":
            seen.add(d.metadata.get("chunk_id"))
            out.append(d)
    return out


_LAST_YEAR = re.compile(r"(上一?年|\d{4}\s*年)[^，。；]{0,8}(存在|问题)[^，。；]{0,6}(改进|整改)情况|"
                        r"问题的(改进|整改)情况")
_SUB = re.compile(r" > ")


def read_part_five(docs) -> PartFive | None:
    """Part 五 of one report, split into problems and measures. When the part has sub-parts, this year's
    problems and the measures are the sub-parts titled so (not "2024年存在问题的改进情况", which reports
    on last year's)."""
    mine = _part_five_docs(docs)
    if not mine:
        return None
    text = "".join(d.page_content for d in mine)
    subs: dict[str, str] = {}
    for d in mine:
        section = d.metadata.get("section", "")
        if _SUB.search(section):
            subs[section] = subs.get(section, "") + d.page_content
    problem_subs = [t for sec, t in subs.items() if re.search(r"问题|不足", sec.split(" > ")[-1])
                    and not _LAST_YEAR.search(sec.split(" > ")[-1])]
    measure_subs = [t for sec, t in subs.items() if re.search(r"措施|下一步|打算", sec.split(" > ")[-1])]
    done = next((t for sec, t in subs.items() if _LAST_YEAR.search(sec.split(" > ")[-1])), "")
    done = _SUB_HEADING.sub("", re.sub(r"^\s*[（(][一二三四][)）][^。：:]{0,24}?(改进|整改)情况", "", done.strip()))
    if problem_subs:
        body = _SUB_HEADING.sub("", problem_subs[0].strip())
        cut = _REMEDY.search(body, _first_problem(body))
        problems = body[: cut.start()] if cut else body
        measures = measure_subs[0] if measure_subs else (body[cut.start():] if cut else "")
        return PartFive(text, problems.strip(" 。；;\n：:"), _SUB_HEADING.sub("", measures.strip()),
                        dict(mine[0].metadata), done.strip(" ：:"))
    body = _HEADING.sub("", text.strip())
    body = _SUB_HEADING.sub("", body)
    cut = _REMEDY.search(body, _first_problem(body))
    problems, measures = (body[: cut.start()], body[cut.start():]) if cut else (body, "")
    if measure_subs and not measures:
        measures = measure_subs[0]
    return PartFive(text, problems.strip(" 。；;\n"), measures.strip(" \n"), dict(mine[0].metadata))


def _first_problem(body: str) -> int:
    m = _PROBLEM_START.search(body)
    return m.end() if m else 0


def items(span: str) -> list[str]:
    """The items of a list of problems or measures, by their markers, else their separators."""
    # The outer list is the one whose markers come first: "（1）…一是…二是…（2）…" lists (1)…, not 一是….
    marked = [hits for marker in _MARKERS if len(hits := list(marker.finditer(span))) >= 2]
    if marked:
        hits = min(marked, key=lambda h: h[0].start())
        starts = [h.start() for h in hits] + [len(span)]
        return [span[a:b].strip(" ；;。\n") for a, b in zip(starts, starts[1:]) if span[a:b].strip()]
    listed = _LIST.search(span)
    if listed and len(re.split(r"[、；;]", listed.group(1))) >= 2:
        return [p.strip() for p in re.split(r"[、；;]", listed.group(1)) if p.strip()]
    clauses = [p.strip(" ：:") for p in re.split(r"[，,]", listed.group(1))] if listed else []
    if len(clauses) >= 3 and all(len(p) >= 6 for p in clauses):
        return clauses  # "主要是：A能力不足，B有待提升，C尚需完善等": each clause one problem
    parts = [p.strip(" 。\n") for p in re.split(r"[；;]", span) if len(p.strip(" 。\n")) >= 8]
    if len(parts) >= 2:
        return parts
    sentences = [s for s in re.split(r"(?<=[。！!])", span) if len(s.strip()) >= 8]
    return [span.strip()] if sentences else []


def _extract(span: str, part: PartFive, limit: int = 400) -> Extract | None:
    if not span:
        return None
    short = span[:limit] + ("…" if len(span) > limit else "")
    return Extract(short, short, part.text, part.meta, 1.0)


def read_problems(docs) -> Extract | None:
    """The problems part 五 names, all of them, not the remedies that follow."""
    part = read_part_five(docs)
    return _extract(part.problems, part) if part else None


_DONE_ASKED = re.compile(r"采取了|做了|已经|已采取|开展了|整改了|改进了|针对(上一?年|去年|\d{4}\s*年)")


def read_measures(docs, question: str = "") -> Extract | None:
    """The measures part 五 plans, all of them; or, asked what was done about last year's problems, that."""
    part = read_part_five(docs)
    if part is None:
        return None
    if part.done and (_DONE_ASKED.search(question) or not part.measures):
        return _extract(part.done, part)
    return _extract(part.measures or part.done, part)


def count_part_five(docs, which: str) -> Extract | None:
    """How many problems (which="problems") or measures the report lists."""
    part = read_part_five(docs)
    if part is None:
        return None
    span = part.problems if which == "problems" else (part.measures or part.done)
    found = items(span)
    if not found:
        return None
    listing = "；".join(f"{i}. {x[:60]}" for i, x in enumerate(found, 1))
    ex = Extract(f"{len(found)}条", listing[:400], part.text, part.meta, 1.0, float(len(found)))
    ex.support = [{"role": "count", "value": len(found), "text": span[:400], "items": [x[:80] for x in found]}]
    return ex


_NAMED = re.compile(r"[“\"]([^”\"]{3,30})[”\"]|"
                    r"([\u4e00-\u9fff（）()]{4,30}?)(?:那一?部分|这一?部分|一节|那一?段|这一?段|部分里|部分中)")


def named_section(question: str, docs, drop: set[str]) -> Extract | None:
    """How many items the part of the report that the question names lists ("“政府信息管理情况”那部分写了几项
    措施"): the sub-part whose title (or opening words) best matches the name, its items counted."""
    from assistant.read.common import coverage as cov_of
    from ingest.text.tokenize import tokens

    m = _NAMED.search(question)
    if not m:
        return None
    name = re.sub(r"^(报告|报告里|报告中|在)", "", (m.group(1) or m.group(2) or "").strip("“”\"（）()"))
    weights = {w: float(len(w)) for w in tokens(name) if len(w) >= 2 and w not in drop}
    if not weights:
        return None
    sections: dict[str, list] = {}
    for d in sorted(docs, key=chunk_order):
        sections.setdefault(d.metadata.get("section", ""), []).append(d)
    best = None
    for section, ds in sections.items():
        text = "".join(d.page_content for d in ds)
        title = section.split(" > ")[-1]
        score = max(cov_of(title, weights), 0.9 * cov_of(text[:60], weights))
        if best is None or score > best[0]:
            best = (score, text, ds[0])
    if best is None or best[0] < 0.99:
        # A heading run into the text, written as the question quotes it, beats a title that only looks like it.
        verbatim = _named_in_text(name, docs)
        if verbatim is not None or best is None or best[0] < 0.6:
            return verbatim
    _, text, doc = best
    body = text[re.search(r"[。：:]", text).end() if re.search(r"[。：:]", text[:40]) else 0:]
    nxt = re.search(r"[（(][一二三四五六七八九十][)）]|[一二三四五六七八九十]、", body)
    found = items(body[: nxt.start()] if nxt and nxt.start() > 10 else body)  # up to the next sub-part's heading
    if not found:
        return None
    listing = "；".join(f"{i}. {x[:60]}" for i, x in enumerate(found, 1))
    ex = Extract(f"{len(found)}条", listing[:400], text, dict(doc.metadata), 1.0, float(len(found)))
    ex.support = [{"role": "count", "value": len(found), "text": text[:400], "items": [x[:80] for x in found]}]
    return ex


_LEVELS = [  # heading markers, each with the pattern of its level's next heading
    (re.compile(r"[（(][一二三四五六七八九十][)）]\s*$"), r"[（(][一二三四五六七八九十][)）]"),
    (re.compile(r"[一二三四五六七八九十]、\s*$"), r"[一二三四五六七八九十]、"),
    (re.compile(r"(?<![\d.（(])\d{1,2}\s*[.．、]\s*$"), r"(?<![\d.（(])\d{1,2}\s*[.．、](?!\d)"),
]


def _named_in_text(name: str, docs) -> Extract | None:
    """A part named by its heading inside the running text ("（二）突出抓好财政预决算公开 1.…2.…",
    "2.把握工作重点，扎实推进信息公开（1）…（14）…3."): its items, up to the next heading of its level or of
    a level above."""
    ordered = sorted(docs, key=chunk_order)
    text = "".join(d.page_content for d in ordered)
    at = text.find(name)
    if at < 0:
        return None
    doc = next((d for d in ordered if name in d.page_content), ordered[0])
    before = text[max(0, at - 6): at]
    level = next((i for i, (marker, _) in enumerate(_LEVELS) if marker.search(before)), 1)
    body = text[at + len(name): at + len(name) + 6000]
    # The part ends at the next heading of its level or of any level above it.
    ends = [m.start() for _, nxt in _LEVELS[: level + 1] if (m := re.search(nxt, body))]
    ends += [m.start() for m in [re.search(r"[一二三四五六七八九十]、", body)] if m]
    found = items(body[: min(ends)] if ends else body[:600])
    if len(found) < 2:
        return None
    listing = "；".join(f"{i}. {x[:60]}" for i, x in enumerate(found, 1))
    ex = Extract(f"{len(found)}条", listing[:400], doc.page_content, dict(doc.metadata), 1.0, float(len(found)))
    ex.support = [{"role": "count", "value": len(found), "text": body[:400], "items": [x[:80] for x in found]}]
    return ex
