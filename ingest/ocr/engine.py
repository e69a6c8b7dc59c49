"""OCR of scanned pages: a page image in, text boxes with their position and confidence out.

Uses RapidOCR (PP-OCRv4 detection and recognition models shipped inside the
rapidocr-onnxruntime wheel, so it works offline). The engine is built lazily, once per process.
"""

from __future__ import annotations

import os
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DPI = 150  # scans are usually 150-300 dpi; 150 reads report-size print and keeps a page near 10 s
MAX_SIDE_PX = 2000  # larger pages are rendered smaller (RapidOCR would shrink them anyway)
_VERTICAL_RATIO = 1.5  # taller than wide by this much, and taller than a line: vertical text

_engine = None
_engine_lock = threading.Lock()  # onnxruntime sessions are shared; one page at a time per process
_run_lock = threading.Lock()


@dataclass(frozen=True)
class TextBox:
    """One detected line of text, in pixels of the page image."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    confidence: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def width(self) -> float:
        return self.x1 - self.x0


def engine():
    """The RapidOCR engine, built on first use (loading the models takes about a second)."""
    global _engine
    with _engine_lock:
        if _engine is None:
            from rapidocr_onnxruntime import RapidOCR

            # onnxruntime defaults to one thread per core *per session*; more than the cores slows it down.
            threads = max(1, min(2, os.cpu_count() or 1))
            # box_thresh 0.3 (default 0.5): lone "0"s in table cells were missed at 150 dpi.
            _engine = RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, text_score=0.0,
                               det_box_thresh=0.3)
        return _engine


def render_page(pdf_page, dpi: int = DPI):
    """A PDFium page as an RGB numpy array."""
    import numpy as np

    scale = min(dpi / 72, MAX_SIDE_PX / max(pdf_page.get_width(), pdf_page.get_height()))
    image = pdf_page.render(scale=scale).to_pil().convert("RGB")
    return np.asarray(image)


def _without_rules(crop, margin: int = 4):
    """White out table rules caught in a crop, then cut it to the ink with a small margin.

    A cell crop often holds a piece of the cell border; the recogniser then reads "0" as "o"
    or with low confidence. Without the rule it reads the digit with confidence near 1.
    """
    import numpy as np

    crop = crop.copy()
    dark = crop.mean(axis=2) < 128
    crop[:, dark.mean(axis=0) > 0.8] = 255
    crop[dark.mean(axis=1) > 0.8, :] = 255
    ys, xs = np.nonzero(crop.mean(axis=2) < 128)
    if len(xs) == 0:
        return crop
    return crop[max(0, ys.min() - margin) : ys.max() + margin + 1, max(0, xs.min() - margin) : xs.max() + margin + 1]


def _grown(quad, line_height: float) -> tuple[int, int, int, int]:
    """The box's bounds; a speck-sized box (part of a digit) grows to a line's height around its centre."""
    import numpy as np

    (x0, y0), (x1, y1) = quad.min(axis=0), quad.max(axis=0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w, half_h = max(x1 - x0, 0.8 * line_height) / 2, max(y1 - y0, line_height) / 2
    return (int(np.floor(cx - half_w)), int(np.floor(cy - half_h)),
            int(np.ceil(cx + half_w)), int(np.ceil(cy + half_h)))


def _crops(image, quads, line_height: float) -> list:
    """Axis-aligned crops of the detected boxes.

    RapidOCR's own cropping turns every crop taller than 1.5x its width on its side, which makes
    single digits in table cells sideways ("1" reads as "一", "0" with low confidence). Only
    really vertical text (taller than a line) is turned here.
    """
    import numpy as np

    out = []
    for quad in quads:
        x0, y0, x1, y1 = _grown(quad, line_height)
        crop = image[max(0, y0) : max(y0 + 1, y1), max(0, x0) : max(x0 + 1, x1)]
        if crop.shape[1] < 4 * line_height:  # table cells; long lines read better as detected
            crop = _without_rules(crop)
        h, w = crop.shape[:2]
        if h > 1.8 * line_height and h >= _VERTICAL_RATIO * w:
            crop = np.rot90(crop)
        out.append(np.ascontiguousarray(crop))
    return out


def _plain(text: str) -> str:
    """Full-width digits and letters to ASCII (the recogniser mixes both)."""
    return "".join(unicodedata.normalize("NFKC", ch) if "\uff10" <= ch <= "\uff5a" else ch for ch in text).strip()


def read_image(image) -> list[TextBox]:
    """Text boxes of a page image (numpy RGB array), top to bottom, left to right."""
    import numpy as np

    ocr = engine()
    with _run_lock:
        quads, _ = ocr.text_det(image)
        if quads is None or len(quads) == 0:
            return []
        quads = ocr.sorted_boxes(quads)
        heights = [float(q[:, 1].max() - q[:, 1].min()) for q in quads]
        crops = _crops(image, quads, float(np.median(heights)))
        results, _ = ocr.text_rec(crops)
    boxes = []
    for quad, (text, score) in zip(quads, results):
        text = _plain(text)
        if text:
            x0, y0 = quad.min(axis=0)
            x1, y1 = quad.max(axis=0)
            boxes.append(TextBox(float(x0), float(y0), float(x1), float(y1), text, float(score)))
    return boxes


def read_pdf_page(pdf_page, dpi: int = DPI) -> list[TextBox]:
    return read_image(render_page(pdf_page, dpi))


def ocr_seconds_per_page(pdf_path: str | Path, pages: int = 2) -> float:
    """Mean seconds to render and OCR one page of `pdf_path` (its first `pages` pages).

    For `gongkai bench`: engine start-up is not counted, and every page is read by OCR even when
    it has a text layer.
    """
    import pypdfium2 as pdfium

    engine()
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        n = max(1, min(pages, len(pdf)))
        started = time.perf_counter()
        for i in range(n):
            page = pdf[i]
            read_pdf_page(page)
            page.close()
        return (time.perf_counter() - started) / n
    finally:
        pdf.close()
