"""Years a question names: 2024年, 二〇二四年, 24年, 2019、2020、2021三年, 2019至2021年, 去年 …"""

from __future__ import annotations

import datetime as dt
import re

YEAR = re.compile(r"(20\d{2})\s*年")
_BEFORE_NAMED = frozenset({"上一年"})  # relative to a year the text names, when it names one
_RELATIVE = {"今年": 0, "本年度": 0, "去年": -1, "上一年": -1, "前年": -2}


_YEAR_LIST = re.compile(r"(?<!\d)(20\d{2})(?=\s*(?:年|、|，|,|/|／|和|与|及|跟|至|到|—|－|-|~|～|这|那|[）)]|"
                        r"[两三四五六七八九十几]个?年|[两三四五六七八九十几](?:份|篇)(?:年报|报告)))")  # "2025四份年报"
_YEAR_RANGE = re.compile(r"(20\d{2})\s*年?\s*(?:至|到|—|－|-|~|～)\s*(20\d{2})\s*年")


# a year said as a number, as voice input writes it: 两千零二十三年
_SPOKEN_YEAR = re.compile(r"[两二]千零?[一二三四五六七八九]?十?[一二三四五六七八九]?(?=\s*年)")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_TARGET_YEAR = re.compile(r"(结转|顺延|转入|转)(到|至)\s*(20\d{2}|\d{2})\s*年度?")


# A year typed alone, as in a keyword search ("平潭 2023 申请 几件"): set off by a space or the text's end, and
# not a count (2019条) or part of a longer number.
_BARE_YEAR = re.compile(r"(?<![\d.])(20[0-3]\d)(?![\d.])")
_UNIT_AFTER = re.compile(r"\s*[条件个次项篇人名元万亿份家起场期号分秒天月日年%％]")


# "平潭全区25 复议维持", "洪泽23 许可": a short year typed right after the place, a space after it
_SHORT_YEAR = re.compile(r"(?<=[\u4e00-\u9fff])(?<![是有共为计达约近超了到至第])(1[5-9]|2\d|3[0-5])"
                         r"(?=\s+[\u4e00-\u9fff])(?!\s*[条件个次项篇人名元万亿份家起场期号分秒天月日年%％])")


def _bare_year(m: re.Match) -> str:
    text, start, end = m.string, m.start(), m.end()
    alone = (start == 0 or text[start - 1].isspace()) or (end == len(text) or text[end].isspace())
    return m.group(1) + "年" if alone and not _UNIT_AFTER.match(text, end) else m.group(0)


def _spoken_year(m: re.Match) -> str:
    import cn2an  # only a question that says its year this way needs it

    return str(cn2an.cn2an(m.group(0), "smart"))


def normalise_years(text: str) -> str:
    """二〇二四年 → 2024年, 24年 → 2024年, "平潭 2023 申请" → 2023年; a year something is carried over into is not
    the report's."""
    text = full_years(_SHORT_YEAR.sub(r"20\1年", _BARE_YEAR.sub(_bare_year, text)))
    return _TARGET_YEAR.sub(r"\1\2下一年", text)


def written_years(text: str) -> str:
    """Years written digit by digit in characters as the reports write them: 二〇二四年 → 2024年 (safe to read
    anywhere, unlike 24年)."""
    return re.sub(r"[〇零一二三四五六七八九]{4}(?=\s*年)", lambda m: m.group(0).translate(_CN_DIGITS), text)


def full_years(text: str) -> str:
    """Years said short or in words written as four digits: 二〇二四年, 两千零二十四年, 24年 → 2024年."""
    text = written_years(text)
    text = _SPOKEN_YEAR.sub(_spoken_year, text)
    return re.sub(r"(?<![\d.])(1[5-9]|2\d|3[0-5])(?=\s*年(?!代|龄|限|轻))", r"20\1", text)


# "结转 to 2026", "结转至2026年": the year requests are carried into, not a report asked about
_CARRIED_INTO = re.compile(r"结转\s*(?:到|至|入|to)?\s*(?:下一?年度?|20\d{2}\s*年?度?)")


def without_carried_into(text: str) -> str:
    return _CARRIED_INTO.sub("结转", text)


def years_in(text: str, today: dt.date) -> list[int]:
    """Years a question names, in order: 2019年, 2019、2020、2021三年, 2019至2021年, 去年 …"""
    text = without_carried_into(normalise_years(text))
    years: list[int] = []
    for m in _YEAR_RANGE.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        if 0 < b - a <= 10:
            years += list(range(a, b + 1))
    years += [int(y) for y in _YEAR_LIST.findall(text)]
    named = list(years)
    for word, delta in _RELATIVE.items():
        if word in text:
            # "2024年比上一年多了多少": the year before the one named; with none named, before this year
            base = named[0] if named and word in _BEFORE_NAMED else today.year
            years.append(base + delta)
    return list(dict.fromkeys(years))


# "2021年是70件 2023年是多少件": a year the asker states a figure for is given, not asked
_GIVEN_YEAR = re.compile(r"(20\d{2})\s*年度?(?:的|是|为|有|共|才|就)?\s*\d+(?:\.\d+)?\s*"
                         r"(?:[件条个次项篇人名起场份%％]|万?元)|"
                         r"(20\d{2})\s*年度?[^，,。？?\d]{0,16}?(?:才|只有|仅有?|就有|是|为|有)\s*\d+(?:\.\d+)?\s*"
                         r"(?:[件条个次项篇人名起场份%％]|万?元)")  # "2023年…行政复议才2起", "2024年信息处理费是0元"


# "2019年的还是2021年的": years offered as answers to choose from (a template's edition), not reports asked about
_OPTION_YEARS = re.compile(r"(20\d{2})\s*年?(?:版|的)?\s*(?:还是|或者?)\s*(20\d{2})")


_COMPARED_YEARS = re.compile(r"20\d{2}\s*年度?(?:的[^，,。？?]{0,10})?是\s*20\d{2}\s*年度?的?"
                             r"[^，,。？?]{0,6}(?:几|多少)倍|"
                             # "从2021年的7816万元降到2025年，一共降了多少": the figure given is one end of the change
                             r"(?:从|由)\s*20\d{2}\s*年[^，,。？?]{0,16}?(?:降|升|涨|增|减|变)(?:到|至|为|成)")


def asked_years(text: str, years: list[int]) -> list[int]:
    """`years` without those the question states a figure for or offers as choices, when some year is left
    to ask about."""
    plain = normalise_years(text)
    if len(years) >= 2 and _COMPARED_YEARS.search(plain):
        return years  # "…2021年是2645条，2023年是2021年的几倍": the figures given are the two compared
    given = {int(a or b) for a, b in _GIVEN_YEAR.findall(plain)}
    given |= {int(y) for pair in _OPTION_YEARS.findall(plain) for y in pair}
    left = [y for y in years if y not in given]
    return left if left and given else years


# (结转到下一年 is the template's row of requests carried over, not a year)
_NEXT_YEAR = re.compile(r"第二年|次年|(?<!结转到)(?<!转到)(?<!结转)下一年|后一年|翌年|转年|第二年度")
# "再往后两年呢？", "三年后呢": that many years after the earlier turn's year; "往前两年" before it
_YEARS_LATER = re.compile(r"(?:再)?(?:往后|向后|过了?|隔了?)(?:推)?\s*([一两二三四五六七八九\d])\s*年|"
                          r"([一两二三四五六七八九\d])\s*年(?:之后|以后|后)")
_YEARS_EARLIER = re.compile(r"(?:再)?(?:往前|向前)(?:推)?\s*([一两二三四五六七八九\d])\s*年|"
                            r"([一两二三四五六七八九\d])\s*年(?:之前|以前)")


# "上一年度同一栏目的数字": the year before the earlier turn's (上年结转 is table 三's row, not a year)
_YEAR_BEFORE = re.compile(r"上一年度?(?!结转)|前一年度?|上个?年度(?!结转)")


def year_offset(text: str) -> int | None:
    """How many years after (+) or before (−) the earlier turn's year a follow-up asks about, or None."""
    if _NEXT_YEAR.search(text):
        return 1
    if _YEAR_BEFORE.search(text):
        return -1
    for pattern, sign in ((_YEARS_LATER, 1), (_YEARS_EARLIER, -1)):
        m = pattern.search(text)
        if m:
            n = m.group(1) or m.group(2)
            return sign * int(n if n.isdigit() else "一二三四五六七八九".index(n.replace("两", "二")) + 1)
    return None


def relative_years_removed(text: str) -> str:
    """The text without the words that name a year relative to another ("再往后两年", "下一年")."""
    for pattern in (_NEXT_YEAR, _YEAR_BEFORE, _YEARS_LATER, _YEARS_EARLIER):
        text = pattern.sub("", text)
    return re.sub(r"^(再|又)", "", text)
