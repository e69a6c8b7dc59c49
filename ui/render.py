"""Answers as chat-page Markdown, built so that text from questions and reports is only ever text.

Every piece of outside text (a question, a report's passage, a file name) goes through
`text()` — Markdown specials backslash-escaped, then `<>&` HTML-escaped — before our own
markup (`<mark>`, `**`, `>`) is put around it.
"""

from __future__ import annotations

import html
import re

from assistant.models import Answer, Citation

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


def citation_md(n: int, c: Citation, figure: str) -> str:
    where = " · ".join(p for p in (text(c.body), f"{c.year}年" if c.year else "", text(c.section)) if p)
    extra = f"，第 {c.page} 页" if c.page else ""
    quote = highlight(c.text, figure).replace("\n", "<br>")
    return f"{n}\\. **{where}**（{text(c.file)}{extra}）\n> {quote}"


def answer_md(answer: Answer, body: str | None = None) -> str:
    """The answer text (or `body`, a streamed prefix of it) and, under it, its sources."""
    shown = text(answer.answer if body is None else body)
    if not answer.citations:
        return shown
    figure = figure_of(answer.short_answer) if answer.found else ""
    sources = "\n\n".join(citation_md(i, c, figure) for i, c in enumerate(answer.citations, 1))
    # Sources sit in an open <details>: visible at once, foldable on a phone.
    return (f"{shown}\n\n<details open><summary>出处（{len(answer.citations)}）</summary>\n\n"
            f"{sources}\n\n</details>")


def question_md(question: str, limit: int = 300) -> str:
    """The person's question as shown in the chat: escaped, very long ones shortened."""
    q = question or ""
    if len(q) > limit:
        q = f"{q[:limit]}…（共 {len(question)} 字）"
    return text(q)


def notice_md(message: str) -> str:
    """A message from us (empty question, too long, not found) in the chat."""
    return f"⚠️ {text(message)}"
