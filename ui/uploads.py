"""Uploaded report files (REST and the staff page): check the content, store, ingest.

A client's file name is never used as a path: the bytes are streamed to a temporary file under
data_dir/uploads (the size cap enforced while they arrive, nothing held in memory), checked, and
stored under a name derived from their hash; the original name is only handed to ingest as the
report's file name.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import shutil
import tempfile
import unicodedata
from pathlib import Path, PurePosixPath

from assistant.service import Gongkai
from ingest.config import Config
from ingest.errors import GongkaiError
from ingest.models import IngestResult

TEXT_TYPES = (".txt", ".md", ".html", ".htm")
SUPPORTED = (".pdf", ".docx", *TEXT_TYPES)
NAME_MAX = 120
_HEAD = 4096
_STEP = 1 << 20


class UploadError(GongkaiError):
    """A file refused before ingest (type, content, size); `status` is the HTTP status to use."""

    def __init__(self, message: str, status: int = 400, code: str = "bad_upload"):
        super().__init__(message)
        self.status = status
        self.code = code


def clean_name(name: str | None) -> str:
    """The base name only, without folders or control characters, at most NAME_MAX characters with its
    extension kept (shown to people, never a path)."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if len(base) > NAME_MAX:
        ext = PurePosixPath(base).suffix
        ext = ext if 1 < len(ext) <= 10 else ""
        base = base[: NAME_MAX - len(ext)].rstrip(". ") + ext
    return base or "upload.txt"


def _type_of(name: str) -> str:
    ext = PurePosixPath(name).suffix.lower()
    if ext not in SUPPORTED:
        shown = ext[:12] or "（无扩展名）"
        raise UploadError(f"{name}：不支持的文件类型 {shown}；支持 {' '.join(SUPPORTED)}", 415, "unsupported_type")
    return ext


class UploadSink:
    """One upload's bytes, written to a temporary file as they arrive: the cap is checked on every piece,
    the hash and the text check (UTF-8 or GB18030, no NUL near the start) are computed on the way."""

    def __init__(self, config: Config, name: str | None):
        self.name = clean_name(name)
        self.ext = _type_of(self.name)
        self.cap = int(config.max_file_mb * 1048576)
        self.max_mb = config.max_file_mb
        self.folder = Path(config.data_dir) / "uploads"
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".incoming-", suffix=".part", dir=self.folder)
        self._fh = os.fdopen(fd, "wb")
        self.tmp = Path(tmp)
        self.size = 0
        self.head = b""
        self._hash = hashlib.sha256()
        self._decoders = {enc: codecs.getincrementaldecoder(enc)() for enc in ("utf-8-sig", "gb18030")}

    def write(self, data: bytes) -> None:
        if not data:
            return
        self.size += len(data)
        if self.size > self.cap:
            self.discard()
            raise UploadError(f"{self.name}：文件超过大小上限 {self.max_mb:g} MB", 413, "too_large")
        if len(self.head) < _HEAD:
            self.head += data[: _HEAD - len(self.head)]
        self._hash.update(data)
        if self.ext in TEXT_TYPES:
            self._decode(data, final=False)
        self._fh.write(data)

    def _decode(self, data: bytes, final: bool) -> None:
        for enc, dec in list(self._decoders.items()):
            try:
                dec.decode(data, final)
            except UnicodeDecodeError:
                del self._decoders[enc]

    def finish(self) -> Path:
        """Check the content, move the file to its hash name; return that path. Raises UploadError."""
        try:
            self._fh.close()
            if self.size == 0:
                raise UploadError(f"{self.name}：文件是空的")
            if self.ext in TEXT_TYPES:
                self._decode(b"", final=True)
                ok = b"\x00" not in self.head and bool(self._decoders)
            else:
                ok = self.head.startswith({".pdf": b"%PDF", ".docx": b"PK\x03\x04"}[self.ext])
            if not ok:
                raise UploadError(f"{self.name}：文件内容与扩展名 {self.ext} 不符", 415, "content_mismatch")
            path = self.folder / (self._hash.hexdigest()[:32] + self.ext)
            self.tmp.replace(path)
            return path
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        try:
            self._fh.close()
        except OSError:
            pass
        self.tmp.unlink(missing_ok=True)


def check_content(name: str, data: bytes, max_mb: float) -> str:
    """Return the file's extension if its bytes match it; raise UploadError otherwise (no file is kept)."""
    with tempfile.TemporaryDirectory(prefix="gongkai-check-") as folder:
        sink = UploadSink(Config(data_dir=Path(folder), max_file_mb=max_mb), name)
        for i in range(0, len(data), _STEP):
            sink.write(data[i : i + _STEP])
        sink.finish()
        return sink.ext


def store_file(config: Config, name: str | None, source: Path) -> tuple[str, Path]:
    """Copy a file (the staff page's upload) through the same checks; (clean name, stored path)."""
    sink = UploadSink(config, name)
    with open(source, "rb") as fh:
        while chunk := fh.read(_STEP):
            sink.write(chunk)
    return sink.name, sink.finish()


def ingest_stored(service: Gongkai, name: str, path: Path) -> IngestResult:
    result = service.ingest([path], names={path: name})[0]
    if result.status == "failed":
        path.unlink(missing_ok=True)
    return result


def ingest_file(service: Gongkai, config: Config, name: str | None, source: Path) -> IngestResult:
    """Check, store and ingest one uploaded file under its original base name."""
    original, path = store_file(config, name, source)
    return ingest_stored(service, original, path)


def ingest_upload(service: Gongkai, config: Config, name: str | None, data: bytes) -> IngestResult:
    """The same for bytes in hand."""
    sink = UploadSink(config, name)
    for i in range(0, len(data), _STEP):
        sink.write(data[i : i + _STEP])
    return ingest_stored(service, sink.name, sink.finish())


def remove_tree(path: Path | str | None) -> None:
    if path:
        shutil.rmtree(path, ignore_errors=True)
