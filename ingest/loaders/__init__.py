"""Pick the loader for a file by its content and extension; enforce the size limit."""

from __future__ import annotations

from pathlib import Path

from ingest.config import LoadLimits
from ingest.errors import IngestError
from ingest.models import Document

SUPPORTED = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")


def load(path: Path, limits: LoadLimits | None = None) -> Document:
    limits = limits or LoadLimits()
    path = Path(path)
    ext = path.suffix.lower()
    if ext not in SUPPORTED:
        raise IngestError(path.name, f"不支持的文件类型 {ext or '（无扩展名）'}；支持 {' '.join(SUPPORTED)}")
    size = path.stat().st_size
    if size == 0:
        raise IngestError(path.name, "文件是空的")
    if size > limits.max_file_mb * 1024 * 1024:
        raise IngestError(path.name, f"文件大小 {size / 1048576:.1f} MB 超过上限 {limits.max_file_mb:g} MB")
    if ext == ".pdf":
        from ingest.loaders.pdf import load_pdf

        return load_pdf(path, limits)
    if ext == ".docx":
        from ingest.loaders.docx import load_docx

        return load_docx(path)
    if ext in (".html", ".htm"):
        from ingest.loaders.html import load_html

        return load_html(path)
    from ingest.loaders.text import load_text

    return load_text(path)
