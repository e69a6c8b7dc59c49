"""Table grids shared by the PDF, Word and web-page loaders: cells, merged cells, logical rows.

A loader turns its table into rows of `Slot`s (a cell, or a position covered by a merged cell to the left
or above); `logical_rows` turns those into `label…, value…` rows, the layout the fact readers understand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")
_CJKISH = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’"


def cell_text(raw: str | None) -> str:
    """Join wrapped lines inside a cell; drop spaces the PDF puts between Chinese characters."""
    if not raw:
        return ""
    text = re.sub(rf"(?<=[{_CJKISH}])\s+|\s+(?=[{_CJKISH}])", "", raw.strip())
    return re.sub(r"\s+", " ", text)


def is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text.strip()))


@dataclass
class Slot:
    text: str
    kind: str  # "cell" | "colspan" | "rowspan"


def value_columns(grid: list[list[Slot]]) -> set[int]:
    """Columns from the first one that holds a number: labels sit left of the figures.

    Blank figure cells (a report that fills only some columns) stay in place that way.
    """
    width = max(len(r) for r in grid)
    for ci in range(width):
        if any(ci < len(r) and r[ci].kind == "cell" and is_number(r[ci].text) for r in grid):
            return set(range(ci, width))
    return set()


@dataclass
class RowBuilder:
    """Turns grid rows into logical rows; `carry` holds the text of the cell covering each column."""

    value_cols: set[int]
    carry: dict[int, str] = field(default_factory=dict)
    seen_data: bool = False

    def _is_data(self, slots: list[Slot]) -> bool:
        values = [s.text for ci, s in enumerate(slots) if ci in self.value_cols and s.kind == "cell"]
        if any(is_number(v) for v in values):
            return True
        # After the first figures, a row of blank figure cells is data too (header rows have words).
        return self.seen_data and all(not v or is_number(v) for v in values)

    def build(self, slots: list[Slot]) -> list[str]:
        is_data = self._is_data(slots)
        self.seen_data = self.seen_data or is_data
        labels: list[str] = []
        values: list[str] = []
        last = ""
        for ci, slot in enumerate(slots):
            text = self._resolve(ci, slot, is_data)
            if ci in self.value_cols:
                if slot.kind == "cell" or (slot.kind == "rowspan" and not is_data):
                    values.append(text)
            elif text and text != last:
                labels.append(text)
            if slot.kind == "cell" or slot.kind == "colspan":
                self.carry[ci] = text if slot.kind == "cell" else last
            last = text or last
        return labels + values

    def _resolve(self, ci: int, slot: Slot, is_data: bool) -> str:
        if slot.kind == "cell":
            return slot.text
        if slot.kind == "rowspan":
            # Labels repeat down a merged block in data rows; header words repeat over value columns.
            fill = is_data != (ci in self.value_cols)
            return self.carry.get(ci, "") if fill else ""
        return ""


def render_row(row: list[str]) -> str:
    return " | ".join(row)


def logical_rows(grid: list[list[Slot]]) -> list[list[str]]:
    """Grid rows (with span markers) to `label…, value…` rows; shared by the DOCX and HTML loaders."""
    builder = RowBuilder(value_columns(grid))
    return [builder.build(r) for r in grid]
