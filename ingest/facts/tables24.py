"""Read table 二 (主动公开) and table 四 (行政复议、行政诉讼) from text."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.facts.digits import group_candidates
from ingest.facts.prose import Statement
from ingest.facts.relations import t4_relations
from ingest.facts.rows import (
    MISMATCH,
    RowRead,
    decoded_row,
    is_value_cell,
    line_cells,
    parse_number,
    read_plain_row,
)
from ingest.facts.solve import settle, solve, solve_rows
from ingest.facts.template import T4_COLUMNS, T4_ROWS, T2Spec

T4_WIDTH = 15
_TRAILING_DIGITS = re.compile(r"\d[\d \t]*$")
_LABEL_TAIL = re.compile(r"[^\d|\n]*")


def read_table2(region: str, specs: list[T2Spec], statements: Sequence[Statement] = ()):
    """Each row: the first occurrence of its label that is followed by numbers. No sums: a row whose
    digits split several ways keeps only what the prose's statements of its cells settle.
    Returns (row reads, prose statements no reading allows)."""
    reads: dict[str, RowRead | None] = {}
    for spec in specs:
        reads[spec.name] = None
        for m in spec.key.finditer(region):
            tail = _LABEL_TAIL.match(region, m.end())
            if tail.group(0).strip(" |"):
                continue  # a header word, not the row label
            signed = spec.columns.index("本年增/减") if "本年增/减" in spec.columns else None
            read = read_plain_row(region[tail.end() :], len(spec.columns), signed)
            if read is not None:
                reads[spec.name] = read
                break
    solved = solve_rows("二", {s.name: s.columns for s in specs}, reads, (), statements, how="按位数")
    return reads, solved.conflicts


def _t4_tokens(region: str) -> list[str]:
    """The numbers of table 四 in order: numeric pipe rows, or digits that end a line."""
    tokens: list[str] = []
    for line in region.split("\n"):
        line = line.strip()
        if "|" in line:
            cells = line_cells(line)
            if any(cells) and all(is_value_cell(c) for c in cells):
                tokens.extend(cells)
            continue
        m = _TRAILING_DIGITS.search(line)
        if m:
            tokens.extend(m.group(0).split())
    return tokens


def read_table4(region: str, statements: Sequence[Statement] = ()) -> tuple[RowRead | None, list[Statement]]:
    """All 15 numbers of table 四 (three groups of 结果维持, 结果纠正, 其他结果, 尚未审结, 总计), and the
    prose statements no reading allows. A run that splits several ways keeps what the prose settles."""
    read = _read_table4(region)
    if read is None or read.complete or len(read.candidates) < 2:
        return read, []

    def locate(cell):
        table, row, col = cell
        if table != "四" or row not in T4_ROWS or col not in T4_COLUMNS:
            return None
        return "四", T4_ROWS.index(row) * len(T4_COLUMNS) + T4_COLUMNS.index(col)

    solved = solve({"四": read.candidates}, locate, t4_relations(), statements)
    settle(read, solved.values["四"], ["按合计关系", *solved.narrowed.get("四", [])])
    return read, solved.conflicts


def _read_table4(region: str) -> RowRead | None:
    tokens = _t4_tokens(region)
    if not any(tokens):
        return None
    if len(tokens) == T4_WIDTH and all(is_value_cell(t) for t in tokens):
        return RowRead([parse_number(t) for t in tokens], " ".join(t or "（空）" for t in tokens))
    if len(tokens) > T4_WIDTH or not all(tokens):
        return RowRead([None] * T4_WIDTH, " ".join(t or "（空）" for t in tokens), MISMATCH)
    raw = " ".join(tokens)
    return decoded_row(raw, group_candidates(raw), T4_WIDTH)
