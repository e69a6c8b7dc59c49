"""Pick the loader for a file by its content and extension; enforce the size limit."""

from __future__ import annotations

from pathlib import Path

from .errors import IngestError
from .models import Document
from .ocr import OcrLimits

SUPPORTED = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")


def load(path: Path, max_file_mb: float, max_pages: int = 300, ocr: OcrLimits | None = None) -> Document:
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        raise IngestError(path.name, f"不支持的文件类型 {ext or '（无扩展名）'}；支持 {' '.join(SUPPORTED)}")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path.name, "文件是空的")
    if size > max_file_mb * 1024 * 1024:
        raise IngestError(path.name, f"文件大小 {size / 1048576:.1f} MB 超过上限 {max_file_mb:g} MB")
    if ext == ".pdf":
        from .load_pdf import load_pdf

        return load_pdf(path, max_pages=max_pages, ocr=ocr)
    if ext == ".docx":
        from .load_docx import load_docx

        return load_docx(path)
    if ext in (".html", ".htm"):
        from .load_html import load_html

        return load_html(path)
    from .load_text import load_text

    return load_text(path)
