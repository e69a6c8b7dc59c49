"""Pick the loader for a file by its content and extension; enforce the size limit."""

from __future__ import annotations

from pathlib import Path

from ingest.config import LoadLimits
from ingest.errors import IngestError
from ingest.models import Document

SUPPORTED = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")


def too_much_text(name: str, limits: LoadLimits) -> IngestError:
    return IngestError(name, f"文件中的文字超过上限 {limits.max_text_chars:,} 字（GONGKAI_MAX_TEXT_CHARS），已拒绝")


def load(path: Path, limits: LoadLimits | None = None) -> Document:
    """The file's text and tables, within the limits: its size, and the text it holds (a loader stops early
    where it can, and every document is checked once more here)."""
    limits = limits or LoadLimits()
    doc = _load(Path(path), limits)
    if len(doc.text) > limits.max_text_chars:
        raise too_much_text(Path(path).name, limits)
    return doc


def _load(path: Path, limits: LoadLimits) -> Document:
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

        return load_docx(path, limits.max_text_chars)
    if ext in (".html", ".htm"):
        from ingest.loaders.html import load_html

        return load_html(path)
    from ingest.loaders.text import load_text

    return load_text(path)
