"""Uploaded report files (REST and the staff page): check the content, store, ingest.

A client's file name is never used as a path: the bytes are stored under a name derived
from their hash, and the original name is only handed to ingest as the report's file name.
"""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path, PurePosixPath

from assistant.service import Gongkai
from ingest.config import Config
from ingest.errors import GongkaiError
from ingest.models import IngestResult

TEXT_TYPES = (".txt", ".md", ".html", ".htm")
SUPPORTED = (".pdf", ".docx", *TEXT_TYPES)


class UploadError(GongkaiError):
    """A file refused before ingest (type, content, size); `status` is the HTTP status to use."""

    def __init__(self, message: str, status: int = 400, code: str = "bad_upload"):
        super().__init__(message)
        self.status = status
        self.code = code


def clean_name(name: str | None) -> str:
    """The base name only, without folders or control characters (shown to people, never a path)."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    return base[:120] or "upload.txt"


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data[:4096]:
        return False
    for enc in ("utf-8-sig", "gb18030"):
        try:
            data.decode(enc)
            return True
        except UnicodeDecodeError:
            continue
    return False


def check_content(name: str, data: bytes, max_mb: float) -> str:
    """Return the file's extension if its bytes match it; raise UploadError otherwise."""
    ext = PurePosixPath(name).suffix.lower()
    if ext not in SUPPORTED:
        raise UploadError(f"{name}：不支持的文件类型 {ext or '（无扩展名）'}；支持 {' '.join(SUPPORTED)}", 415,
                          "unsupported_type")
    if not data:
        raise UploadError(f"{name}：文件是空的")
    if len(data) > max_mb * 1048576:
        raise UploadError(f"{name}：文件大小 {len(data) / 1048576:.1f} MB 超过上限 {max_mb:g} MB", 413,
                          "too_large")
    ok = {".pdf": lambda d: d.startswith(b"%PDF"),
          ".docx": lambda d: d.startswith(b"PK\x03\x04")}.get(ext, _looks_like_text)(data)
    if not ok:
        raise UploadError(f"{name}：文件内容与扩展名 {ext} 不符", 415, "content_mismatch")
    return ext


def store_upload(config: Config, name: str, data: bytes) -> Path:
    """Write the bytes under data_dir/uploads with a generated name; return that path."""
    ext = check_content(name, data, config.max_file_mb)
    folder = Path(config.data_dir) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha256(data).hexdigest()[:32] + ext)
    if not path.exists():
        tmp = path.with_suffix(ext + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    return path


def ingest_upload(service: Gongkai, config: Config, name: str | None, data: bytes) -> IngestResult:
    """Check, store and ingest one uploaded file under its original base name."""
    original = clean_name(name)
    path = store_upload(config, original, data)
    result = service.ingest([path], names={path: original})[0]
    if result.status == "failed":
        path.unlink(missing_ok=True)
    return result

