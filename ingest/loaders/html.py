"""Saved web pages (.html/.htm): find the article body, drop site chrome, keep tables as tables."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.errors import IngestError
from ingest.loaders.grid import Slot, cell_text, logical_rows, render_row
from ingest.models import Document, TableBlock

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_GB_ALIASES = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "ms936", "euc-cn"}

# Where gov sites put the article; checked against class and id.
_BODY_HINT = re.compile(r"content|article|trs_editor|zoom|xxgk|main", re.I)
_CHROME_HINT = re.compile(
    r"share|fenxiang|bdshare|breadcrumb|crumb|position|dqwz|^nav|nav$|mainnav|menu|footer|^foot|^header|"
    r"toolbar|print|qrcode|ewm|related|xgxx|sidebar|search|login|copyright|pagination",
    re.I,
)
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "button", "select",
              "input", "textarea", "svg", "object", "embed", "template", "head")
_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "blockquote",
    "pre", "dd", "dt", "dl", "center", "tr", "td", "th", "main", "aside", "figure", "figcaption", "address",
}
_DATE_META = ("pubdate", "publishdate", "publish_date", "articlepubdate", "firstpublishedtime",
              "article:published_time", "dc.date", "dcterms.issued", "publishtime")
_DATE_LABEL = re.compile(r"(?:发布时间|发布日期|公开日期|发文日期)\s*[:：|]?\s*"
                         r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_ISO_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_ISSUER_LABEL = re.compile(r"发布机构\s*[:：|]?\s*([^\s|:：]{2,40})")
# Real pages nest a few dozen levels; finding the article costs (depth × text), so far deeper is refused.
MAX_DEPTH = 100
_MAX_SPAN = 100


# ---------------------------------------------------------------- decoding


def decode_html(raw: bytes, name: str) -> str:
    """Honour a BOM or the declared charset, then try UTF-8 and GB18030."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="replace")
    if b"\x00" in raw[:4096]:
        raise IngestError(name, "不是有效的网页文件（含有二进制内容）")
    candidates = []
    m = _META_CHARSET.search(raw[:8192])
    if m:
        declared = m.group(1).decode("ascii", "ignore").lower()
        candidates.append("gb18030" if declared in _GB_ALIASES else declared)
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise IngestError(name, "无法识别网页编码（支持 UTF-8、GBK/GB18030 及页面声明的编码）")


def iso_date(text: str) -> str | None:
    m = _ISO_DATE.search(text or "")
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if 1990 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


# ---------------------------------------------------------------- hints


def page_hints(soup) -> dict[str, str]:
    hints: dict[str, str] = {}
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if not title:
        h1 = soup.find("h1")
        title = h1.get_text("", strip=True) if h1 else ""
    if title:
        hints["标题"] = title
    date = _meta_date(soup)
    text = soup.get_text(" ", strip=True)
    if not date:
        m = _DATE_LABEL.search(text)
        date = iso_date(" ".join(m.groups())) if m else None
    if date:
        hints["发布时间"] = date
    m = _ISSUER_LABEL.search(text)
    if m:
        hints["发布机构"] = m.group(1)
    return hints


def _meta_date(soup) -> str | None:
    for meta in soup.find_all("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        if key in _DATE_META:
            date = iso_date(meta.get("content", ""))
            if date:
                return date
    tag = soup.find("publishtime")
    return iso_date(tag.get_text()) if tag else None


# ---------------------------------------------------------------- the article body


def _attr_text(el) -> str:
    classes = el.get("class") or []
    return " ".join([*(classes if isinstance(classes, list) else [classes]), el.get("id") or ""])


def _is_chrome(el) -> bool:
    if el.name in ("body", "html") or el.attrs is None:
        return False
    tokens = _attr_text(el).split()
    if any(_CHROME_HINT.search(t) for t in tokens) and not any(_BODY_HINT.search(t) for t in tokens):
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or el.has_attr("hidden")


def drop_chrome(soup) -> None:
    for el in soup.find_all(_DROP_TAGS):
        el.decompose()
    for el in soup.find_all(True):
        # Not `el.decomposed`: on a Tag it falls back to searching the whole subtree for a child tag
        # named "_decomposed", which made a page of deeply nested <div>s take minutes.
        if vars(el).get("_decomposed"):
            continue
        if _is_chrome(el):
            el.decompose()


def _text_len(el) -> int:
    return len(re.sub(r"\s+", "", el.get_text()))


def find_body(soup):
    """The smallest hinted container that still holds most of the page's text; else the densest block."""
    root = soup.body or soup
    total = _text_len(root)
    if total == 0:
        return root
    hinted = [el for el in root.find_all(["div", "td", "article", "section", "main"])
              if _BODY_HINT.search(_attr_text(el))]
    sized = [(el, _text_len(el)) for el in hinted]
    good = [(el, n) for el, n in sized if n >= max(50, 0.4 * total)]
    if good:
        chosen, size = min(good, key=lambda pair: pair[1])
        # A hint can be a wrapper ("main-box") that also holds the breadcrumb and the info bar:
        # the block of paragraphs inside it is the article when it holds nearly all the text.
        inner = _densest(chosen)
        return inner if _text_len(inner) >= 0.8 * size else chosen
    return _densest(root)


def _densest(root):
    """The element whose own paragraphs (direct <p> children) hold the most text."""
    best, best_score = root, 0
    for el in root.find_all(["div", "td", "article", "section", "main"]):
        score = sum(_text_len(p) for p in el.find_all(["p", "table"], recursive=False))
        if score > best_score:
            best, best_score = el, score
    return best


# ---------------------------------------------------------------- lines and tables


class _Lines:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.tables: list[TableBlock] = []
        self._buf: list[str] = []

    def inline(self, text: str) -> None:
        self._buf.append(text)

    def flush(self) -> None:
        line = re.sub(r"\s+", " ", "".join(self._buf)).strip()
        self._buf = []
        if line:
            self.lines.append(line)


def _is_layout_table(table) -> bool:
    if table.find("table"):
        return True
    return any(_text_len(cell) > 400 for cell in table.find_all(["td", "th"]))


def _rows_of(table) -> list:
    rows = []
    for section in [table, *table.find_all(["thead", "tbody", "tfoot"], recursive=False)]:
        rows.extend(section.find_all("tr", recursive=False))
    return rows


def _span(cell, attr: str) -> int:
    value = str(cell.get(attr, "1")).strip()
    return max(1, min(int(value), _MAX_SPAN)) if value.isdigit() else 1


def _cell_string(cell) -> str:
    """A cell's text with line breaks only where blocks or <br> break it.

    Not get_text("\n"): Word's HTML splits "3119" into <span>3</span><span>119</span>, which must
    stay one number.
    """
    from bs4 import Comment, NavigableString

    parts = []
    for node in cell.descendants:
        if isinstance(node, NavigableString):
            if not isinstance(node, Comment):
                parts.append(str(node))
        elif node.name == "br" or node.name in _BLOCK_TAGS:
            parts.append("\n")
    return "".join(parts)


def table_grid(table) -> list[list[Slot]]:
    """<tr>/<td> with rowspan/colspan expanded into span-marked slots."""
    grid: dict[tuple[int, int], Slot] = {}
    trs = _rows_of(table)
    for r, tr in enumerate(trs):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            rowspan = min(_span(cell, "rowspan"), len(trs) - r)
            colspan = _span(cell, "colspan")
            grid[(r, c)] = Slot(cell_text(_cell_string(cell)), "cell")
            for dr in range(rowspan):
                for dc in range(colspan):
                    if dr or dc:
                        grid.setdefault((r + dr, c + dc), Slot("", "rowspan" if dr else "colspan"))
            c += colspan
    if not grid:
        return []
    height = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    return [[grid.get((r, c), Slot("", "cell")) for c in range(width)] for r in range(height)]


def _emit_table(table, out: _Lines) -> None:
    grid = table_grid(table)
    if not grid:
        return
    rows = [r for r in logical_rows(grid) if any(r)]
    if not rows:
        return
    out.tables.append(TableBlock(rows=rows))
    out.lines.extend(render_row(r) for r in rows)


def _walk(node, out: _Lines) -> None:
    from bs4 import Comment, NavigableString

    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, Comment):
                out.inline(str(child))
            continue
        if child.name == "br":
            out.flush()
        elif child.name == "table" and not _is_layout_table(child):
            out.flush()
            _emit_table(child, out)
        elif child.name in _BLOCK_TAGS or child.name == "table":
            out.flush()
            _walk(child, out)
            out.flush()
        else:
            _walk(child, out)


_TITLE_TAGS = re.compile(r"title|biaoti|^bt$", re.I)


def _title_line(soup, body, out: _Lines) -> None:
    """Sites put the report's title just above the article container; keep it as the first line.

    Only a heading that names a report: the site's logo is often an <h1> too.
    """
    if body.find(["h1", "h2"]):
        return
    for el in soup.find_all(["h1", "h2", "h3", "div", "p", "td"]):
        if el.name.startswith("h") or _TITLE_TAGS.search(_attr_text(el)):
            text = el.get_text("", strip=True)
            if 6 <= len(text) <= 80 and re.search(r"报告|年报", text):
                out.lines.append(text)
                return


def too_deep(root, limit: int) -> bool:
    """Whether elements nest deeper than `limit` (iteratively: the page may be deeper than Python's stack)."""
    from bs4 import Tag

    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in el.contents if isinstance(child, Tag))
    return False


def load_html(path: Path) -> Document:
    from bs4 import BeautifulSoup

    path = Path(path)
    text = decode_html(path.read_bytes(), path.name)
    try:
        soup = BeautifulSoup(text, "lxml")
        if too_deep(soup, MAX_DEPTH):
            raise RecursionError
        hints = page_hints(soup)
        drop_chrome(soup)
        out = _Lines()
        body = find_body(soup)
        _title_line(soup, body, out)
        _walk(body, out)
        out.flush()
    except RecursionError as exc:
        raise IngestError(path.name, "网页结构嵌套过深，无法解析") from exc
    if not out.lines:
        raise IngestError(path.name, "网页里没有找到正文文字")
    return Document(text="\n".join(out.lines), tables=out.tables, hints=hints)
