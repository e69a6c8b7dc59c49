"""A PDF page as an image (pypdfium2) and where a cited passage or table cell sits on it (pdfplumber's
characters and tables), as boxes in fractions of the page, for the source viewer to draw."""

from __future__ import annotations

import io
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

SCALE = 1.6  # about 950 px wide for an A4 page: sharp on a laptop, small enough for a phone
_CACHE_MAX = 24
_cache: OrderedDict[tuple, bytes] = OrderedDict()
_lock = threading.Lock()
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"^-?\d+(?:\.\d+)?$")


@dataclass
class Box:
    x0: float  # fractions of the page's width and height, top-left origin
    top: float
    x1: float
    bottom: float
    strong: bool = False  # the cell or figure itself (a passage's lines are drawn lighter)

    def css(self) -> str:
        return (f"left:{self.x0 * 100:.2f}%;top:{self.top * 100:.2f}%;"
                f"width:{(self.x1 - self.x0) * 100:.2f}%;height:{(self.bottom - self.top) * 100:.2f}%")


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def render_png(path: Path, page: int, version: str) -> bytes:
    """Page `page` (1-based) as a PNG, cached by (file version, page)."""
    key = (version, page)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(pdf):
            raise IndexError(page)
        image = pdf[page - 1].render(scale=SCALE).to_pil()
    finally:
        pdf.close()
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=False)
    data = out.getvalue()
    with _lock:
        _cache[key] = data
        while len(_cache) > _CACHE_MAX:
            _cache.popitem(last=False)
    return data


def _norm(s: str) -> str:
    return _SPACE.sub("", s or "")


def passage_boxes(path: Path, page: int, passage: str, figure: str = "") -> list[Box]:
    """Boxes around the passage's lines on the page (the longest stretch of the page's text that matches it),
    and a strong box around the figure inside it."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        if not 1 <= page <= len(pdf.pages):
            return []
        p = pdf.pages[page - 1]
        chars = [c for c in p.chars if c.get("text", "").strip()]
        width, height = float(p.width), float(p.height)
    target = _norm(passage)
    if not chars or not target:
        return []
    text = "".join(c["text"] for c in chars)
    span = _best_span(text, target)
    if span is None:
        return []
    start, end = span
    boxes = _line_boxes(chars[start:end], width, height)
    if figure:
        at = text.find(_norm(figure), start, end + len(figure))
        if at >= 0:
            boxes += [Box(b.x0, b.top, b.x1, b.bottom, strong=True)
                      for b in _line_boxes(chars[at : at + len(_norm(figure))], width, height, pad=1.5)]
    return boxes


def _best_span(text: str, target: str) -> tuple[int, int] | None:
    """Where on the page the target is: exactly, else the cluster of matching pieces around the longest one."""
    at = text.find(target)
    if at >= 0:
        return at, at + len(target)
    blocks = [b for b in SequenceMatcher(None, text, target, autojunk=False).get_matching_blocks() if b.size >= 3]
    if not blocks:
        return None
    best = max(blocks, key=lambda b: b.size)
    if best.size < min(6, len(target)):
        return None
    # Pieces that sit where the target's own order puts them, near the longest piece.
    near = [b for b in blocks if abs((b.a - best.a) - (b.b - best.b)) <= max(8, len(target) // 4)]
    return min(b.a for b in near), max(b.a + b.size for b in near)


def _line_boxes(chars: list[dict], width: float, height: float, pad: float = 2.0) -> list[Box]:
    lines: list[list[dict]] = []
    for c in sorted(chars, key=lambda c: (round(float(c["top"])), float(c["x0"]))):
        if lines and abs(float(lines[-1][0]["top"]) - float(c["top"])) < 3:
            lines[-1].append(c)
        else:
            lines.append([c])
    out = []
    for line in lines:
        x0 = min(float(c["x0"]) for c in line) - pad
        x1 = max(float(c["x1"]) for c in line) + pad
        top = min(float(c["top"]) for c in line) - pad
        bottom = max(float(c["bottom"]) for c in line) + pad
        out.append(Box(max(0, x0) / width, max(0, top) / height, min(width, x1) / width, min(height, bottom) / height))
    return out


def cell_boxes(path: Path, page: int, row: str, column_index: int, value, columns: int,
               table: str = "") -> tuple[list[Box], bool]:
    """A box around the cell (strong) and its row, found among pdfplumber's tables on the page: the row whose
    label holds the fact's row words, its `column_index`-th number. (boxes, found the cell itself)."""
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        if not 1 <= page <= len(pdf.pages):
            return [], False
        p = pdf.pages[page - 1]
        width, height = float(p.width), float(p.height)
        grid = []
        for t in p.find_tables():
            for r in t.rows:
                cells = [(c, _norm(p.crop(c).extract_text()) if c else "") for c in r.cells]
                grid.append(cells)

    def box(bbox, strong=False, pad=0.0):
        x0, top, x1, bottom = bbox
        return Box((x0 - pad) / width, (top - pad) / height, (x1 + pad) / width, (bottom + pad) / height, strong)

    want = _row_words(row)
    shown = _value_text(value)
    for cells in grid:
        numbers = [(c, t) for c, t in cells if c and _DIGITS.match(t)]
        label = "".join(t for c, t in cells if c and not _DIGITS.match(t))
        if table == "四" and len(numbers) == 15 and not label:
            index = {"行政复议": 0, "行政诉讼-未经复议直接起诉": 5, "行政诉讼-复议后起诉": 10}.get(row)
            if index is not None and column_index < 5:
                c, t = numbers[index + column_index]
                row_box = _union([c for c, _ in numbers[index : index + 5]])
                return [box(row_box), box(c, True, 1.5)], t == shown
        if want and want in label and len(numbers) >= columns:
            c, t = numbers[len(numbers) - columns + column_index]
            row_box = _union([c for c, _ in cells if c])
            return [box(row_box), box(c, True, 1.5)], t == shown
    return [], False


def _row_words(row: str) -> str:
    item = row.split("-")[-1]
    return _norm(re.sub(r"[“”\"（）()、]", "", item))[:6]


def _value_text(value) -> str:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return ""
    return str(int(f)) if f.is_integer() else f"{f:g}"


def _union(bboxes: list) -> tuple[float, float, float, float]:
    return (min(b[0] for b in bboxes), min(b[1] for b in bboxes), max(b[2] for b in bboxes),
            max(b[3] for b in bboxes))
