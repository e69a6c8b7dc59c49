"""Table cells of an annual report as facts: tables 二, 三 and 四, named in the template's words.

`extract_facts` reads the cleaned text and, for PDFs and other table-aware loaders, the
TableBlocks rendered as pipe lines; for each table it keeps whichever reading has more cells.
A cell that is blank or cannot be read with certainty has value None: never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.facts.prose import Statement, statements
from ingest.facts.regions import prose_only, t2_span, t3_span, t4_span
from ingest.facts.rows import MISMATCH, UNSURE, RowRead
from ingest.facts.table3 import read_table3, split_other
from ingest.facts.tables24 import read_table2, read_table4
from ingest.facts.template import (
    SECTION_TITLES,
    T2_ROWS_2019,
    T2_ROWS_2021,
    T3_COLUMNS,
    T4_COLUMNS,
    T4_ROWS,
    RowSpec,
    T2Spec,
    t3_rows,
)
from ingest.models import Check, Fact, TableBlock

__all__ = ["extract", "extract_facts", "detect_template", "fact_sentences", "Extraction"]

_T4_LABELS = ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
# A table cell holding only a dash or a slash: the office's way of leaving it blank.
_PLACEHOLDER = re.compile(r"(?<=\|)[ \t]*[-—–－―/／\\]+[ \t]*(?=\||$)", re.M)


def blank_placeholders(text: str) -> str:
    """"| 26 | / | — | 26" reads as "| 26 |  |  | 26": blank cells, not the end of the row."""
    return _PLACEHOLDER.sub(" ", text)


def detect_template(text: str) -> str:
    """2021 (国办公开办函〔2021〕30号) or 2019 (〔2019〕60号), by the table words, then by citation."""
    if re.search(r"本\s*年\s*制\s*发\s*件\s*数", text):
        return "2021"
    if re.search(r"本\s*年\s*新\s*制\s*作\s*数\s*量|本\s*年\s*新\s*公\s*开\s*数\s*量", text):
        return "2019"
    if re.search(r"〔\s*2021\s*〕\s*30\s*号", text):
        return "2021"
    if re.search(r"〔\s*2019\s*〕\s*60\s*号", text):
        return "2019"
    span = t3_span(text)
    if span and split_other(text[span[0] : span[1]]):
        return "2021"
    return "unknown"


def tables_text(tables: list[TableBlock]) -> str:
    """TableBlocks as one pipe line per row, the layout the text readers understand."""
    return "\n".join(" | ".join(c or "" for c in row) for block in tables for row in block.rows)


def _source(label: str, read: RowRead | None) -> str:
    if read is None:
        return f"{label}（未能读取该行数字）"
    note = f"（{read.note}）" if read.note else ""
    return f"{label} {read.shown}{note}"


def _row_facts(report_id: str, table: str, row: str, columns, read: RowRead | None, source: str) -> list[Fact]:
    values = read.values if read is not None else [None] * len(columns)
    return [Fact(report_id, table, row, col, val, source) for col, val in zip(columns, values, strict=True)]


def _filled(facts: list[Fact]) -> int:
    return sum(f.value is not None for f in facts)


Read = tuple[list[Fact], list[Statement]]  # a table's facts, and the prose statements no reading allows


def table2_facts(text: str, template: str, report_id: str, statements: Sequence[Statement] = ()) -> Read:
    span = t2_span(text)
    if not span:
        return [], []
    specs: list[T2Spec] = T2_ROWS_2019 if template == "2019" else T2_ROWS_2021
    reads, conflicts = read_table2(text[span[0] : span[1]], specs, statements)
    if not any(reads.values()):
        return [], []
    facts: list[Fact] = []
    for spec in specs:
        read = reads[spec.name]
        facts += _row_facts(report_id, "二", spec.name, spec.columns, read, _source(spec.name, read))
    return facts, conflicts


def table3_facts(text: str, report_id: str, statements: Sequence[Statement] = ()) -> Read:
    span = t3_span(text)
    if not span:
        return [], []
    specs, reads, conflicts = read_table3(text[span[0] : span[1]], statements)
    if not any(reads.values()):
        return [], []
    facts: list[Fact] = []
    spec: RowSpec
    for spec in specs:
        read = reads.get(spec.name)
        facts += _row_facts(report_id, "三", spec.name, T3_COLUMNS, read, _source(spec.label, read))
    return facts, conflicts


def table4_facts(text: str, report_id: str, statements: Sequence[Statement] = ()) -> Read:
    span = t4_span(text)
    if not span:
        return [], []
    read, conflicts = read_table4(text[span[0] : span[1]], statements)
    if read is None:
        return [], []
    facts: list[Fact] = []
    for i, (row, label) in enumerate(zip(T4_ROWS, _T4_LABELS, strict=True)):
        part = RowRead(read.values[i * 5 : i * 5 + 5], _group_shown(read, i), read.note)
        facts += _row_facts(report_id, "四", row, T4_COLUMNS, part, _source(label, part))
    return facts, conflicts


def _group_shown(read: RowRead, group: int) -> str:
    """A group's five cells when they were separate; the whole run when they had to be split."""
    if read.note:
        return read.shown
    cells = read.shown.split(" ")
    return " ".join(cells[group * 5 : group * 5 + 5]) if len(cells) == 15 else read.shown


def _best(*readings: Read) -> Read:
    """The reading with the most cells; the first on a tie (text before tables)."""
    return max(readings, key=lambda r: _filled(r[0]))


@dataclass
class Extraction:
    template: str
    facts: list[Fact]
    conflicts: list[Statement]  # prose figures that no reading of their table allows

    def findings(self) -> list[Check]:
        """The conflicts as audit checks (the audit itself compares prose with certain cells only)."""
        out, seen = [], set()
        for st in self.conflicts:
            if (st.rule, st.quote) not in seen:
                seen.add((st.rule, st.quote))
                out.append(Check(st.rule, False, f"正文“{st.quote}”为{st.value}，"
                                 f"{'或'.join(st.labels)}的任何一种读法都不是这个数（表中这些数字连在一起，无法确认）"))
        return out


def extract(text: str, tables: list[TableBlock], report_id: str) -> Extraction:
    """Tables 二, 三 and 四 as facts, decoded with their sums and with what the prose says about their cells."""
    text = blank_placeholders(text)
    alt = blank_placeholders(tables_text(tables)) if tables else ""
    template = detect_template(f"{text}\n{alt}")
    span = t3_span(text)
    rows = [s.name for s in t3_rows(split_other(text[span[0] : span[1]]) if span else True)]
    said = statements(prose_only(text), template, rows)
    t2 = _best(table2_facts(text, template, report_id, said), table2_facts(alt, template, report_id, said))
    t3 = _best(table3_facts(text, report_id, said), table3_facts(alt, report_id, said))
    t4 = _best(table4_facts(text, report_id, said), table4_facts(alt, report_id, said))
    return Extraction(template, t2[0] + t3[0] + t4[0], t2[1] + t3[1] + t4[1])


def extract_facts(text: str, tables: list[TableBlock], report_id: str) -> tuple[str, list[Fact]]:
    done = extract(text, tables, report_id)
    return done.template, done.facts


# ---------------------------------------------------------------- sentences for retrieval


def _unit(column: str) -> str:
    if column == "本年收费金额":
        return "万元"
    if column == "采购总金额":
        return "元"
    if "项目数量" in column or column == "本年增/减":
        return "项"
    return "件"


def _format(value: float | int | None, column: str, unsure: bool) -> str:
    if value is None:
        return "无法确认" if unsure else "未填写"
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{text}{_unit(column)}"


def _row_title(row: str) -> str:
    group, _, item = row.partition("-")
    return f"{group}（{item}）" if item else group


def fact_sentences(facts: list[Fact]) -> list[tuple[str, str]]:
    """One sentence per (table, row): `本年新收政府信息公开申请数量：自然人0件，…，总计0件`."""
    grouped: dict[tuple[str, str], list[Fact]] = {}
    for fact in facts:
        grouped.setdefault((fact.table, fact.row), []).append(fact)
    out: list[tuple[str, str]] = []
    for (table, row), cells in grouped.items():
        unsure = any(m in c.source for c in cells for m in (UNSURE, MISMATCH, "无法按合计"))
        parts = [f"{c.column}{_format(c.value, c.column, unsure)}" for c in cells]
        out.append((SECTION_TITLES.get(table, table), f"{_row_title(row)}：{'，'.join(parts)}"))
    return out
