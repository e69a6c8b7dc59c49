"""The source viewer: a citation opens the report itself at the cited place.

- a PDF: its page as an image (rendered with pypdfium2 from the copy kept at ingest), the cited line or
  table cell boxed (its position from pdfplumber's characters and tables on that page);
- a text, Word or web report: its passages in order under their section headings, the cited passage
  highlighted and scrolled to, with its section path;
- a server that does not hold the original file (a Chroma-server deployment where another machine ingested
  it) says so, and shows the passages from the index.

Plain HTML pages served beside the API; every piece of report text is HTML-escaped.
"""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ingest.errors import GongkaiError, NotFoundError
from ui.sources import TABLE_NAMES, decoding_words, row_label

log = logging.getLogger("gongkai.viewer")
router = APIRouter()

FORMATS = {".pdf": "PDF 文件", ".docx": "Word 文件", ".txt": "文本文件", ".md": "文本文件", ".html": "网页",
           ".htm": "网页"}
NOT_HERE = ("本服务器上没有这份报告的原文件（它可能是在另一台服务器上导入的，或导入于保存原文件的功能之前）。"
            "下面是索引中保存的原文段落；如需查看原件，请由工作人员在本服务器上重新导入该文件。")
_SPACE = re.compile(r"\s+")
_MAX_Q = 400

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.65 "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; color: #1f2937;
       background: #f5f6f8; }
header { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid #e3e6ea; padding: 10px 16px; }
h1 { font-size: 16px; margin: 0 0 2px; }
.meta { color: #5b6472; font-size: 13px; }
.where { margin-top: 4px; font-size: 13px; color: #1d4f91; }
main { max-width: 980px; margin: 0 auto; padding: 12px 16px 40px; }
.note { background: #fff7e0; border: 1px solid #f1d48a; padding: 8px 12px; border-radius: 6px; margin: 8px 0 12px; }
.nav { display: flex; gap: 12px; align-items: center; margin: 6px 0 10px; font-size: 14px; }
.nav a { color: #1d4f91; }
.sheet { position: relative; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.15); margin: 0 auto; }
.sheet img { display: block; width: 100%; height: auto; }
.gk-box { position: absolute; border: 2px solid rgba(230,120,0,.55); background: rgba(255,220,90,.18);
          border-radius: 2px; pointer-events: none; }
.gk-box.strong { border: 3px solid #d11f1f; background: rgba(255,80,80,.12); }
.quote { background: #fff; border-left: 3px solid #c9d3e0; padding: 6px 10px; margin: 10px 0; white-space: pre-wrap; }
section { background: #fff; border-radius: 6px; padding: 8px 14px; margin: 0 0 10px; }
section h2 { font-size: 14px; color: #1d4f91; margin: 4px 0 6px; }
section p { margin: 4px 0; white-space: pre-wrap; word-break: break-all; }
section p.table { font-size: 13px; color: #374151; }
p.hit { background: #fffbe6; outline: 2px solid #f0c040; border-radius: 3px; }
mark { background: #ffd54f; color: inherit; padding: 0 1px; }
table.cells { border-collapse: collapse; margin: 6px 0; font-size: 13px; background: #fff; }
table.cells th, table.cells td { border: 1px solid #d5dae1; padding: 2px 6px; text-align: center; }
table.cells .gk-hit { background: #ffe58a; font-weight: bold; }
.cellwrap { overflow-x: auto; }
.decoding { color: #5b6472; font-size: 13px; }
"""


def _norm_index(s: str) -> tuple[str, list[int]]:
    """The text without whitespace, and for each of its characters the index in `s`."""
    out, idx = [], []
    for i, ch in enumerate(s):
        if not ch.isspace():
            out.append(ch)
            idx.append(i)
    return "".join(out), idx


def locate(texts: list[str], q: str) -> tuple[int, tuple[int, int] | None] | None:
    """Which text holds the passage `q` and where: exactly, ignoring whitespace, else the text sharing the
    most two-character pieces with it (no span then)."""
    if not q or not texts:
        return None
    for i, t in enumerate(texts):
        at = t.find(q)
        if at >= 0:
            return i, (at, at + len(q))
    nq = _SPACE.sub("", q)
    for i, t in enumerate(texts):
        nt, idx = _norm_index(t)
        at = nt.find(nq)
        if at >= 0 and nq:
            return i, (idx[at], idx[at + len(nq) - 1] + 1)
    grams = {nq[i : i + 2] for i in range(len(nq) - 1)}
    if not grams:
        return None
    scores = [len(grams & {t[i : i + 2] for i in range(len(t) - 1)}) for t in (_SPACE.sub("", t) for t in texts)]
    best = max(range(len(texts)), key=lambda i: scores[i])
    if scores[best] < max(3, len(grams) // 3):
        return None
    # A table row's label and its run of digits are printed apart (the label in the header, the digits below):
    # mark the longest piece of the passage that the text has as it is.
    for piece in sorted(q.split(), key=len, reverse=True):
        at = texts[best].find(piece)
        if len(piece) >= 4 and at >= 0:
            return best, (at, at + len(piece))
    return best, None


def _mark(text: str, span: tuple[int, int] | None, figure: str) -> str:
    if span is None:
        return _figure(html.escape(text), figure)
    a, b = span
    return (html.escape(text[:a]) + '<mark id="gk-hit">' + _figure(html.escape(text[a:b]), figure, strong=True)
            + "</mark>" + html.escape(text[b:]))


def _figure(escaped: str, figure: str, strong: bool = False) -> str:
    if not figure:
        return escaped
    f = html.escape(figure)
    pattern = rf"(?<![\d.]){re.escape(f)}(?!\d)" if figure[0].isdigit() else re.escape(f)
    tag = ("<b>", "</b>") if strong else ("<mark>", "</mark>")
    return re.sub(pattern, lambda m: tag[0] + m.group(0) + tag[1], escaped)


def _page(title: str, header: str, body: str) -> HTMLResponse:
    doc = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
           f'<meta name="viewport" content="width=device-width, initial-scale=1">'
           f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
           f"<header>{header}</header><main>{body}</main>"
           "<script>(() => { const hit = document.querySelector('.gk-box.strong, #gk-hit, .gk-box');"
           " if (!hit) return; const go = () => hit.scrollIntoView({block: 'center'});"
           " const img = document.querySelector('.sheet img');"
           " if (img && !img.complete) img.addEventListener('load', go, {once: true}); else go(); })();</script>"
           "</body></html>")
    return HTMLResponse(doc, headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def _cell_block(service, report, t: str, row: str, col: str) -> tuple[str, int, int, object]:
    """The cited row as a small table (for the viewer's header), and the cell's column index, the row's
    column count and the cell's value."""
    facts = [f for f, _ in service.facts(report.report_id) if f.table == t and f.row == row]
    if not facts:
        return "", -1, 0, None
    heads, values, index, value = [], [], -1, None
    for i, f in enumerate(facts):
        hit = f.column == col
        if hit:
            index, value = i, f.value
        cls = ' class="gk-hit"' if hit else ""
        shown = "空" if f.value is None else (str(int(f.value)) if float(f.value).is_integer() else f"{f.value:g}")
        heads.append(f"<th{cls}>{html.escape(f.column)}</th>")
        values.append(f"<td{cls}>{html.escape(shown)}</td>")
    name = f"{TABLE_NAMES.get(t, '表' + t)} · {row_label(row)}"
    block = (f'<div class="cellwrap"><table class="cells" id="gk-cell-table"><caption>{html.escape(name)}'
             f'</caption><tr>{"".join(heads)}</tr><tr>{"".join(values)}</tr></table></div>'
             f'<div class="decoding">读法：{html.escape(decoding_words(facts[0].source, facts[0].page))}</div>')
    return block, index, len(facts), value


@router.get("/view/{report_id}", include_in_schema=False)
def view(request: Request, report_id: str, page: int | None = None, q: str = "", fig: str = "", t: str = "",
         row: str = "", col: str = ""):
    service = request.app.state.service
    try:
        report = service.resolve(report_id)
    except NotFoundError:
        return _page("没有找到报告", "<h1>没有找到这份报告</h1>",
                     '<p class="note">这份报告不在索引中（可能已被删除或替换）。请回到问答页重新提问。</p>')
    q, fig = q[:_MAX_Q], fig[:40]
    ext = Path(report.file).suffix.lower()
    title = f"{report.body or report.title} {report.year or ''}年".strip()
    where = f"第 {page} 页" if page else ""
    cell_html, col_index, columns, value = ("", -1, 0, None)
    if t and row:
        cell_html, col_index, columns, value = _cell_block(service, report, t, row, col)
    original = service.original_file(report.report_id)
    if ext == ".pdf" and original is not None:
        body, where = _pdf_body(report, original, page or 1, q, fig, (t, row, col_index, columns, value))
    else:
        body, where = _text_body(service, report, q, fig, note=NOT_HERE if original is None else "")
    header = (f"<h1>{html.escape(title)}</h1><div class=\"meta\">{html.escape(report.title)} · "
              f"{html.escape(report.file)} · {FORMATS.get(ext, '文件')}</div>"
              + (f'<div class="where" id="gk-where">位置：{html.escape(where)}</div>' if where else ""))
    return _page(f"原文 · {title}", header, cell_html + body)


def _pdf_body(report, path: Path, page: int, q: str, fig: str, cell: tuple) -> tuple[str, str]:
    from ui.pdfview import cell_boxes, page_count, passage_boxes

    total = page_count(path)
    page = min(max(1, page), total)
    boxes, exact, note = [], False, ""
    try:
        t, row, index, columns, value = cell
        if t and row and index >= 0:
            boxes, exact = cell_boxes(path, page, row, index, value, columns, t)
        if not boxes and q:
            boxes = passage_boxes(path, page, q, fig)
            exact = bool(boxes)
    except Exception:  # noqa: BLE001 - an odd page: show it without a box, and say so
        log.exception("locating the passage on %s page %d failed", report.file, page)
    if q and not boxes:
        note = '<p class="note">未能在本页上自动框出引用的位置，请对照下方引文查看。</p>'
    elif boxes and not exact:
        note = '<p class="note">已框出该行；该格的数字与页面上读到的不完全一致，请核对。</p>'
    rid = quote(report.report_id, safe="")

    def link(n: int, label: str) -> str:
        return f'<a href="/view/{rid}?{urlencode({"page": n})}">{label}</a>'

    nav = (f'<div class="nav">{link(page - 1, "‹ 上一页") if page > 1 else ""}'
           f"<span>第 {page} 页 / 共 {total} 页</span>{link(page + 1, '下一页 ›') if page < total else ''}</div>")
    drawn = "".join(f'<div class="gk-box{" strong" if b.strong else ""}" style="{b.css()}"></div>' for b in boxes)
    sheet = (f'<div class="sheet" id="gk-sheet"><img alt="第 {page} 页" '
             f'src="/view/{rid}/page/{page}.png?v={report.content_hash[:12]}">{drawn}</div>')
    quoted = f'<div class="quote">引文：{_figure(html.escape(q), fig)}</div>' if q else ""
    return note + nav + sheet + quoted, f"第 {page} 页"


def _text_body(service, report, q: str, fig: str, note: str = "") -> tuple[str, str]:
    chunks = service.passages(report.report_id)
    found = locate([c.text for c in chunks], q) if q else None
    hit = found[0] if found else None
    parts, section = [], None
    for i, c in enumerate(chunks):
        if c.section != section:
            if section is not None:
                parts.append("</section>")
            section = c.section
            parts.append(f"<section><h2>{html.escape(section.replace(' > ', ' › '))}</h2>")
        cls = " ".join(x for x in ("table" if c.kind == "table" else "", "hit" if i == hit else "") if x)
        inner = _mark(c.text, found[1], fig) if i == hit else html.escape(c.text)
        parts.append(f'<p{f" class={chr(34)}{cls}{chr(34)}" if cls else ""} data-n="{i}">{inner}</p>')
    if section is not None:
        parts.append("</section>")
    where = chunks[hit].section.replace(" > ", " › ") if hit is not None else ""
    if hit is not None and chunks[hit].page:
        where += f"（第 {chunks[hit].page} 页）"
    lead = f'<p class="note" id="gk-not-here">{html.escape(note)}</p>' if note else ""
    if q and hit is None:
        lead += f'<p class="note">未能在报告中找到引用的段落。引文：{html.escape(q)}</p>'
    return lead + "".join(parts), where


@router.get("/view/{report_id}/page/{number}.png", include_in_schema=False)
def page_image(request: Request, report_id: str, number: int):
    service = request.app.state.service
    limits = request.app.state.limits
    try:
        report = service.resolve(report_id)
    except GongkaiError:
        return Response(status_code=404)
    path = service.original_file(report.report_id)
    if path is None or Path(report.file).suffix.lower() != ".pdf":
        return Response(status_code=404)
    if limits.questions.take(request.scope.get("gongkai_client", "?")):
        return Response(status_code=429, headers={"Retry-After": "5"})  # a page render costs like a question
    from ui.pdfview import render_png

    try:
        data = render_png(path, number, report.content_hash)
    except IndexError:
        return Response(status_code=404)
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})
