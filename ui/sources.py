"""What the page shows of an answer's sources besides the quoted passage: the table row a figure was read
from (every column's name with its value), how the row was read, and the link that opens the report itself
at the cited place (ui/viewer.py). Read-only: nothing here changes an answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from assistant.models import Answer, Citation

TABLE_NAMES = {"二": "表二", "三": "表三", "四": "表四"}
_NOTE = re.compile(r"（([^（）]*(?:拆分|未读取|空)[^（）]*)）")
_Q_MAX = 240  # characters of a passage carried in a viewer link


@dataclass
class CellRow:
    """One table row of a report, as the answer's figure came from it."""

    report_id: str
    table: str
    row: str
    cells: list[tuple[str, object]]  # (column, value) in the template's order; value None = blank/uncertain
    answered: str  # the column of the figure
    value: object
    certain: bool
    decoding: str  # how the row was read, in words
    source: str  # the row as the report prints it
    page: int | None = None
    extra: dict = field(default_factory=dict)


def row_label(row: str) -> str:
    """A fact's row in the template's words: a sub-row `group-item` shown as “group · item”."""
    return row.replace("-", " · ")


def decoding_words(source: str, page: int | None = None) -> str:
    """How a row was read, for a person: the split of a run of digits, a blank cell, a PDF table."""
    note = _NOTE.search(source or "")
    raw = _NOTE.sub("", source or "").strip()
    run = re.search(r"\d[\d ]{3,}\d", raw)
    if note:
        words = note.group(1)
        if "空" == words.strip():
            return "原表中部分单元格为空，空格不计数。"
        if "拆分" in words:
            words = re.sub(r"拆分为[\d\s?\-.]+", "拆分", words)
            shown = f"“{run.group(0)}”" if run else ""
            return f"表内数字连写{shown}，{words}。".replace("，，", "，")
        return f"{words}。"
    if page:
        return f"从 PDF 第 {page} 页的表格逐格读取。"
    return "按表格各列依次读取。"


def cell_rows(service, answer: Answer) -> list[CellRow]:
    """The rows of the table cells that back the answer's figure (support role "cell"), each with all of its
    columns, from the report the citation names. Rows that cannot be found are left out."""
    out: list[CellRow] = []
    seen: set[tuple] = set()
    cells = [s for s in answer.support or [] if s.get("role") == "cell" and s.get("table") and s.get("row")]
    if not cells:
        return out
    facts_of: dict[str, list] = {}
    for s in cells:
        cite = _citation_of(answer.citations, s)
        if cite is None:
            continue
        key = (cite.report_id, s["table"], s["row"], s.get("column"))
        if key in seen:
            continue
        seen.add(key)
        if cite.report_id not in facts_of:
            try:
                facts_of[cite.report_id] = [f for f, _ in service.facts(cite.report_id)]
            except Exception:  # noqa: BLE001 - a report removed meanwhile: the passage alone is shown
                facts_of[cite.report_id] = []
        row = [f for f in facts_of[cite.report_id] if f.table == s["table"] and f.row == s["row"]]
        if not row:
            continue
        out.append(CellRow(cite.report_id, s["table"], s["row"], [(f.column, f.value) for f in row],
                           s.get("column") or "", s.get("value"), bool(s.get("certain", True)),
                           decoding_words(row[0].source, row[0].page), row[0].source, row[0].page))
    return out


def _citation_of(citations: list[Citation], support: dict) -> Citation | None:
    text = support.get("text") or ""
    for c in citations:
        if text and c.text == text:
            return c
    for c in citations:
        if text and (text in c.text or c.text in text):
            return c
    return citations[0] if citations else None


def viewer_link(c: Citation, figure: str = "", cell: CellRow | None = None) -> str:
    """/view/<report>?… : the viewer opens the report at this citation (page, passage, cell)."""
    params: dict[str, str] = {}
    if c.page:
        params["page"] = str(c.page)
    if cell is not None:
        params.update(t=cell.table, row=cell.row, col=cell.answered)
        params["q"] = raw_row(cell.source)[:_Q_MAX]
    else:
        params["q"] = (c.text or "")[:_Q_MAX]
    if figure:
        params["fig"] = figure[:40]
    return f"/view/{_path_part(c.report_id)}?{urlencode(params)}"


def raw_row(source: str) -> str:
    """The row as printed, without the reading's note in parentheses."""
    return _NOTE.sub("", source or "").strip()


def _path_part(report_id: str) -> str:
    from urllib.parse import quote

    return quote(report_id, safe="")
