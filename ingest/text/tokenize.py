"""Chinese word tokens for BM25 (jieba); whitespace splitting is useless for Chinese."""

from __future__ import annotations

import re
import threading

_KEEP = re.compile(r"[\w\u4e00-\u9fff]")
_STOP = set("的 了 和 与 及 是 在 有 为 对 等 中 共 我 其 将 把 被 并 或 也 之 于 以 由 年 月 日 呢 吗 吧 啊 么 哪些 什么 多少 几 个 一个 是否 有没有 请问".split())
_lock = threading.RLock()
_tokenizer = None


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
                         "法律服务机构", "结转", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理"):
                tok.add_word(word, freq=200000)
            _tokenizer = tok
        return _tokenizer


def is_word(text: str) -> bool:
    """Whether jieba's dictionary knows `text` as a word (with a frequency)."""
    return bool(_jieba().FREQ.get(text))


def tokens(text: str) -> list[str]:
    return [t for t in _jieba().lcut_for_search(text) if _KEEP.search(t) and t not in _STOP]


_pos = None


def place_names(text: str) -> list[str]:
    """Place names (jieba's ns tag) in a question: 北京市, 海淀区 …

    Looked up in jieba's tagged dictionary for the words its plain (DAG) cut finds: linear in the text and
    no HMM tagging, which took seconds on pathological input ("年" × 2000)."""
    global _pos
    with _lock:
        if _pos is None:
            import jieba.posseg

            _pos = jieba.posseg.POSTokenizer(None)
            _pos.tokenizer = _jieba()
            _pos.load_word_tag(_pos.tokenizer.get_dict_file())
    tags = _pos.word_tag_tab
    return [w for w in _jieba().lcut(text[:2000], HMM=False) if len(w) >= 2 and tags.get(w) == "ns"]
