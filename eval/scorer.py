"""The scoring rules of ../shared/eval/QA_FORMAT.md, as pure functions.

- number: right when the first number in `short_answer` equals the gold `answer`
  (三十一 = 31; 31条, 31件, 31.0 and 1,295 with a thousands comma are numbers too). A first number
  written with 万 or 亿 also counts at its full value: 173.1万 equals both 173.1 and 1731000.
- text: right when `short_answer` or `answer` contains any `accept` string, all whitespace
  removed on both sides.
- none: right when `found` is false. A number or text item answered with found=false is wrong.

Citations (our definition where QA_FORMAT leaves room):
- gold `report` set: cited when some citation's `file` equals it.
- gold `report` null (refusals, questions spanning reports): a found answer is cited when it has
  any citation at all; a refusal (found=false) has nothing to cite and is never "cited".
  Summary cited rates therefore count only correct *found* answers (see `citable`).
"""

from __future__ import annotations

import re
import unicodedata

_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}
_CN_CHARS = "".join(_DIGIT) + "".join(_SMALL_UNIT) + "".join(_BIG_UNIT)

# Arabic: 1,295 / 12.5 / 31 ; Chinese: a run of numeral characters.
_NUMBER_RE = re.compile(rf"(?P<ar>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)|(?P<cn>[{_CN_CHARS}]+)")

# Words in which a numeral character is not a count ("一是…", "统一", "进一步"): skipped, so a
# short answer like "一共31条" reads as 31, not 1.
_NOT_NUMBER_WORDS = ("一共", "一是", "二是", "三是", "四是", "五是", "一些", "一般", "一起", "一律", "一并",
                     "一致", "一直", "一定", "一切", "一体", "一线", "一步", "十分", "万一", "唯一", "统一",
                     "同一", "逐一", "进一步")
_WS_RE = re.compile(r"\s+")


def cn_to_number(text: str) -> int | None:
    """Chinese numeral → int: 三十一 → 31, 一百零五 → 105, 两千三百 → 2300, 二〇二四 → 2024.

    None when `text` is not a well-formed numeral (empty, or a unit with nothing to scale).
    """
    if not text or any(ch not in _CN_CHARS for ch in text):
        return None
    if all(ch in _DIGIT for ch in text):  # read digit by digit: 二〇二四, 三
        return int("".join(str(_DIGIT[ch]) for ch in text))
    return _cn_positional(text)


def _cn_positional(text: str) -> int | None:
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch in _SMALL_UNIT:
            # 十二 = 12: a bare 十 means 一十.
            section += (1 if digit is None else digit) * _SMALL_UNIT[ch]
            digit = None
        else:
            part = section + (digit or 0)
            if part == 0 and total == 0:
                return None  # 万 / 亿 alone is not a number
            total = (total + part) * _BIG_UNIT[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def _blocked(text: str, start: int, end: int) -> bool:
    """Whether the numeral run text[start:end] overlaps one of the non-number words."""
    for word in _NOT_NUMBER_WORDS:
        i = text.find(word, max(0, start - len(word) + 1))
        while i != -1 and i < end:
            if i + len(word) > start:
                return True
            i = text.find(word, i + 1)
    return False


def first_number(text: str | None) -> float | None:
    """The first number written in `text` (Arabic or Chinese numerals), or None."""
    values = first_number_values(text)
    return values[0] if values else None


def first_number_values(text: str | None) -> list[float]:
    """The values the first number of `text` counts as: [173.1, 1731000.0] for 173.1万, [31.0] for 31条,
    [31.0, 310000.0] for 三十一万 (a trailing 万/亿 may be a unit word or part of the number)."""
    if not text:
        return []
    text = unicodedata.normalize("NFKC", text)  # full-width digits ３１ → 31
    for m in _NUMBER_RE.finditer(text):
        if m.group("ar"):
            value = float(m.group("ar").replace(",", ""))
            scale = _BIG_UNIT.get(text[m.end(): m.end() + 1])
            return [value, value * scale] if scale else [value]
        if _blocked(text, m.start(), m.end()):
            continue
        run = m.group("cn")
        value = cn_to_number(run)
        if value is None:
            continue
        head = cn_to_number(run[:-1]) if run[-1] in _BIG_UNIT and len(run) > 1 else None
        return [float(value)] + ([float(head)] if head is not None and head != value else [])
    return []


def numbers_equal(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-9 * max(1.0, abs(b))


def squash(text: str | None) -> str:
    """All whitespace removed (spaces, tabs, newlines, the ideographic space)."""
    return _WS_RE.sub("", text or "")


def text_matches(accept: list[str], *texts: str | None) -> bool:
    targets = [squash(t) for t in texts]
    return any(squash(a) and squash(a) in t for a in accept for t in targets)


def is_correct(gold: dict, answer: dict) -> bool:
    kind = gold.get("kind")
    found = bool(answer.get("found"))
    if kind == "none":
        return not found
    if not found:
        return False
    if kind == "number":
        gold_value = _gold_number(gold)
        return any(numbers_equal(v, gold_value) for v in first_number_values(answer.get("short_answer")))
    if kind == "text":
        accept = gold.get("accept") or ([gold["answer"]] if gold.get("answer") else [])
        return text_matches(accept, answer.get("short_answer"), answer.get("answer"))
    raise ValueError(f"未知的题目类型 kind={kind!r}；可选 number、text、none（题目 {gold.get('id')}）")


def _gold_number(gold: dict) -> float:
    value = first_number(str(gold.get("answer", "")))
    if value is None:
        raise ValueError(f"题目 {gold.get('id')} 的 answer {gold.get('answer')!r} 不是数字")
    return value


def is_cited(gold: dict, answer: dict) -> bool:
    citations = answer.get("citations") or []
    if gold.get("report"):
        return any(c.get("file") == gold["report"] for c in citations)
    return bool(answer.get("found")) and bool(citations)


def citable(answer: dict) -> bool:
    """Whether citing applies: a refusal has no passage to name."""
    return bool(answer.get("found"))


def score_item(gold: dict, answer: dict) -> tuple[bool, bool]:
    """(correct, cited) for one gold item and one answer object."""
    return is_correct(gold, answer), is_cited(gold, answer)
