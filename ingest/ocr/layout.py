"""OCR text boxes of one page → text lines and tables, by position.

Tables are rebuilt from where the boxes sit: the numbers of one table row share a y-centre
(a "band"), the numbers of one column share an x range, and the labels are the words left of
the first column in the same band (wrapped label lines included). Rows come out like the
text-layer loader's: `label cell(s)…, value, value…`.

A figure read with low confidence, or a cell holding something that is not a number, becomes an
empty cell, which the fact readers turn into null: never a guess.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from ingest.models import TableBlock
from ingest.ocr.engine import TextBox

MIN_CELL_CONFIDENCE = 0.8  # digits at or above this were right on all three test scans
MIN_TEXT_CONFIDENCE = 0.5  # below this a box is noise (stamps, specks, rules read as text)

_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?")
# Part headings (the numeral may be misread: 四 → 匹) and numbered paragraphs.
_HEADING = re.compile(
    r"^[一二三四五六七八九十]{1,3}[、.．]|^\S、.{4,30}(?:情况|事项|问题)$|^[（(][一二三四五六七八九十]{1,3}[）)].{0,30}。"
)


def is_number(box: TextBox) -> bool:
    return bool(_NUMBER.fullmatch(box.text))


@dataclass
class Band:
    """One table row: its numbers, its y range and the boxes that fall in it."""

    numbers: list[TextBox]
    top: float = 0.0
    bottom: float = 0.0
    labels: list[TextBox] = field(default_factory=list)
    others: list[TextBox] = field(default_factory=list)  # words among the figures: unreadable cells

    @property
    def cy(self) -> float:
        return statistics.fmean(b.cy for b in self.numbers)


@dataclass
class PageLayout:
    boxes: list[TextBox]
    line_height: float
    left: float
    right: float

    @classmethod
    def of(cls, boxes: list[TextBox]) -> PageLayout:
        height = statistics.median(b.height for b in boxes)
        return cls(boxes, height, min(b.x0 for b in boxes), max(b.x1 for b in boxes))

    def is_vertical(self, box: TextBox) -> bool:
        """Text written top to bottom in a merged cell (e.g. 本年度办理结果)."""
        return box.height > 1.8 * self.line_height and box.height >= 1.5 * box.width

    def is_prose(self, line: list[TextBox]) -> bool:
        """A heading or a paragraph line: what a table never contains."""
        text = "".join(b.text for b in line)
        wide = any(b.width > 0.75 * (self.right - self.left) for b in line)
        return wide or bool(_HEADING.match(text)) or (len(line) == 1 and text.endswith("。"))


# ---------------------------------------------------------------- lines and bands


def group_lines(boxes: list[TextBox], line_height: float) -> list[list[TextBox]]:
    """Boxes whose y-centres are within half a line of each other, each line left to right."""
    lines: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        if lines and abs(box.cy - statistics.fmean(b.cy for b in lines[-1])) <= 0.5 * line_height:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def line_text(line: list[TextBox]) -> str:
    return " ".join(b.text for b in line)


def number_bands(layout: PageLayout) -> list[Band]:
    """Rows of numbers; a lone number with no words beside it (a page number) is not a row."""
    numbers = [b for b in layout.boxes if is_number(b)]
    bands = [Band(line) for line in group_lines(numbers, layout.line_height)]
    kept = []
    for band in bands:
        if len(band.numbers) >= 2 or _has_label_beside(band, layout):
            kept.append(band)
    _set_extents(kept, layout.line_height)
    return kept


def _has_label_beside(band: Band, layout: PageLayout) -> bool:
    first = min(b.x0 for b in band.numbers)
    return any(
        not is_number(b) and b.x1 <= first and abs(b.cy - band.cy) <= 0.5 * layout.line_height
        for b in layout.boxes
    )


def _set_extents(bands: list[Band], line_height: float) -> None:
    """A band reaches halfway to its neighbours, and at most a little over a line either side."""
    for i, band in enumerate(bands):
        gaps = [band.cy - bands[i - 1].cy] if i else []
        gaps += [bands[i + 1].cy - band.cy] if i + 1 < len(bands) else []
        reach = min([g / 2 for g in gaps] + [1.2 * line_height])
        band.top, band.bottom = band.cy - reach, band.cy + reach


# ---------------------------------------------------------------- columns


def columns_of(bands: list[Band], line_height: float) -> list[tuple[float, float]]:
    """The x ranges of the figure columns: cells whose centres lie close together.

    Unreadable cells (words among the figures) count too, so their column is not lost.
    """
    boxes = sorted((b for band in bands for b in band.numbers + band.others), key=lambda b: b.cx)
    groups: list[list[TextBox]] = []
    for box in boxes:
        if groups and box.cx - groups[-1][-1].cx <= 0.8 * line_height:
            groups[-1].append(box)
        else:
            groups.append([box])
    return [(min(b.x0 for b in g), max(b.x1 for b in g)) for g in groups]


def _column_index(box: TextBox, columns: list[tuple[float, float]], slack: float) -> int | None:
    for i, (x0, x1) in enumerate(columns):
        if x0 - slack <= box.cx <= x1 + slack:
            return i
    return None


def cell_values(band: Band, columns: list[tuple[float, float]], slack: float) -> list[str]:
    """The band's figures by column; blank where nothing was read, or not read with certainty."""
    cells: list[list[TextBox]] = [[] for _ in columns]
    for box in band.numbers + band.others:
        i = _column_index(box, columns, slack)
        if i is not None:
            cells[i].append(box)
    out = []
    for found in cells:
        sure = len(found) == 1 and is_number(found[0]) and found[0].confidence >= MIN_CELL_CONFIDENCE
        out.append(found[0].text.replace(",", "") if sure else "")
    return out


def label_cells(labels: list[TextBox], line_height: float) -> list[str]:
    """Words left of the figures: boxes starting at about the same x form one cell (wrapped lines)."""
    cells: list[list[TextBox]] = []
    for box in sorted(labels, key=lambda b: b.x0):
        if cells and box.x0 - cells[-1][0].x0 <= 1.5 * line_height:
            cells[-1].append(box)
        else:
            cells.append([box])
    return ["".join(b.text for b in sorted(cell, key=lambda b: b.cy)) for cell in cells]


# ---------------------------------------------------------------- tables


@dataclass
class OcrTable:
    bands: list[Band]
    header: list[list[TextBox]] = field(default_factory=list)  # lines above the first band
    inner: list[list[TextBox]] = field(default_factory=list)  # header lines between bands

    @property
    def top(self) -> float:
        return min([self.bands[0].top] + [b.y0 for line in self.header for b in line])


def _between(lines: list[list[TextBox]], top: float, bottom: float) -> list[list[TextBox]]:
    return [line for line in lines if top < statistics.fmean(b.cy for b in line) < bottom]


def split_tables(bands: list[Band], free_lines: list[list[TextBox]], layout: PageLayout) -> list[OcrTable]:
    """Consecutive bands form one table unless a heading or a paragraph line sits between them."""
    tables: list[OcrTable] = []
    for band in bands:
        if tables:
            gap = _between(free_lines, tables[-1].bands[-1].bottom, band.top)
            if not any(layout.is_prose(line) for line in gap):
                tables[-1].bands.append(band)
                tables[-1].inner.extend(gap)
                continue
        tables.append(OcrTable([band]))
    return tables


def attach_header(table: OcrTable, free_lines: list[list[TextBox]], layout: PageLayout) -> None:
    """Column headings: the non-prose lines right above the first row (at most ten lines up)."""
    above = [line for line in free_lines if statistics.fmean(b.cy for b in line) < table.bands[0].top]
    limit = table.bands[0].top - 10 * layout.line_height
    for line in reversed(above):
        if layout.is_prose(line) or statistics.fmean(b.cy for b in line) < limit:
            break
        table.header.insert(0, line)


def _segments(table: OcrTable) -> list[list[Band]]:
    """Runs of bands with no header line between them: each run has its own columns."""
    runs: list[list[Band]] = [[table.bands[0]]]
    for band in table.bands[1:]:
        if _between(table.inner, runs[-1][-1].bottom, band.top):
            runs.append([band])
        else:
            runs[-1].append(band)
    return runs


def table_rows(table: OcrTable, layout: PageLayout) -> tuple[list[list[str]], int]:
    """Rows top to bottom (heading lines as cells of words); also how many figures were unsure."""
    items: list[tuple[float, list[str]]] = [(line[0].cy, [b.text for b in line]) for line in table.header + table.inner]
    unsure = 0  # blank cells: unreadable, or missed by the detector (a scan cannot tell a blank apart)
    slack = 0.5 * layout.line_height
    for run in _segments(table):
        columns = columns_of(run, layout.line_height)
        value_left = columns[0][0] - slack
        for band in run:
            values = cell_values(band, columns, slack)
            unsure += sum(1 for v in values if not v)
            labels = label_cells([b for b in band.labels if b.cx < value_left], layout.line_height)
            items.append((band.cy, labels + values))
    return [row for _, row in sorted(items, key=lambda it: it[0])], unsure


# ---------------------------------------------------------------- the page


@dataclass
class OcrPage:
    blocks: list[tuple[str, object]]  # ("text", str) | ("table", TableBlock), top to bottom
    unsure_cells: int = 0


def _assign(bands: list[Band], boxes: list[TextBox], layout: PageLayout) -> list[TextBox]:
    """Put words into the band they sit in; return the boxes that belong to no band."""
    free = []
    for box in boxes:
        if is_number(box) and any(box in band.numbers for band in bands):
            continue
        band = next((bd for bd in bands if bd.top <= box.cy <= bd.bottom), None)
        if band is None or layout.is_vertical(box):
            free.append(box)
        elif is_number(box) or box.cx >= min(b.x0 for b in band.numbers):
            band.others.append(box)
        else:
            band.labels.append(box)
    return free


def layout_page(boxes: list[TextBox], page: int) -> OcrPage:
    """Text lines and tables of one page, in reading order."""
    boxes = [b for b in boxes if b.confidence >= MIN_TEXT_CONFIDENCE or is_number(b)]
    if not boxes:
        return OcrPage([])
    layout = PageLayout.of(boxes)
    bands = number_bands(layout)
    free = _assign(bands, boxes, layout)
    lines = group_lines([b for b in free if not layout.is_vertical(b)], layout.line_height)
    tables = split_tables(bands, lines, layout)
    for table in tables:
        attach_header(table, lines, layout)
    return _blocks(lines, tables, layout, page)


def _blocks(lines: list[list[TextBox]], tables: list[OcrTable], layout: PageLayout, page: int) -> OcrPage:
    items: list[tuple[float, str, object]] = []
    used = {id(line) for t in tables for line in t.header + t.inner}
    for line in lines:
        if id(line) not in used:
            items.append((statistics.fmean(b.cy for b in line), "text", line_text(line)))
    unsure = 0
    for table in tables:
        rows, n = table_rows(table, layout)
        unsure += n
        items.append((table.top, "table", TableBlock(rows=rows, page=page)))
    items.sort(key=lambda it: it[0])
    blocks: list[tuple[str, object]] = []
    for _, kind, block in items:
        if kind == "text" and blocks and blocks[-1][0] == "text":
            blocks[-1] = ("text", f"{blocks[-1][1]}\n{block}")
        else:
            blocks.append((kind, block))
    return OcrPage(blocks, unsure)
