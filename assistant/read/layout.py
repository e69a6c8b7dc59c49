"""The template's layout asked about: "2019年版格式表二“第二十条第（九）项”统计的是什么", "表二第二十条第（一）项的
三列分别叫什么？和2021版的有什么不同". Answered from the template vocabulary (ingest/facts/template.py), cited
to the report's own table 二, whose heading shows the same layout."""

from __future__ import annotations

import re

from assistant.read.common import Extract
from ingest.facts.template import T2_ITEMS, T2_ROWS, TEMPLATE_NAMES

_TEMPLATE_SAID = {"2019": re.compile(r"2019\s*年?\s*(?:版|的?(?:格式|模板))|〔2019〕|"
                                     r"老(?:版|格式|模板)|旧(?:版|格式|模板)"),
                  "2021": re.compile(r"2021\s*年?\s*(?:版|的?(?:格式|模板))|〔2021〕|新(?:版|格式|模板)")}
_ITEM = re.compile(r"第二十条第\s*[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*项")
_AGAINST = re.compile(r"[和与跟同比较对]")
_COMPARED = re.compile(r"不同|区别|差别|差异|不一样|一样吗|变化|变了")


def _named(question: str) -> list[tuple[str, bool]]:
    """(template, compared with) for each template the question names, in order; "和2021版的…" compares."""
    found = [(m.start(), t, bool(_AGAINST.search(question[max(0, m.start() - 6): m.start()])))
             for t, p in _TEMPLATE_SAID.items() for m in [p.search(question)] if m]
    return [(t, against) for _, t, against in sorted(found)]


def templates_named(question: str) -> list[str]:
    """The templates a question asks about, the one it compares with last."""
    return [t for t, _ in sorted(_named(question), key=lambda x: x[1])]


def _rows_asked(question: str, template: str) -> list:
    rows = T2_ROWS[template]
    item = _ITEM.search(question)
    if item:
        return [r for r in rows if T2_ITEMS[r.name] == f"（{item.group(1)}）"]
    named = [r for r in rows if re.search(r.ask, question)]
    return named or list(rows)


def _describe(rows) -> str:
    items: dict[str, list[str]] = {}
    for r in rows:
        items.setdefault(T2_ITEMS[r.name], []).append(f"{r.name}（{'、'.join(r.columns)}）")
    return "；".join(f"第二十条第{item}项：{'，'.join(names)}" for item, names in items.items())


def read_layout(question: str, report_template: str, docs) -> Extract | None:
    """Table 二's rows and columns the question asks about, in the template it names (else the report's), and in
    the other template too when it asks how they differ."""
    named = _named(question)
    first = next((t for t, against in named if not against), report_template)
    named = [first] + [t for t, _ in named if t != first]
    if first not in T2_ROWS:
        return None
    rows = _rows_asked(question, first)
    if not rows:
        return None
    text = f"{TEMPLATE_NAMES[first]}表二{_describe(rows)}"
    other = next((t for t in named[1:] if t != first), None) or \
        (next(t for t in T2_ROWS if t != first) if _COMPARED.search(question) else None)
    if other:
        kept = {r.name.removeprefix("行政") for r in rows}
        theirs = [r for r in T2_ROWS[other] if r.name.removeprefix("行政") in kept]
        missing = sorted(kept - {r.name.removeprefix("行政") for r in theirs})
        text += f"。{TEMPLATE_NAMES[other]}：" + (_describe(theirs) if theirs else "没有这一项")
        if theirs and missing:
            text += f"（没有{'、'.join(missing)}）"
    table = next((d for d in docs if "第二十条" in d.page_content), None)
    if table is None:
        return None  # nothing of the report's own table to cite
    at = table.page_content.find("第二十条")
    return Extract(text, table.page_content[at: at + 120], table.page_content, table.metadata, 1.0)
