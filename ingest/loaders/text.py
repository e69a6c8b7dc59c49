"""Plain text and Markdown files: decode (UTF-8, BOM, GBK/GB18030), strip crawler headers."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import IngestError
from ingest.models import Document, TableBlock

_ENCODINGS = ("utf-8-sig", "gb18030")
_CRAWLER_SPLIT = re.compile(r"^=+\s*正文\s*=+\s*$", re.M)
_HEADER_FIELD = re.compile(r"^(标题|发布时间|发布机构|单位|来源|原文链接|采集时间|文号|栏目|本地目录)\s*[:：]\s*(.*)$")


def decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw[:4096]:
        raise IngestError(name, "不是文本文件（含有二进制内容）")
    for enc in _ENCODINGS:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise IngestError(name, "无法识别文件编码（支持 UTF-8、GBK/GB18030）")


def split_crawler_header(text: str) -> tuple[dict[str, str], str]:
    """Crawled pages start with `key: value` lines; keep them as hints, drop them from the body."""
    hints: dict[str, str] = {}
    m = _CRAWLER_SPLIT.search(text)
    head, body = (text[: m.start()], text[m.end():]) if m else ("", text)
    lines = (head or text).splitlines()
    consumed = 0
    for i, line in enumerate(lines[:12]):
        hm = _HEADER_FIELD.match(line.strip())
        if hm:
            hints.setdefault(hm.group(1), hm.group(2).strip())
            consumed = i + 1
        elif line.strip() and not m:
            break
    if not m and consumed:
        body = "\n".join(lines[consumed:])
    return hints, body


def markdown_tables(text: str) -> list[TableBlock]:
    """Pipe tables (Markdown or `a | b | c` lines) become raw table rows."""
    tables: list[TableBlock] = []
    current: list[list[str]] = []
    for line in text.splitlines():
        s = line.strip()
        if s.count("|") >= 1 and not re.fullmatch(r"[|\-: ]+", s):
            cells = [c.strip() for c in s.strip("|").split("|")]
            current.append(cells)
        elif re.fullmatch(r"\|?[\-: |]+\|?", s or "x"):
            continue
        elif current:
            tables.append(TableBlock(rows=current))
            current = []
    if current:
        tables.append(TableBlock(rows=current))
    return tables


def load_text(path: Path) -> Document:
    text = decode(path.read_bytes(), path.name)
    hints, body = split_crawler_header(text)
    if path.suffix.lower() == ".md":
        body = re.sub(r"^#{1,6}\s*", "", body, flags=re.M)
    return Document(text=body, tables=markdown_tables(body), hints=hints)
