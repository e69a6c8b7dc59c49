"""Answers as chat-page Markdown, built so that text from questions and reports is only ever text.

Every piece of outside text (a question, a report's passage, a file name) goes through
`text()` — Markdown specials backslash-escaped, then `<>&` HTML-escaped — before our own
markup (`<mark>`, `**`, `>`) is put around it.
"""

from __future__ import annotations

import html
import re

from assistant.models import Answer, Citation
from ui.sources import TABLE_NAMES, CellRow, raw_row, row_label, viewer_link

_MD_SPECIALS = re.compile(r"([\\`*_\[\]{}()#+\-.!|~$^])")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def text(s: str) -> str:
    """Outside text made inert for the Chatbot's Markdown + HTML renderer; line breaks kept."""
    return html.escape(_MD_SPECIALS.sub(r"\\\1", s or ""), quote=False)


def figure_of(short_answer: str) -> str:
    """The part of the short answer to highlight in the passages: its number, else the whole of it."""
    m = _NUMBER.search(short_answer or "")
    return m.group(0) if m else (short_answer or "").strip()


def highlight(passage: str, figure: str) -> str:
    """The passage, escaped, with each stand-alone occurrence of the figure in <mark>."""
    if not figure:
        return text(passage)
    if figure[0].isdigit():
        pattern = re.compile(rf"(?<![\d.]){re.escape(figure)}(?![\d])")
    else:
        pattern = re.compile(re.escape(figure))
    out, pos = [], 0
    for m in pattern.finditer(passage):
        out += [text(passage[pos:m.start()]), f"<mark>{text(m.group(0))}</mark>"]
        pos = m.end()
    out.append(text(passage[pos:]))
    return "".join(out)


def citation_md(n: int, c: Citation, figure: str, cell: CellRow | None = None, link: bool = True) -> str:
    where = " · ".join(p for p in (text(c.body), f"{c.year}年" if c.year else "", text(c.section)) if p)
    extra = f"，第 {c.page} 页" if c.page else ""
    opener = f" · [查看原文]({viewer_link(c, figure, cell)})" if link else ""
    quote = highlight(c.text, figure).replace("\n", "<br>")
    head = f"{n}\\. **{where}**（{text(c.file)}{extra}）{opener}"
    if cell is not None:  # a table figure: the row as a small table instead of the raw run of digits
        return f"{head}\n\n{cell_table_html(cell)}"
    return f"{head}\n> {quote}"


def cell_table_html(cell: CellRow) -> str:
    """The row as a small table: each column's name over its value, the answered cell highlighted, then how
    the row was read. One line of HTML (a blank line would end Markdown's HTML block)."""
    heads, values = [], []
    for column, value in cell.cells:
        hit = column == cell.answered
        shown = "空" if value is None else _num(value)
        mark = ' class="gk-hit"' if hit else ""
        heads.append(f"<th{mark}>{html.escape(column)}</th>")
        values.append(f"<td{mark}><mark>{shown}</mark></td>" if hit else f"<td>{shown}</td>")
    name = f"{TABLE_NAMES.get(cell.table, '表' + cell.table)} · {row_label(cell.row)}"
    doubt = "" if cell.certain else "（该格读取不确定）"
    return (f'<div class="gk-cells"><table><caption>{html.escape(name)}</caption><thead><tr>{"".join(heads)}</tr>'
            f'</thead><tbody><tr>{"".join(values)}</tr></tbody></table>'
            f'<div class="gk-decoding">读法：{html.escape(cell.decoding)}{doubt}</div></div>')


def _num(v) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return html.escape(str(v))
    return str(int(f)) if f.is_integer() else f"{f:g}"


def understood_line(answer: Answer) -> str:
    """What the question was read as, in one plain line: “按：机关 · 年度 · 表三 本年新收…/总计；…”."""
    u = answer.understood or {}
    parts = []
    bodies = list(u.get("bodies") or []) or list(dict.fromkeys(c.body for c in answer.citations if c.body))
    if bodies:
        parts.append("、".join(bodies[:3]) + ("等" if len(bodies) > 3 else ""))
    years = [y for y in u.get("years") or [] if y]
    if years:
        parts.append("、".join(str(y) for y in years[:4]) + "年")
    target = _short_target(str(u.get("target") or ""))
    if target:
        parts.append(target)
    extras = []
    carried = [str(x) for x in u.get("carried") or [] if x]
    if carried:
        extras.append("沿用上文的" + "、".join(carried))
    for pair in u.get("corrected") or []:
        if isinstance(pair, (list, tuple)) and len(pair) == 2:
            extras.append(f"“{pair[0]}”按“{pair[1]}”理解")
    if not parts and not extras:
        return ""
    line = "按：" + " · ".join(parts) if parts else ""
    return "；".join(p for p in (line, *extras) if p)


def _short_target(target: str) -> str:
    """“表三 本年新收政府信息公开申请数量 / 总计” → “表三 本年新收…/总计”: long row names cut short."""
    m = re.match(r"^(表[二三四])\s*(.+?)\s*/\s*(.+)$", target)
    if not m:
        return target[:40]
    table, row, column = m.groups()
    row = row.split("-")[-1]
    row = row if len(row) <= 8 else row[:4] + "…"
    return f"{table} {row}/{column}"


def answer_md(answer: Answer, body: str | None = None, cells: list[CellRow] | None = None,
              link: bool = True) -> str:
    """The answer text (or `body`, a streamed prefix of it) and, under it, its sources: a table figure's row
    as a small table, other passages quoted; each with a link that opens the report at that place."""
    shown = text(answer.answer if body is None else body)
    line = understood_line(answer)
    top = f'<div class="gk-understood">{html.escape(line)}</div>\n\n' if line else ""
    if not answer.citations:
        return top + shown
    figure = figure_of(answer.short_answer) if answer.found else ""
    by_citation = _cells_by_citation(answer.citations, cells or [])
    sources = "\n\n".join(citation_md(i, c, figure, by_citation.get(i - 1), link)
                           for i, c in enumerate(answer.citations, 1))
    # Sources sit in an open <details>: visible at once, foldable on a phone.
    return (f"{top}{shown}\n\n<details open><summary>出处（{len(answer.citations)}）</summary>\n\n"
            f"{sources}\n\n</details>")


def _cells_by_citation(citations: list[Citation], cells: list[CellRow]) -> dict[int, CellRow]:
    """Which citation each table row belongs to: the citation quoting that row (its printed text)."""
    out: dict[int, CellRow] = {}
    for cell in cells:
        raw = raw_row(cell.source)
        for i, c in enumerate(citations):
            if i not in out and c.report_id == cell.report_id and (c.text == cell.source or raw and raw in c.text):
                out[i] = cell
                break
    return out


def question_md(question: str, limit: int = 300) -> str:
    """The person's question as shown in the chat: escaped, very long ones shortened."""
    q = question or ""
    if len(q) > limit:
        q = f"{q[:limit]}…（共 {len(question)} 字）"
    return text(q)


def notice_md(message: str) -> str:
    """A message from us (empty question, too long, not found) in the chat."""
    return f"⚠️ {text(message)}"
