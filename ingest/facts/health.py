"""A report's table health: how many of its table cells are certain, and how many of the template's
sums (`relations.py`) can be checked and balance. Shown by `gongkai reports --json` and the audit.

- cells_total: the cells of tables 二, 三 and 四 the report's template has (facts), cells_certain those
  with a value, cells_unsure the null ones that were printed but could not be read with certainty
  (the rest of the nulls are cells the report left blank).
- sums_checked: the relations whose cells are all known (or whose known cells already overflow),
  sums_balanced: those that hold.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ingest.facts.relations import t3_relations, t4_relations
from ingest.facts.rows import MISMATCH, UNSURE
from ingest.models import Fact

_UNSURE_NOTES = (UNSURE, MISMATCH, "无法按合计", "未能读取", "不一致")


@dataclass(frozen=True)
class TableHealth:
    cells_total: int = 0
    cells_certain: int = 0
    cells_unsure: int = 0
    sums_checked: int = 0
    sums_balanced: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        """One line in Chinese: “可确认单元格 198/200，合计关系 60/60 成立”."""
        share = f"（{self.cells_certain / self.cells_total:.0%}）" if self.cells_total else ""
        unsure = f"，{self.cells_unsure} 个无法唯一确定" if self.cells_unsure else ""
        return (f"可确认单元格 {self.cells_certain}/{self.cells_total}{share}{unsure}；"
                f"可核对的合计关系 {self.sums_checked} 条，成立 {self.sums_balanced} 条")


def table_health(facts: list[Fact]) -> TableHealth:
    value = {(f.table, f.row, f.column): f.value for f in facts}
    certain = sum(f.value is not None for f in facts)
    unsure = sum(f.value is None and any(n in f.source for n in _UNSURE_NOTES) for f in facts)
    t3_rows = list(dict.fromkeys(f.row for f in facts if f.table == "三"))
    relations = t3_relations(t3_rows) if t3_rows else []
    if any(f.table == "四" for f in facts):
        relations += t4_relations()
    results = [rel.holds(value.get) for rel in relations]
    checked = [r for r in results if r is not None]
    return TableHealth(len(facts), certain, unsure, len(checked), sum(checked))
