"""Word (.docx) files: paragraphs and tables in document order, merged cells resolved."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import IngestError
from .load_pdf import Slot, cell_text, logical_rows, render_row
from .models import Document, TableBlock

NOT_A_DOCX = "不是有效的 Word（.docx）文件"
MAX_UNCOMPRESSED_MB = 200
MAX_RATIO = 100
MAX_ENTRIES = 5000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_zip(path: Path) -> None:
    """Refuse non-zips and zip bombs before python-docx inflates anything."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(_OLE_MAGIC):
        raise IngestError(path.name, f"{NOT_A_DOCX}：这是旧版 .doc 格式或已加密的文档，请另存为 .docx")
    if not zipfile.is_zipfile(path):
        raise IngestError(path.name, NOT_A_DOCX)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, OSError) as exc:
        raise IngestError(path.name, f"{NOT_A_DOCX}（压缩包已损坏）") from exc
    _check_sizes(path, infos)
    if "word/document.xml" not in names:
        raise IngestError(path.name, f"{NOT_A_DOCX}（缺少 word/document.xml）")


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise IngestError(path.name, f"Word 文件内部条目过多（{len(infos)} 个），疑似恶意压缩包，已拒绝")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED_MB * 1024 * 1024:
        raise IngestError(path.name, f"Word 文件解压后 {total / 1048576:.0f} MB，超过上限 {MAX_UNCOMPRESSED_MB} MB，疑似压缩炸弹，已拒绝")
    if total / packed > MAX_RATIO and total > 10 * 1024 * 1024:
        raise IngestError(path.name, f"Word 文件压缩比异常（{total / packed:.0f} 倍），疑似压缩炸弹，已拒绝")


def _cell_text(tc) -> str:
    return cell_text("\n".join("".join(t.text or "" for t in p.iter(f"{_W}t")) for p in tc.iter(f"{_W}p")))


def _grid_span(tc) -> int:
    pr = tc.find(f"{_W}tcPr")
    span = pr.find(f"{_W}gridSpan") if pr is not None else None
    value = span.get(f"{_W}val") if span is not None else None
    return max(1, min(int(value), 64)) if value and value.isdigit() else 1


def _continues_above(tc) -> bool:
    pr = tc.find(f"{_W}tcPr")
    merge = pr.find(f"{_W}vMerge") if pr is not None else None
    return merge is not None and merge.get(f"{_W}val", "continue") == "continue"


def table_grid(tbl) -> list[list[Slot]]:
    """w:tbl to slots: gridSpan makes colspan slots, vMerge="continue" makes rowspan slots."""
    grid = []
    for tr in tbl.findall(f"{_W}tr"):
        row: list[Slot] = []
        for tc in tr.findall(f"{_W}tc"):
            kind = "rowspan" if _continues_above(tc) else "cell"
            text = "" if kind == "rowspan" else _cell_text(tc)
            span = _grid_span(tc)
            row.append(Slot(text, kind))
            row.extend(Slot("", kind if kind == "rowspan" else "colspan") for _ in range(span - 1))
        if row:
            grid.append(row)
    width = max((len(r) for r in grid), default=0)
    for row in grid:
        row.extend(Slot("", "cell") for _ in range(width - len(row)))
    return grid


def _paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{_W}t")).strip()


def _walk(element, lines: list[str], tables: list[TableBlock]) -> None:
    """Body children in order; content controls (w:sdt) hold more paragraphs and tables."""
    for child in element.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            text = _paragraph_text(child)
            if text:
                lines.append(text)
        elif tag == f"{_W}tbl":
            grid = table_grid(child)
            if grid:
                rows = logical_rows(grid)
                tables.append(TableBlock(rows=rows))
                lines.extend(render_row(r) for r in rows if any(r))
        elif tag in (f"{_W}sdt", f"{_W}sdtContent"):
            _walk(child, lines, tables)


def load_docx(path: Path) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    path = Path(path)
    check_zip(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise IngestError(path.name, f"{NOT_A_DOCX}（{type(exc).__name__}）") from exc
    except Exception as exc:  # lxml errors on broken XML parts
        raise IngestError(path.name, f"{NOT_A_DOCX}（内容无法解析）") from exc
    lines: list[str] = []
    tables: list[TableBlock] = []
    _walk(document.element.body, lines, tables)
    if not lines:
        raise IngestError(path.name, "Word 文件里没有文字内容")
    hints = {}
    title = (document.core_properties.title or "").strip()
    if title:
        hints["标题"] = title
    return Document(text="\n".join(lines), tables=tables, hints=hints)
