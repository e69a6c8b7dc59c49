"""Word list numbering: the 一、 （一） 1. that Word draws in front of a paragraph but does not store in its text.

Headings and table labels numbered with Word's lists would otherwise lose the markers that
sections and table readers look for. Counters follow Word's rules closely enough for reports:
one counter set per abstract list (per w:num when it restarts with startOverride), and a level
resets the levels below it.
"""

from __future__ import annotations

import re

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "〇一二三四五六七八九"
_CN_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
                    "ideographTraditional"}


def chinese(n: int, digits: str = _CN_DIGITS, ten: str = "十") -> str:
    """1..99 as 一 … 九十九 (十一, 二十, 二十一)."""
    if not 0 < n < 100:
        return str(n)
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else (ten if tens == 1 else digits[tens] + ten)
    return head + (digits[units] if units else "")


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def _letters(n: int) -> str:
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter in a w:numFmt; formats without a readable marker (bullet, none) give ""."""
    if fmt in ("decimal", "decimalZero", "decimalHalfWidth", "decimalFullWidth", "decimalFullWidth2"):
        return f"{n:02d}" if fmt == "decimalZero" else str(n)
    if fmt in _CHINESE_FORMATS:
        return chinese(n)
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese(n, _CN_LEGAL, "拾")
    if fmt == "ideographDigital":
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt.startswith("decimalEnclosedCircle"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n) if fmt == "upperLetter" else _letters(n).lower()
    return ""


def _val(el, path: str) -> str | None:
    found = el.find(path)
    return found.get(f"{_W}val") if found is not None else None


def _int(text: str | None, default: int) -> int:
    return int(text) if text and text.lstrip("-").isdigit() else default


class Numbering:
    """The numbering part and paragraph styles of one document, and the running counters."""

    def __init__(self, numbering_el, styles_el):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstractNumId → ilvl → (fmt, text, start)
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId → (abstractNumId, start overrides)
        self.style_num: dict[str, tuple[str, int]] = {}  # styleId → (numId, ilvl)
        self.counters: dict[str, dict[int, int]] = {}
        if numbering_el is not None:
            self._read_lists(numbering_el)
        if styles_el is not None:
            self._read_styles(styles_el)

    @classmethod
    def of(cls, document) -> Numbering | None:
        """None when the document has no lists (python-docx adds an empty part on access: check first)."""
        part = document.part
        rel = next((r for r in part.rels.values() if r.reltype.endswith("/numbering")), None)
        if rel is None:
            return None
        numbering_el = rel.target_part.element if hasattr(rel.target_part, "element") else None
        styles_el = document.styles.element if numbering_el is not None else None
        return cls(numbering_el, styles_el)

    def _read_lists(self, root) -> None:
        for abstract in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in abstract.findall(f"{_W}lvl"):
                fmt = _val(lvl, f"{_W}numFmt") or "decimal"
                levels[_int(lvl.get(f"{_W}ilvl"), 0)] = (fmt, _val(lvl, f"{_W}lvlText") or "",
                                                         _int(_val(lvl, f"{_W}start"), 1))
            self.levels[abstract.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            overrides = {_int(o.get(f"{_W}ilvl"), 0): _int(_val(o, f"{_W}startOverride"), 1)
                         for o in num.findall(f"{_W}lvlOverride") if o.find(f"{_W}startOverride") is not None}
            self.nums[num.get(f"{_W}numId")] = (_val(num, f"{_W}abstractNumId") or "", overrides)

    def _read_styles(self, root) -> None:
        for style in root.findall(f"{_W}style"):
            num_id = _val(style, f"{_W}pPr/{_W}numPr/{_W}numId")
            if num_id:
                level = _int(_val(style, f"{_W}pPr/{_W}numPr/{_W}ilvl"), 0)
                self.style_num[style.get(f"{_W}styleId")] = (num_id, level)

    def _num_of(self, p) -> tuple[str, int] | None:
        """(numId, level) from the paragraph's own w:numPr, else from its style."""
        num_id = _val(p, f"{_W}pPr/{_W}numPr/{_W}numId")
        level = _val(p, f"{_W}pPr/{_W}numPr/{_W}ilvl")
        style = _val(p, f"{_W}pPr/{_W}pStyle")
        if num_id is None and style in self.style_num:
            num_id, style_level = self.style_num[style]
            level = level if level is not None else str(style_level)
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        return num_id, _int(level, 0)

    def label(self, p) -> str:
        """The marker Word shows for this paragraph ("" when none); advances the counters."""
        found = self._num_of(p)
        if found is None:
            return ""
        num_id, level = found
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if level not in levels:
            return ""
        key = num_id if overrides else abstract
        counts = self.counters.setdefault(key, {})
        start = overrides.get(level, levels[level][2])
        counts[level] = counts.get(level, start - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        return self._render(levels, counts, level, overrides)

    @staticmethod
    def _render(levels, counts, level: int, overrides: dict[int, int]) -> str:
        fmt, text, _ = levels[level]
        if fmt in ("bullet", "none"):
            return ""

        def one(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            k_fmt, _, k_start = levels.get(k, (fmt, "", 1))
            return format_number(counts.get(k, overrides.get(k, k_start)), k_fmt)

        return re.sub(r"%([1-9])", one, text)
