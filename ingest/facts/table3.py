"""Read table 三 (收到和处理政府信息公开申请情况) from text.

Two readers, because the layouts fail in different ways:
- by order: every line that ends in seven numbers is a row, in template order. Robust to
  labels that PDF or Markdown conversion tore away from their numbers; used when the count of
  such lines is exactly the template's row count.
- by label: find each row's label in order and read the numbers that follow it, including
  digit runs with no separators (decoded with the row sum, then with the column relations and
  the prose's statements of cells: `solve.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.facts.prose import Statement
from ingest.facts.relations import t3_relations
from ingest.facts.rows import RowRead, line_cells, read_sum_row, row_from_cells, trailing_values
from ingest.facts.solve import solve_rows
from ingest.facts.template import T3_COLUMNS, RowSpec, t3_rows

WIDTH = 7
_NEXT_LINE_STARTS_ROW = re.compile(r"\n\s*(?:[（(][一二三四五六七八九十]|[一二三四五六七八九十]\s*、|\d\s*[.、．])")
_LABEL_CHAR = re.compile(r"[^\d|\n]")


def split_other(region: str) -> bool:
    return bool(re.search(r"逾\s*期\s*不\s*补\s*正|收\s*费\s*通\s*知|缴\s*纳\s*费\s*用", region))


def rows_by_order(region: str) -> list[RowRead] | None:
    """Lines ending in exactly seven numbers; None when any line has a partial row."""
    rows: list[RowRead] = []
    for line in region.split("\n"):
        pipes = "|" in line
        run = trailing_values(line_cells(line), pipes)
        if not run:
            continue
        if len(run) != WIDTH:
            return None
        rows.append(row_from_cells(run, WIDTH))
    return rows


def _label_end(region: str, pos: int) -> int:
    """Labels run over wrapped lines until the numbers start or the next row's label begins."""
    while pos < len(region):
        ch = region[pos]
        if ch == "\n":
            if _NEXT_LINE_STARTS_ROW.match(region, pos):
                return pos
        elif not _LABEL_CHAR.match(ch):
            return pos
        pos += 1
    return pos


def _label_start(region: str, start: int) -> int:
    back = re.search(r"\d\s*[.、．]\s*$", region[max(0, start - 6) : start])
    return start - len(back.group(0)) if back else start


def find_labels(region: str, specs: list[RowSpec]) -> dict[str, tuple[int, int]]:
    found: dict[str, tuple[int, int]] = {}
    pos = 0
    for spec in specs:
        m = spec.key.search(region, pos)
        if not m:
            continue
        found[spec.name] = (_label_start(region, m.start()), _label_end(region, m.end()))
        pos = m.end()
    return found


def rows_by_label(region: str, specs: list[RowSpec]) -> dict[str, RowRead | None]:
    spans = find_labels(region, specs)
    names = [s.name for s in specs if s.name in spans]
    reads: dict[str, RowRead | None] = {}
    for i, name in enumerate(names):
        end = spans[name][1]
        stop = spans[names[i + 1]][0] if i + 1 < len(names) else len(region)
        reads[name] = read_sum_row(region[end:stop], WIDTH) if stop > end else None
    return reads


def _cross_checked(specs: list[RowSpec], ordered: list[RowRead], by_label: dict[str, RowRead | None]):
    """Rows by order, except where the row found by its label reads differently: then unsure."""
    reads: dict[str, RowRead | None] = {}
    for spec, row in zip(specs, ordered, strict=True):
        other = by_label.get(spec.name)
        if other is not None and other.complete and other.values != row.values:
            row = RowRead([None] * WIDTH, row.shown, f"按行序与按标签读出的数字不一致（{other.shown}）")
        reads[spec.name] = row
    return reads


def read_table3(region: str, statements: Sequence[Statement] = ()):
    """(row specs, row reads, prose statements no reading of the table allows)."""
    specs = t3_rows(split_other(region))
    ordered = rows_by_order(region)
    reads = rows_by_label(region, specs)
    if ordered is not None and len(ordered) == len(specs):
        return specs, _cross_checked(specs, ordered, reads), []
    solved = solve_rows("三", T3_COLUMNS, reads, t3_relations(s.name for s in specs), list(statements))
    return specs, reads, solved.conflicts
