"""Word (.docx) files: paragraphs and tables in document order, merged cells resolved."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ingest.errors import IngestError
from ingest.loaders.docx_numbering import Numbering
from ingest.loaders.grid import Slot, cell_text, logical_rows, render_row
from ingest.models import Document, TableBlock

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
        raise IngestError(path.name, f"Word 文件解压后 {total / 1048576:.0f} MB，"
                                     f"超过上限 {MAX_UNCOMPRESSED_MB} MB，疑似压缩炸弹，已拒绝")
    if total / packed > MAX_RATIO and total > 10 * 1024 * 1024:
        raise IngestError(path.name, f"Word 文件压缩比异常（{total / packed:.0f} 倍），疑似压缩炸弹，已拒绝")


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_BOX = f"{_W}txbxContent"


def _inline_text(el, numbering: Numbering | None) -> str:
    """A paragraph's text: line breaks kept as newlines, text boxes on lines of their own.

    Skips mc:Fallback, where Word stores a second copy of every text box for old readers.
    """
    parts: list[str] = []
    for child in el:
        tag = child.tag
        if tag == _MC_FALLBACK or not isinstance(tag, str):
            continue
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}tab":
            parts.append(" ")
        elif tag == _TEXT_BOX:
            parts.append("".join(f"\n{_paragraph_text(p, numbering)}\n" for p in own_paragraphs(child)))
        elif tag not in (f"{_W}delText", f"{_W}instrText"):
            parts.append(_inline_text(child, numbering))
    return "".join(parts)


def own_paragraphs(el) -> list:
    """The w:p inside `el` (tables included), not those of text boxes, which their anchor paragraph reads."""
    found, stack = [], list(reversed(list(el)))
    while stack:
        node = stack.pop()
        if node.tag == f"{_W}p":
            found.append(node)
        elif node.tag not in (_TEXT_BOX, _MC_FALLBACK):
            stack.extend(reversed(list(node)))
    return found


def _paragraph_text(p, numbering: Numbering | None) -> str:
    """The text as Word shows it, with the list number (一、 （一） 1.) Word draws in front of it."""
    label = numbering.label(p) if numbering is not None else ""
    return (label + _inline_text(p, numbering)).strip()


def _cell_text(tc, numbering: Numbering | None) -> str:
    return cell_text("\n".join(_paragraph_text(p, numbering) for p in own_paragraphs(tc)))


def _grid_span(tc) -> int:
    pr = tc.find(f"{_W}tcPr")
    span = pr.find(f"{_W}gridSpan") if pr is not None else None
    value = span.get(f"{_W}val") if span is not None else None
    return max(1, min(int(value), 64)) if value and value.isdigit() else 1


def _continues_above(tc) -> bool:
    pr = tc.find(f"{_W}tcPr")
    merge = pr.find(f"{_W}vMerge") if pr is not None else None
    return merge is not None and merge.get(f"{_W}val", "continue") == "continue"


def _grid_before(tr) -> int:
    """WPS and converted files skip leading grid columns with w:gridBefore instead of empty cells."""
    pr = tr.find(f"{_W}trPr")
    el = pr.find(f"{_W}gridBefore") if pr is not None else None
    value = el.get(f"{_W}val") if el is not None else None
    return min(int(value), 64) if value and value.isdigit() else 0


def table_grid(tbl, numbering: Numbering | None = None) -> list[list[Slot]]:
    """w:tbl to slots: gridSpan makes colspan slots, vMerge="continue" makes rowspan slots."""
    grid = []
    for tr in tbl.findall(f"{_W}tr"):
        row: list[Slot] = [Slot("", "cell") for _ in range(_grid_before(tr))]
        for tc in tr.findall(f"{_W}tc"):
            kind = "rowspan" if _continues_above(tc) else "cell"
            text = "" if kind == "rowspan" else _cell_text(tc, numbering)
            span = _grid_span(tc)
            row.append(Slot(text, kind))
            row.extend(Slot("", kind if kind == "rowspan" else "colspan") for _ in range(span - 1))
        if row:
            grid.append(row)
    width = max((len(r) for r in grid), default=0)
    for row in grid:
        row.extend(Slot("", "cell") for _ in range(width - len(row)))
    return grid


def _is_layout(tbl) -> bool:
    """A table used as a frame: one cell, or cells holding tables (a web page saved as Word)."""
    cells = [tc for tr in tbl.findall(f"{_W}tr") for tc in tr.findall(f"{_W}tc")]
    return len(cells) == 1 or any(tc.find(f".//{_W}tbl") is not None for tc in cells)


def _walk(element, lines: list[str], tables: list[TableBlock], numbering: Numbering | None) -> None:
    """Body children in order; content controls (w:sdt) and layout tables hold more paragraphs and tables."""
    for child in element.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            text = _paragraph_text(child, numbering)
            if text:
                lines.append(text)
        elif tag == f"{_W}tbl" and _is_layout(child):
            for tc in child.iter(f"{_W}tc"):
                if tc.getparent().getparent() is child:
                    _walk(tc, lines, tables, numbering)
        elif tag == f"{_W}tbl":
            grid = table_grid(child, numbering)
            if grid:
                rows = logical_rows(grid)
                tables.append(TableBlock(rows=rows))
                lines.extend(render_row(r) for r in rows if any(r))
        elif tag in (f"{_W}sdt", f"{_W}sdtContent"):
            _walk(child, lines, tables, numbering)


class _CappedLines(list):
    """The document's lines; more text than the cap stops the walk at once (a 28 MB document held 61 MB
    of text, and every later step costs time in proportion to it)."""

    def __init__(self, name: str, cap: int):
        super().__init__()
        self.name, self.cap, self.size = name, cap, 0

    def append(self, line: str) -> None:
        self._count(len(line) + 1)
        super().append(line)

    def extend(self, lines) -> None:
        lines = list(lines)
        self._count(sum(len(line) + 1 for line in lines))
        super().extend(lines)

    def _count(self, n: int) -> None:
        self.size += n
        if self.size > self.cap + 1:
            raise IngestError(self.name, f"文件中的文字超过上限 {self.cap:,} 字（GONGKAI_MAX_TEXT_CHARS），已拒绝")


def load_docx(path: Path, max_text_chars: int = 2_000_000) -> Document:
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
    lines: list[str] = _CappedLines(path.name, max_text_chars)
    tables: list[TableBlock] = []
    _walk(document.element.body, lines, tables, Numbering.of(document))
    if not lines:
        raise IngestError(path.name, "Word 文件里没有文字内容")
    hints = {}
    title = (document.core_properties.title or "").strip()
    if title:
        hints["标题"] = title
    return Document(text="\n".join(lines), tables=tables, hints=hints)
