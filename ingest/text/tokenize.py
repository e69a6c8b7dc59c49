"""Chinese word tokens for BM25 (jieba); whitespace splitting is useless for Chinese.

Both functions work on a bounded form of their text (`bounded`): runs of a repeated unit (年年年…,
"2019年至2023年、" × 150) are cut to two copies, and the text to MAX_CHARS characters; both check the
answer's time budget (ingest/text/budget.py). Place names come from jieba's tagged dictionary for the words
of its plain cut, never from its HMM tagger (about 2 ms a character: "年" × 1999 took 12 s in it).
"""

from __future__ import annotations

import functools
import re
import threading

from ingest.text.budget import check

_KEEP = re.compile(r"[\w\u4e00-\u9fff]")
_STOP = set("的 了 和 与 及 是 在 有 为 对 等 中 共 我 其 将 把 被 并 或 也 之 于 以 由 年 月 日 "
            "呢 吗 吧 啊 么 哪些 什么 多少 几 个 一个 是否 有没有 请问".split())
_lock = threading.RLock()
_tokenizer = None

MAX_CHARS = 4000  # a question is at most 2,000 characters; chunks are far shorter
REPEAT_UNIT = 24  # the longest repeated unit that is cut down
# A unit of 1-24 characters followed by two or more copies of itself. Linear: the lazy unit is tried at
# most REPEAT_UNIT ways at each position, the repetition is matched greedily without backtracking into it.
_REPEATS = re.compile(r"(.{1,%d}?)\1{2,}" % REPEAT_UNIT, re.S)


def _two_copies(m: re.Match) -> str:
    unit = m.group(1)
    # Runs of digits are figures (100000, table cells run together): left as they are.
    return m.group(0) if unit.isdigit() else unit * 2


def bounded(text: str, limit: int = MAX_CHARS) -> str:
    """The text with repeated runs cut to two copies, at most `limit` characters."""
    return _REPEATS.sub(_two_copies, text[: limit * 4])[:limit]


def _jieba():
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.initialize()
            for word in ("政府信息公开", "行政复议", "行政诉讼", "依申请公开", "主动公开", "信息处理费",
                         "规范性文件", "政策解读", "自然人", "商业企业", "科研机构", "社会公益组织",
                         "法律服务机构", "结转", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理",
                         "制发"):  # 制发 (jieba: 制 + 发) is how reports say documents were issued
                tok.add_word(word, freq=200000)
            _tokenizer = tok
        return _tokenizer


def is_word(text: str) -> bool:
    """Whether jieba's dictionary knows `text` as a word (with a frequency)."""
    return bool(_jieba().FREQ.get(text))


def tokens(text: str) -> list[str]:
    check()
    return list(_tokens(text))


@functools.lru_cache(maxsize=4096)  # a question is tokenized several times per answer, and questions repeat
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(t for t in _jieba().lcut_for_search(bounded(text)) if _KEEP.search(t) and t not in _STOP)


_places = None
PLACE_TAGS = ("ns", "nt")  # a place; an organisation, whose name begins with its place


def _place_tags() -> dict[str, str]:
    """The words jieba's dictionary tags as places or organisations. Only these are looked up: reading every
    tag (jieba.posseg's load_word_tag) took 1.3 s of each process's first answer, this takes 0.2 s."""
    global _places
    with _lock:
        if _places is None:
            ends = tuple(f" {tag}\n" for tag in PLACE_TAGS)
            tags: dict[str, str] = {}
            with _jieba().get_dict_file() as f:
                for raw in f:
                    line = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                    if line.endswith(ends):
                        word, _, tag = line.rstrip("\n").split(" ")
                        tags[word] = tag
            _places = tags
        return _places


def place_names(text: str) -> list[str]:
    """Place names (jieba's ns tag) in a question: 北京市, 海淀区 …

    Looked up in jieba's tagged dictionary for the words its plain (DAG) cut finds: linear in the text and
    no HMM tagging, which took seconds on pathological input ("年" × 2000)."""
    check()
    return list(_place_names(text))


@functools.lru_cache(maxsize=4096)
def _place_names(text: str) -> tuple[str, ...]:
    tags = _place_tags()
    out = []
    for w in _jieba().lcut(bounded(text, 2000), HMM=False):
        if len(w) < 2:
            continue
        if tags.get(w) == "ns":
            out.append(w)
        elif tags.get(w) == "nt":  # an organisation's name begins with its place: 北京市政府 → 北京市
            prefix = next((w[:i] for i in range(len(w) - 1, 1, -1) if tags.get(w[:i]) == "ns"), None)
            if prefix:
                out.append(prefix)
    return tuple(out)
