"""Sentence-aware chunks that keep one topic each and carry their section path."""

from __future__ import annotations

import hashlib
import re

from ingest.models import Chunk, Section

TARGET_CHARS = 160
MAX_CHARS = 260
_SENTENCE_END = re.compile(r"(?<=[。；！？!?;])|\n")


def sentences(text: str) -> list[str]:
    out: list[str] = []
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip()
        if not piece:
            continue
        while len(piece) > MAX_CHARS:  # an over-long sentence breaks at a comma near the limit
            cut = max(piece.rfind("，", 0, MAX_CHARS), piece.rfind("、", 0, MAX_CHARS))
            cut = cut + 1 if cut > TARGET_CHARS // 2 else MAX_CHARS
            out.append(piece[:cut])
            piece = piece[cut:]
        if piece:
            out.append(piece)
    return out


_ITEM_HEAD = re.compile(r"^#*\s*([一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|"
                        r"[一二三四五六七八九十]+、|\d+[.、．])")


def _is_item_heading(sentence: str) -> bool:
    return len(sentence) <= 40 and bool(_ITEM_HEAD.match(sentence))


def chunk_id(report_id: str, version: str, n: int, text: str) -> str:
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return f"{report_id}:{version[:12]}:{n}:{digest}"


def chunk_sections(report_id: str, version: str, sections: list[Section]) -> list[Chunk]:
    chunks: list[Chunk] = []
    for section in sections:
        buf: list[str] = []
        size = 0
        offset = section.start
        for sent in sentences(section.text):
            if buf and size + len(sent) > TARGET_CHARS:
                # An item's heading ("一是强化流程管控，守住…。") goes with the item it heads, not before the cut.
                keep = buf[-1:] if len(buf) > 1 and _is_item_heading(buf[-1]) else []
                done = buf[: len(buf) - len(keep)]
                chunks.append(_make(report_id, version, len(chunks), "".join(done), section, offset))
                offset += sum(map(len, done))
                buf, size = keep, sum(map(len, keep))
            buf.append(sent)
            size += len(sent)
        if buf:
            chunks.append(_make(report_id, version, len(chunks), "".join(buf), section, offset))
    return chunks


def ends_in_figures(text: str, n: int = 5) -> bool:
    """Whether the text ends in a run of digits and spaces holding at least n digits (a table row).

    A loop, not the regex `(?:\\d+\\s*){5,}$`: that one backtracks exponentially on a long run of
    figures that is not at the end (a 1 KB file took 25 s to chunk).
    """
    i = len(text)
    while i and (text[i - 1].isdecimal() or text[i - 1].isspace()):
        i -= 1
    return sum(ch.isdecimal() for ch in text[i:]) >= n


def _make(report_id: str, version: str, n: int, text: str, section: Section, start: int) -> Chunk:
    kind = "table" if "|" in text or ends_in_figures(text) else "prose"
    return Chunk(chunk_id(report_id, version, n, text), report_id, text, section.path, kind, start)
