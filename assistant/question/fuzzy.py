"""Tolerant matching: a question's misspelt names read as the index's own words.

Two kinds of slip are forgiven, and only towards a word the index holds (a body's place or department
spelling, a template word): a character with the same pinyin (平谭 → 平潭, 发该局 → 发改局, 审接 → 审结),
and, in names of three or more characters, one other character that is not the name's suffix (沐阳县 →
沭阳县, 财正局 → 财政局). A stretch of the question that is itself a dictionary word, or two of them
("其中结果"), is never changed; nor is a two-character stretch that makes a word with a neighbour.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ingest.text.tokenize import is_word

_SUFFIX_CHARS = set("省市县区镇乡旗局委办厅署院")
_PARTICLES = set("的了和与及在是有为对把被从向或")  # function words a stretch of text crosses, never a slip in a name


@lru_cache(maxsize=65536)
def _pinyin(ch: str) -> str:
    from pypinyin import lazy_pinyin

    return lazy_pinyin(ch)[0] if "\u4e00" <= ch <= "\u9fff" else ch


@dataclass(frozen=True)
class Vocabulary:
    words: frozenset[str]
    by_pinyin: dict[tuple[tuple[str, ...], int], tuple[str, ...]]  # (pinyin of the word, length) → words
    by_gap: dict[str, tuple[str, ...]]  # the word with one non-suffix character as "?" → words
    lengths: tuple[int, ...]
    chars: frozenset[str]  # every character of every word
    sounds: frozenset[str]  # the pinyin of every character


@lru_cache(maxsize=8)
def vocabulary(words: frozenset[str]) -> Vocabulary:
    by_pinyin: dict[tuple[tuple[str, ...], int], list[str]] = {}
    by_gap: dict[str, list[str]] = {}
    for w in words:
        if len(w) < 2 or not all("\u4e00" <= c <= "\u9fff" for c in w):
            continue
        by_pinyin.setdefault((tuple(_pinyin(c) for c in w), len(w)), []).append(w)
        if len(w) >= 3:
            for i, c in enumerate(w):
                if i == len(w) - 1 and c in _SUFFIX_CHARS:
                    continue  # 财政厅 is not a misspelt 财政局
                by_gap.setdefault(w[:i] + "?" + w[i + 1:], []).append(w)
    chars = frozenset(c for w in words for c in w)
    return Vocabulary(words, {k: tuple(v) for k, v in by_pinyin.items()}, {k: tuple(v) for k, v in by_gap.items()},
                      tuple(sorted({len(w) for w in words if len(w) >= 2}, reverse=True)), chars,
                      frozenset(_pinyin(c) for c in chars))


def correct(question: str, words: frozenset[str]) -> tuple[str, list[tuple[str, str]]]:
    """The question with misspelt index words replaced, and what was replaced ([("平谭", "平潭")]).

    Linear in the question's length: each stretch of it is looked up (as spelt, by its pinyin, with one
    character left open), never compared with every word of the index."""
    vocab = vocabulary(words)
    if not vocab.lengths:
        return question, []
    text = question[:400]  # long questions: names sit near the start; bounded work either way
    covered = [False] * len(text)
    for n in vocab.lengths:  # words already spelt right are left alone, and so is what they cover
        for i in range(len(text) - n + 1):
            if text[i: i + n] in vocab.words:
                covered[i: i + n] = [True] * n
    fixes: list[tuple[int, str, str]] = []
    for n in vocab.lengths:
        i = 0
        while i + n <= len(text):
            piece = text[i: i + n]
            if any(covered[i: i + n]) or not all("\u4e00" <= c <= "\u9fff" for c in piece) or \
                    not _could_match(piece, vocab):
                i += 1
                continue
            hit = _match(piece, vocab)
            # (a longer stretch must not begin inside a word: "全部给公开" holds no slip of 部分公开)
            if hit is not None and not is_word(piece) and \
                    (n > 2 and not (i > 0 and is_word(text[i - 1: i + 1])) or _stands_alone(text, i)):
                fixes.append((i, piece, hit))
                covered[i: i + n] = [True] * n
                i += n
            else:
                i += 1
    out = question
    for i, piece, hit in sorted(fixes, reverse=True):
        out = out[:i] + hit + out[i + len(piece):]
    return out, [(piece, hit) for _, piece, hit in sorted(fixes)]


def _stands_alone(text: str, i: int) -> bool:
    """Whether the two characters at i are no part of a word with their neighbours: "施工开始" holds no slip of
    公开, "收到的身请" one of 申请."""
    before = i > 0 and is_word(text[i - 1: i + 1])
    after = i + 3 <= len(text) and is_word(text[i + 1: i + 3])
    return not before and not after


def _could_match(piece: str, vocab: Vocabulary) -> bool:
    """Cheap test first: a misspelt name shares all but one character with it, or sounds like it throughout."""
    known = sum(c in vocab.chars for c in piece)
    return known >= len(piece) - 1 and (known >= 1 or all(_pinyin(c) in vocab.sounds for c in piece))


def _match(piece: str, vocab: Vocabulary) -> str | None:
    same_sound = vocab.by_pinyin.get((tuple(_pinyin(c) for c in piece), len(piece)), ())
    found = [w for w in same_sound if w != piece]
    if not found and len(piece) >= 3 and not _two_words(piece):
        for i, c in enumerate(piece):
            if (i == len(piece) - 1 and c in _SUFFIX_CHARS) or c in _PARTICLES:
                continue  # "问政的办理" holds no slip of 政府办: a name is not misspelt with 的
            found += [w for w in vocab.by_gap.get(piece[:i] + "?" + piece[i + 1:], ()) if w != piece and w[i] != c
                      and w[-1] == piece[-1]]
    found = list(dict.fromkeys(found))
    return found[0] if len(found) == 1 else None


def _two_words(piece: str) -> bool:
    """"其中结果" is 其中 + 结果, written as meant: one other character makes it 其他结果, but it is no slip."""
    return any(is_word(piece[:i]) and is_word(piece[i:]) for i in range(2, len(piece) - 1))
