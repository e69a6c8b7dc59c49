"""Figures a question writes in characters, as the reports write them: "总数五百一十条，其中主动公开一百九十八条" →
510条, 198条, so that the readers that take figures from the question (shares of given figures, checks of a claim)
read them. Only a counted figure is rewritten (a numeral of two or more characters, with 十/百/千/万 or 〇/零, before
a unit): 一是, 三公, 十四五 and 一条龙 stay as written."""

from __future__ import annotations

import re

_UNITS = r"(?:个百分点|万元|亿元|条|件|个|场|人|次|篇|项|期|元|名|家|份|起|天|个工作日)"
_FIGURE = re.compile(rf"(?<![第〇零一二两三四五六七八九十百千万亿])"
                     rf"([〇零一二两三四五六七八九十百千]*[十百千〇零][〇零一二两三四五六七八九十百千]*)(?={_UNITS})")


def _digits(m: re.Match) -> str:
    import cn2an  # only a question that writes its figures this way needs it

    try:
        return str(int(cn2an.cn2an(m.group(1).replace("两", "二"), "smart")))
    except ValueError:
        return m.group(0)


def figures_in_digits(text: str) -> str:
    """二十四场 → 24场, 五百一十条 → 510条; other text unchanged."""
    return _FIGURE.sub(_digits, text) if _FIGURE.search(text) else text
