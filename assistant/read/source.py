"""Where a quoted sentence comes from: "“2024年制作、获取政府信息总数467条”——这句话出自哪份年报？"."""

from __future__ import annotations

import re

_ASKS_SOURCE = re.compile(r"(出自|来自|摘自|引自|是)(哪|哪一)(份|个|篇|家)(年报|报告|单位)|"
                          r"(哪|哪一)(份|个|篇)(年报|报告)(里|中|上)?(写|说|提到|出现)的?|出处是(哪|什么)|"
                          # "这是哪个政府哪年年报里的", "出自某份年报，是哪个机关哪一年的"
                          r"哪个(政府|机关|单位|部门)[^，,。？?]{0,4}哪一?年|(出自|来自|摘自)(某|一)份(年报|报告)")
_QUOTE = re.compile(r"[“\"「『]([^”\"」』]{6,120})[”\"」』]")
_NOISE = re.compile(r"[\s，,。；;：:、“”\"'‘’（）()《》]")


def quoted_source(question: str) -> str | None:
    """The quoted words when the question asks which report they are from, else None."""
    if not _ASKS_SOURCE.search(question):
        return None
    m = _QUOTE.search(question)
    return m.group(1) if m else None


def plain(text: str) -> str:
    """Text compared without spaces and punctuation (a quote is retyped, not copied)."""
    return _NOISE.sub("", text)


def holds(passage: str, quote: str) -> bool:
    """Whether the passage holds the quote; "A……B" (words left out) holds when it holds A and then B."""
    text = plain(passage)
    at = 0
    for part in (p for p in re.split(r"…+|\.{3,}", quote) if plain(p)):
        at = text.find(plain(part), at)
        if at < 0:
            return False
        at += len(plain(part))
    return True
