"""PDF files: table-aware text extraction with pdfplumber, after a fast sanity check with PDFium.

Tables come out as `TableBlock`s whose rows are `label cell(s)…, value, value…` (merged cells
resolved), and in the text as one `a | b | c` line per row in reading order, so the page text
is never column-by-column soup.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ingest.config import LoadLimits, OcrLimits
from ingest.errors import IngestError
from ingest.loaders.grid import RowBuilder, Slot, cell_text, is_number, render_row, value_columns
from ingest.models import Document, TableBlock

BLANK = "PDF 的页面是空白的：既没有文字，也没有图像"
NOTHING_READ = "PDF 里没有读出任何文字（页面无法解析，扫描页也没有识别出文字）"
PAGE_BREAK = "\f"  # between pages in Document.text; clean_pages() turns it into page offsets
MIN_TEXT_CHARS = 10  # fewer characters than this on a page with an image: a scan (maybe with a stamped number)
ENCRYPTED = "PDF 已加密，无法读取"
NOT_A_PDF = "不是有效的 PDF 文件"

LINE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
TEXT_SETTINGS = {"vertical_strategy": "text", "horizontal_strategy": "text", "min_words_vertical": 3}

_MARKER = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[、.．])")
_PAGE_NO = re.compile(r"^\s*(?:[-—–]\s*\d{1,3}\s*[-—–]|第\s*\d+\s*页.*|\d{1,3})\s*$")


# ---------------------------------------------------------------- checks before parsing


def _check_bytes(path: Path) -> None:
    """Cheap checks that make garbage fail in milliseconds instead of in a lenient parser."""
    with path.open("rb") as fh:
        head = fh.read(1024)
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 4096))
        tail = fh.read()
    if b"%PDF-" not in head:
        raise IngestError(path.name, f"{NOT_A_PDF}（文件开头没有 %PDF 标记）")
    if b"%%EOF" not in tail:
        raise IngestError(path.name, "PDF 文件不完整或已损坏（缺少文件结尾，可能下载中断或文件被截断）")


@dataclass
class PageInfo:
    chars: int  # characters in the text layer
    has_image: bool

    @property
    def scanned(self) -> bool:
        return self.chars < MIN_TEXT_CHARS and self.has_image


def _page_info(page) -> PageInfo:
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    chars = len(textpage.get_text_range().strip())
    textpage.close()
    has_image = chars < MIN_TEXT_CHARS and any(
        True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))
    return PageInfo(chars, has_image)


def _triage(path: Path, max_pages: int) -> list[PageInfo]:
    """Open with PDFium (fast, C): reject encrypted, broken, too long or blank files.

    Returns each page's text-layer size and whether it carries an image (a scan to OCR).
    """
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise IngestError(path.name, ENCRYPTED) from exc
        raise IngestError(path.name, f"{NOT_A_PDF}或文件已损坏") from exc
    try:
        n = len(pdf)
        if n == 0:
            raise IngestError(path.name, "PDF 没有任何页面")
        if n > max_pages:
            raise IngestError(path.name, f"PDF 共 {n} 页，超过上限 {max_pages} 页")
        infos = [_safe_page_info(pdf, i) for i in range(n)]
    finally:
        pdf.close()
    if all(p is None for p in infos):
        raise IngestError(path.name, f"{NOT_A_PDF}或文件已损坏（没有一页能够打开）")
    infos = [p or PageInfo(0, False) for p in infos]  # a broken page: left to the extractor, which warns
    if not any(p.chars or p.has_image for p in infos):
        raise IngestError(path.name, BLANK)
    return infos


def _safe_page_info(pdf, i: int) -> PageInfo | None:
    """The page's PageInfo, or None when PDFium cannot load it (a damaged page object)."""
    import pypdfium2 as pdfium

    try:
        page = pdf[i]
    except pdfium.PdfiumError:
        return None
    try:
        return _page_info(page)
    finally:
        page.close()


# ---------------------------------------------------------------- pdfplumber's grid


def _grid(table) -> list[list[Slot]]:
    """pdfplumber's rows with each None (covered position) marked as colspan or rowspan."""
    grid = []
    for row, texts in zip(table.rows, table.extract()):
        slots, left = [], None
        for bbox, raw in zip(row.cells, texts):
            if bbox is not None:
                slots.append(Slot(cell_text(raw), "cell"))
                left = bbox
            else:
                x_pos = _column_x(table, len(slots))
                spans_here = left is not None and left[2] > x_pos + 1
                slots.append(Slot("", "colspan" if spans_here else "rowspan"))
        grid.append(slots)
    return grid


def _column_x(table, index: int) -> float:
    xs = sorted({c[0] for c in table.cells})
    return xs[index] if index < len(xs) else xs[-1]


# ---------------------------------------------------------------- tables on a page


@dataclass
class PageTable:
    bbox: tuple[float, float, float, float]
    grid: list[list[Slot]]
    page: int


def _keep_object(obj) -> bool:
    """Drop filled boxes without a border: backgrounds behind prose and shaded cells, not rules."""
    if obj.get("object_type") != "rect" or obj.get("stroke"):
        return True
    return min(obj["width"], obj["height"]) <= 2


def _valid(grid: list[list[Slot]]) -> bool:
    if len(grid) < 2 or max(len(r) for r in grid) < 2:
        return False
    return any(s.text for r in grid for s in r[1:])


def _has_rule(horizontals: list[dict], x: float, y: float, tol: float = 3) -> bool:
    return any(abs(h["top"] - y) <= tol and h["x0"] - tol <= x <= h["x1"] + tol for h in horizontals)


def closing_rules(page) -> list[dict]:
    """Rules where a table runs off the page: vertical borders that end with no horizontal one there.

    Without them the last row before a page break (and merged label cells) would not be cells.
    """
    edges = page.edges
    verticals = [e for e in edges if e["orientation"] == "v" and e["height"] > 8]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    open_ends: dict[int, list[float]] = {}
    for v in verticals:
        for y in (v["top"], v["bottom"]):
            if not _has_rule(horizontals, v["x0"], y):
                open_ends.setdefault(round(y), []).append(v["x0"])
    rules = []
    for y, xs in open_ends.items():
        # A lone open end counts when a rule at that height stops short of it (a cut-off top row).
        near = [x for h in horizontals if abs(h["top"] - y) <= 3 for x in (h["x0"], h["x1"])]
        if len(xs) >= 2 or near:
            x0, x1 = min(xs + near), max(xs + near)
            rules.append({"object_type": "line", "x0": x0, "x1": x1, "top": y, "bottom": y,
                          "width": x1 - x0, "height": 0})
    return rules


def _line_tables(page) -> list:
    settings = dict(LINE_SETTINGS, explicit_horizontal_lines=closing_rules(page))
    return page.find_tables(settings)


def _text_tables(page) -> list:
    """Borderless tables: only when most rows of the found table carry several numbers."""
    found = []
    for t in page.find_tables(TEXT_SETTINGS):
        rows = [[cell_text(c) for c in r] for r in t.extract()]
        numeric = sum(1 for r in rows if sum(is_number(c) for c in r) >= 2)
        if len(rows) >= 3 and numeric * 10 >= len(rows) * 6:
            found.append(t)
    return found


def find_page_tables(page) -> list[PageTable]:
    visible = page.filter(_keep_object)
    tables = _line_tables(visible)
    if not tables and not visible.edges:
        tables = _text_tables(visible)
    out = []
    for t in tables:
        grid = _grid(t)
        if _valid(grid):
            out.append(PageTable(tuple(t.bbox), grid, page.page_number))
    return sorted(out, key=lambda pt: pt.bbox[1])


# ---------------------------------------------------------------- text around tables


def _outside(tables: list[PageTable], top: float, bottom: float):
    def keep(obj) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        if not top <= cy < bottom:
            return False
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in (t.bbox for t in tables))

    return keep


def page_blocks(page, tables: list[PageTable]) -> list[tuple[str, object]]:
    """The page as ("text", str) and ("table", PageTable) blocks, top to bottom."""
    blocks: list[tuple[str, object]] = []
    top = 0.0
    for t in tables + [None]:
        bottom = t.bbox[1] if t else page.height + 1
        text = page.filter(_outside(tables, top, bottom)).extract_text() or ""
        if text.strip():
            blocks.append(("text", text))
        if t:
            blocks.append(("table", t))
            top = t.bbox[3]
    return blocks


def _only_page_number(text: str) -> bool:
    return all(_PAGE_NO.match(line) or not line.strip() for line in text.splitlines())


# ---------------------------------------------------------------- assembling the document


@dataclass
class TableAssembler:
    """Builds logical rows; a table that runs over a page break continues the previous block."""

    tables: list[TableBlock] = field(default_factory=list)
    open_builder: RowBuilder | None = None
    open_width: int = 0

    def add(self, pt: PageTable, continues: bool) -> list[list[str]]:
        width = max(len(r) for r in pt.grid)
        if continues and self.open_builder and width == self.open_width:
            rows = self._continue(pt)
        else:
            self.open_builder = RowBuilder(value_columns(pt.grid))
            self.open_width = width
            rows = [self.open_builder.build(r) for r in pt.grid]
            self.tables.append(TableBlock(rows=rows, page=pt.page))
        return rows

    def _continue(self, pt: PageTable) -> list[list[str]]:
        builder = self.open_builder
        block = self.tables[-1]
        first = pt.grid[0]
        for ci, slot in enumerate(first):
            if ci in builder.value_cols or slot.kind != "cell":
                continue
            before = builder.carry.get(ci, "")
            if not slot.text:
                slot.text = before  # the merged label started on the previous page
            elif before and not _MARKER.match(slot.text) and _MARKER.match(before):
                slot.text = before + slot.text  # a label split by the page break
                _replace_label(block.rows, before, slot.text)
        rows = [builder.build(r) for r in pt.grid]
        block.rows.extend(rows)
        return rows

    def close(self) -> None:
        self.open_builder = None


def _replace_label(rows: list[list[str]], fragment: str, full: str) -> None:
    for row in reversed(rows):
        if fragment not in row:
            break
        row[row.index(fragment)] = full


def _page_blocks_or_none(page, warnings: list[str]) -> list | None:
    """One broken page (bad content stream) costs that page, not the whole report."""
    try:
        blocks = page_blocks(page, find_page_tables(page))
    except IngestError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on malformed streams
        warnings.append(f"第 {page.page_number} 页无法解析（{type(exc).__name__}），已跳过")
        return None
    return [b for b in blocks if not (b[0] == "text" and _only_page_number(b[1]))]


def _extract(pdf, path: Path, budget_s: float, warnings: list[str],
             scans: ScanReader | None = None) -> tuple[list[str], list[TableBlock]]:
    started = time.monotonic()
    lines: list[str | list[str]] = []  # table rows stay lists: a page break may still fix their labels
    assembler = TableAssembler()
    pending = False  # the last block on the previous page was a table
    for page in pdf.pages:
        spent = time.monotonic() - started - (scans.seconds if scans else 0.0)  # OCR has its own limit
        if spent > budget_s:
            raise IngestError(path.name, f"PDF 解析超时（超过 {budget_s:g} 秒）")
        if page.page_number > 1:
            lines.append(PAGE_BREAK)
        if scans and page.page_number in scans.pages:
            assembler.close()
            pending = False
            _add_scanned(scans.read(page.page_number), lines, assembler.tables)
            continue
        blocks = _page_blocks_or_none(page, warnings)
        if blocks is None:
            assembler.close()
            pending = False
            continue
        for i, (kind, block) in enumerate(blocks):
            if kind == "text":
                assembler.close()
                lines.append(block)
                continue
            lines.extend(assembler.add(block, continues=pending and i == 0))
        pending = bool(blocks) and blocks[-1][0] == "table"
        page.flush_cache()
    return [line if isinstance(line, str) else render_row(line) for line in lines], assembler.tables


def _add_scanned(blocks: list[tuple[str, object]], lines: list, tables: list[TableBlock]) -> None:
    for kind, block in blocks:
        if kind == "table":
            tables.append(block)
            lines.extend(block.rows)
        elif not _only_page_number(block):
            lines.append(block)


@dataclass
class ScanReader:
    """Reads the scanned pages of one PDF by OCR, within a page and a time limit, reporting progress."""

    path: Path
    pages: list[int]  # 1-based
    limits: OcrLimits
    warnings: list[str]
    seconds: float = 0.0
    _pdf: object = None

    def check_size(self) -> None:
        if len(self.pages) > self.limits.max_pages:
            raise IngestError(self.path.name, f"PDF 有 {len(self.pages)} 页是扫描页，需要 OCR 识别，"
                                              f"超过上限 {self.limits.max_pages} 页")

    def read(self, page_number: int) -> list[tuple[str, object]]:
        from ingest.ocr.engine import read_pdf_page
        from ingest.ocr.layout import layout_page

        done = self.pages.index(page_number)
        if self.seconds > self.limits.time_s:
            raise IngestError(self.path.name,
                              f"OCR 识别超时：{self.seconds:.0f} 秒内识别了 {done}/{len(self.pages)} 页，"
                              f"超过每个文件 {self.limits.time_s:g} 秒的上限")
        sys.stderr.write(f"OCR 第 {done + 1}/{len(self.pages)} 页…（{self.path.name} 第 {page_number} 页）\n")
        sys.stderr.flush()
        t0 = time.monotonic()
        page = self._document()[page_number - 1]
        try:
            result = layout_page(read_pdf_page(page), page_number)
        finally:
            page.close()
            self.seconds += time.monotonic() - t0
        if result.unsure_cells:
            self.warnings.append(f"第 {page_number} 页（扫描页）有 {result.unsure_cells} 个表格数字未能可靠识别"
                                 "（可能识别把握不足、漏识别或原表为空），已留空")
        return result.blocks

    def _document(self):
        import pypdfium2 as pdfium

        if self._pdf is None:
            self._pdf = pdfium.PdfDocument(str(self.path))
        return self._pdf

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None


def _scan_reader(path: Path, infos: list[PageInfo], limits: OcrLimits, warnings: list[str]) -> ScanReader | None:
    pages = [i + 1 for i, p in enumerate(infos) if p.scanned]
    for i, p in enumerate(infos):
        if not p.chars and not p.has_image:
            warnings.append(f"第 {i + 1} 页是空白页")
    if not pages:
        return None
    reader = ScanReader(path, pages, limits, warnings)
    reader.check_size()
    shown = f"第 {'、'.join(map(str, pages))} 页是" if len(pages) < len(infos) else "全部页面均为"
    warnings.append(f"{shown}扫描页，文字由 OCR 识别，可能有误")
    return reader


def load_pdf(path: Path, limits: LoadLimits | None = None) -> Document:
    import pdfplumber
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    path = Path(path)
    _check_bytes(path)
    limits = limits or LoadLimits()
    infos = _triage(path, limits.pdf_max_pages)
    warnings: list[str] = []
    scans = _scan_reader(path, infos, limits.ocr, warnings)
    try:
        with pdfplumber.open(path) as pdf:
            lines, tables = _extract(pdf, path, limits.pdf_time_s, warnings, scans)
    except (PdfminerException, MalformedPDFException) as exc:  # Malformed…: e.g. a page box that is not numbers
        cause = exc.args[0] if exc.args else exc
        if "Password" in type(cause).__name__ or "Encrypt" in type(cause).__name__:
            raise IngestError(path.name, ENCRYPTED) from exc
        raise IngestError(path.name, f"{NOT_A_PDF}或文件已损坏") from exc
    finally:
        if scans:
            scans.close()
    if not any(line.strip() for line in lines):
        raise IngestError(path.name, NOTHING_READ)
    return Document(text="\n".join(lines), tables=tables, pages=len(infos), warnings=warnings,
                    ocr_pages=scans.pages if scans else [])
