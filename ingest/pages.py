"""Which page of a PDF each chunk and fact comes from, and whether that page was read by OCR."""

from __future__ import annotations

import re
from bisect import bisect_right

from ingest.facts.regions import t2_span, t3_span, t4_span
from ingest.models import Chunk, Fact

_SPANS = {"二": t2_span, "三": t3_span, "四": t4_span}


def page_at(starts: list[int], offset: int) -> int:
    """1-based page of a character offset in the cleaned text (`starts` from clean_pages)."""
    return max(1, bisect_right(starts, offset))


def mark_chunks(chunks: list[Chunk], starts: list[int], ocr_pages: list[int]) -> None:
    for chunk in chunks:
        chunk.page = page_at(starts, chunk.start)
        chunk.ocr = chunk.page in ocr_pages


def _row_offset(text: str, span: tuple[int, int], row: str) -> int:
    """Where the row's own label first appears in its table (the table's start if it does not)."""
    item = re.sub(r"[“”\"（）()、]", "", row.split("-")[-1])[:6]
    pattern = r"\s*".join(map(re.escape, item))
    m = re.search(pattern, text[span[0] : span[1]]) if item else None
    return span[0] + m.start() if m else span[0]


def mark_facts(facts: list[Fact], text: str, starts: list[int], ocr_pages: list[int]) -> None:
    spans = {table: find(text) for table, find in _SPANS.items()}
    for fact in facts:
        span = spans.get(fact.table)
        if span:
            fact.page = page_at(starts, _row_offset(text, span, fact.row))
            fact.ocr = fact.page in ocr_pages


def mark_fact_chunks(chunks: list[Chunk], facts: list[Fact]) -> None:
    """Fact chunks are one per (table, row), in the order the facts list them."""
    first: dict[tuple[str, str], Fact] = {}
    for fact in facts:
        first.setdefault((fact.table, fact.row), fact)
    for chunk, fact in zip(chunks, first.values(), strict=False):
        chunk.page, chunk.ocr = fact.page, fact.ocr
