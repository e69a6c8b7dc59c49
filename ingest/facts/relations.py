"""The template's own sums, defined once: the decoder solves with them, the audit checks them and the
table-health figure counts them.

Every relation says: the cells on the left add up to the cells on the right.
- 表三列勾稽 (per column): 本年新收 + 上年结转 = 办理结果总计 + 结转下年度.
- 表三办理结果合计 (per column): the result rows (予以公开 … 其他处理) add up to 总计.
- 表三申请人合计 (per row): the six applicant columns add up to the row's 总计.
- 表四合计 (per group): 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计.
Table 二 has no sums (its rows are independent counts).

A relation is evaluated over cells that may be unknown (None: blank, or not read with certainty).
Counts are never negative, so an unknown cell can only add: `holds` says False only when the known
cells already contradict the relation, None when it cannot tell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ingest.facts.template import (
    T3_CARRIED,
    T3_COLUMNS,
    T3_NEW,
    T3_NEXT,
    T3_NON_RESULT,
    T3_TOTAL,
    T4_COLUMNS,
    T4_ROWS,
)

Cell = tuple[str, str, str]  # (table, row, column)
Value = int | float | None

FLOW = "表三列勾稽：本年新收+上年结转=办理结果总计+结转下年度"
RESULTS = "表三办理结果合计：各项办理结果之和=总计"
APPLICANTS = "表三申请人合计：六类申请人之和=总计"
GROUPS = "表四合计：结果维持+结果纠正+其他结果+尚未审结=总计"


@dataclass(frozen=True)
class Relation:
    rule: str  # the audit's rule, in Chinese
    what: str  # which column, row or group: "自然人列", "“予以公开”行"
    left: tuple[Cell, ...]
    right: tuple[Cell, ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return self.left + self.right

    def holds(self, value: Callable[[Cell], Value]) -> bool | None:
        """True/False when every cell is known; False also when the known cells already overflow."""
        sides = []
        for side in (self.left, self.right):
            values = [value(c) for c in side]
            known = [v for v in values if v is not None]
            sides.append((sum(known), len(values) - len(known)))
        (left, left_open), (right, right_open) = sides
        if not left_open and not right_open:
            return abs(left - right) < 1e-6
        if not right_open and left > right + 1e-6:
            return False
        if not left_open and right > left + 1e-6:
            return False
        return None


def t3_relations(rows: Iterable[str]) -> list[Relation]:
    """Table 三's relations over the rows the report's template has (in template order)."""
    rows = list(rows)
    present = set(rows)
    out: list[Relation] = []
    if {T3_NEW, T3_CARRIED, T3_TOTAL, T3_NEXT} <= present:
        for col in T3_COLUMNS:
            out.append(Relation(FLOW, f"{col}列", (("三", T3_NEW, col), ("三", T3_CARRIED, col)),
                                (("三", T3_TOTAL, col), ("三", T3_NEXT, col))))
    results = [r for r in rows if r not in T3_NON_RESULT]
    if T3_TOTAL in present and results:
        for col in T3_COLUMNS:
            out.append(Relation(RESULTS, f"{col}列", tuple(("三", r, col) for r in results), (("三", T3_TOTAL, col),)))
    for row in rows:
        out.append(Relation(APPLICANTS, f"“{row}”行", tuple(("三", row, c) for c in T3_COLUMNS[:-1]),
                            (("三", row, "总计"),)))
    return out


def t4_relations() -> list[Relation]:
    return [Relation(GROUPS, f"“{row}”", tuple(("四", row, c) for c in T4_COLUMNS[:-1]), (("四", row, "总计"),))
            for row in T4_ROWS]
