"""Find where tables 二, 三 and 四 sit in a report's text."""

from __future__ import annotations

import re

_T2_HEAD = re.compile(r"二\s*、\s*主动公开政府信息")
_T3_HEAD = re.compile(r"三\s*、\s*收到和处理政府信息公开申请")
_T4_HEAD = re.compile(r"四\s*、\s*(?:政府信息公开)?\s*(?:行政复议|因政府信息公开)")
_T3_FIRST_ROW = re.compile(r"本\s*年\s*新\s*收")
_T4_FALLBACK = re.compile(r"行\s*政\s*复\s*议|结\s*果\s*维\s*持")
_T4_END = re.compile(r"[五六]\s*、|\n\s*[（(][一二三四五六七八九十][)）]")


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def t3_span(text: str) -> tuple[int, int] | None:
    first_row = _T3_FIRST_ROW.search(text)
    if not first_row:
        return None
    heads = [m for m in _T3_HEAD.finditer(text, 0, first_row.start())]
    start = heads[-1].start() if heads else _line_start(text, first_row.start())
    t4 = t4_start(text, first_row.end())
    return start, (t4 if t4 is not None else len(text))


def t4_start(text: str, after: int) -> int | None:
    m = _T4_HEAD.search(text, after) or _T4_FALLBACK.search(text, after)
    return m.start() if m else None


def t4_span(text: str) -> tuple[int, int] | None:
    first_row = _T3_FIRST_ROW.search(text)
    start = t4_start(text, first_row.end() if first_row else 0)
    if start is None:
        return None
    head_end = _T4_HEAD.match(text, start)
    body = head_end.end() if head_end else start
    end = _T4_END.search(text, body)
    return start, (end.start() if end else len(text))


def t2_span(text: str) -> tuple[int, int] | None:
    t3 = t3_span(text)
    limit = t3[0] if t3 else len(text)
    # The last heading before table 三: a table of contents may name the part earlier.
    m = next(iter(reversed(list(_T2_HEAD.finditer(text, 0, limit)))), None)
    if m is None:
        m = re.search(r"第\s*二\s*十\s*条|信\s*息\s*内\s*容|规\s*章", text[:limit])
    return (m.start(), limit) if m else None


def prose_only(text: str) -> str:
    """The text with the tables blanked out, so that table cells are not read as prose figures."""
    for span in (t2_span(text), t3_span(text), t4_span(text)):
        if span:
            text = text[: span[0]] + " " * (span[1] - span[0]) + text[span[1] :]
    return text
