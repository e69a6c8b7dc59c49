"""Questions written in traditional characters (Hong Kong, Taiwan, Macao) read as the reports are written.

OpenCC simplifies the characters; the regional wording the reports write otherwise (资讯 → 信息, 入口网站 → 门户网站)
is the lexicon's REGIONAL_PHRASES. A question that is already simplified is left exactly as typed: only one
that has a character with a simplified form is converted, so mainland wording is never rewritten. English words
mixed in ("官网上post了多少条") are read as the lexicon's ENGLISH_WORDS say, whole words only, and spoken
forms ("有冇", "几多") as its SPOKEN_WORDS say.
"""

from __future__ import annotations

import re
import threading

from assistant.question.lexicon import ENGLISH_WORDS, REGIONAL_PHRASES, SPOKEN_AND, SPOKEN_WORDS

_lock = threading.Lock()
_converters: dict[str, object] = {}


def _converter(config: str):
    with _lock:
        if config not in _converters:
            import opencc

            _converters[config] = opencc.OpenCC(f"{config}.json")
        return _converters[config]


_ENGLISH = re.compile(r"(?<![A-Za-z])(" + "|".join(sorted(ENGLISH_WORDS, key=len, reverse=True)) + r")(?![A-Za-z])",
                      re.I)


def english_read(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The text with the English words and spoken forms (有冇, 几多) people mix in read as the reports' words,
    and what was read so."""
    pairs: list[tuple[str, str]] = []

    def sub(m: re.Match) -> str:
        word = ENGLISH_WORDS[m.group(0).lower()]
        if word:  # (a joining word read as nothing is not worth saying)
            pairs.append((m.group(0), word))
        return word

    text = _ENGLISH.sub(sub, text)
    for spoken in sorted(SPOKEN_WORDS, key=len, reverse=True):  # "有冇" before "冇"
        if spoken in text:
            pairs.append((spoken, SPOKEN_WORDS[spoken]))
            text = text.replace(spoken, SPOKEN_WORDS[spoken])
    if SPOKEN_AND.search(text):
        pairs.append(("同", "和"))
        text = SPOKEN_AND.sub("和", text)
    if _WHICH_TYPED_THAT.search(text):
        pairs.append(("那个", "哪个"))
        text = _WHICH_TYPED_THAT.sub("哪", text)
    return text, pairs


# "是那个部门收的": 那 typed for 哪 (same sound) where only a question makes sense — a question with no other
# question word, ending on what was done
_WHICH_TYPED_THAT = re.compile(r"(?<=是)那(?=[个家位](?:部门|单位|机关|科室|局|委|办)"
                               r"[^，,。？?吗么呢多少几什么哪]{0,8}的?[？?]?\s*$)")


# Full-width digits and letters ("２５９９条", "ＷｅＣｈａｔ") as the reports and the patterns write them (full-width
# punctuation stays: the patterns read "，" and "？" already)
_HALF = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                       **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                       **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}, "．": "."})


def half_width(text: str) -> str:
    return text.translate(_HALF)


def to_simplified(text: str) -> str:
    """The text in simplified characters and mainland wording; unchanged if it has no traditional character."""
    if not text:
        return text
    simple = _converter("tw2s").convert(text)
    if simple == text:
        return text
    for regional, mainland in sorted(REGIONAL_PHRASES.items(), key=lambda p: -len(p[0])):
        simple = simple.replace(regional, mainland)
    return simple
