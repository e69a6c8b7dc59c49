"""Claims to check ("报告里说全年收到80件申请，对吗？"): the question the claim answers, and the claimed figure.

The reader then asks that question of the report and says whether the claim holds, with the report's figure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.question.lexicon import CLAIM_CHECK as CHECK
from assistant.question.lexicon import CLAIMED_FIGURE, FIGURE_TAG, ROUGH_CLAIM, ROUGH_FIGURE

# Who said it: context, not what is asked ("我看到有文章说", "听人讲", "报告里说")
_SAID = re.compile(r"^(?:我)?(?:看到|听到|听|见)?(?:有|一)?(?:篇|个)?(?:文章|报道|新闻|人|别人|网上|媒体|朋友|材料)"
                   r"(?:上|里)?(?:说|讲|称|提到|写)[，,：:]?|^听说|^据说|^据报道")
_FIGURE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(%|％|个百分点|万元|条|件|个|次|项|篇|人|元|起|场|份)")


# A claim that something did not happen ("一个申请都没收到", "从未被起诉")
_DENIES = re.compile(r"(?<![有是])(?:都|也|从|从来|并|根本)?(?:没有?|未|不曾)(?!有没有)")


@dataclass
class Claim:
    question: str  # what the claim answers, asked plainly
    value: float | None  # the figure claimed, or None for a claim of fact ("有一部分是部分公开的")
    unit: str
    computed: bool = False  # the claim is about a sum or difference of the report's figures
    rough: tuple[float, float] | None = None  # a rough figure's range ("八百多" → 800 to 900)
    said: str = ""  # the rough figure as typed


def _number(text: str) -> float | None:
    if text.isdigit():
        return float(text)
    if text in ("百", "千", "万"):
        return {"百": 100.0, "千": 1000.0, "万": 10000.0}[text]  # 上千
    import cn2an

    try:
        return float(cn2an.cn2an(text.replace("两", "二"), "smart"))
    except (ValueError, KeyError):
        return None


def rough_range(m: re.Match) -> tuple[float, float] | None:
    """The range a rough figure covers: 八百多 800–900, 一百出头 100–130, 二百左右 170–230, 不到一百 0–100,
    上千 1000 and more."""
    n = _number(m.group("n1") or m.group("n2") or m.group("n3"))
    if not n:
        return None
    step = 10.0 ** (len(str(int(n))) - 1)
    how = m.group("how") or m.group("pre") or m.group("how3") or ""
    if how in ("多", "余", "来", "开外"):
        return n, n + step
    if how == "出头":
        return n, n + 0.3 * step
    if how in ("左右", "上下"):
        return 0.85 * n, 1.15 * n
    if how in ("以上", "超过", "超过了", "不止", "上"):
        return n, float("inf")
    if how in ("不到", "不足"):
        return 0.0, n
    return 0.85 * n, n  # 将近/接近/近


def parse_rough(question: str) -> Claim | None:
    """"主动公开的信息是不是一百出头？" → the question "主动公开的信息是多少？" and the range claimed."""
    m = ROUGH_CLAIM.search(question)
    figure = ROUGH_FIGURE.search(question, m.start()) if m else None
    span = rough_range(figure) if figure else None
    if span is None:
        return None
    unit = figure.group("u1") or figure.group("u2") or figure.group("u3") or ""
    before = question[: m.start()]
    asked = f"{before}{'' if before.endswith('是') else '是'}多少{unit}{question[m.end():]}"
    asked = re.sub(r"[吗么嘛吧]([？?])|[吗么嘛吧]$", r"\1", asked).strip(" ，,")
    return Claim(asked if asked.endswith(("？", "?")) else asked + "？", None, unit, rough=span,
                 said=figure.group(0))


def parse_claim(question: str) -> Claim | None:
    """The claim a question puts to check, or None when it puts none."""
    rough = parse_rough(question)
    if rough is not None:
        return rough
    last = CLAIMED_FIGURE.search(question)
    if last and last.start() > 0:  # "A加上B 是不是正文说的74件": the figure to check is the last thing said
        unit = last.group("u") or ""
        asked = "百分之多少" if unit in ("%", "％") else f"多少{unit}"
        said = question[: last.start()].strip(' ，,')
        return Claim(f"{said}是{asked}？", float(last.group("n")), unit, bool(re.search(r"加|合计|之和|减|差", said)))
    m = CHECK.search(question)
    if not m and FIGURE_TAG.search(question):
        m = re.search(r"吧\s*[？?]?\s*$", question)  # "…也是26个试点领域的公开目录吧？"
    if not m:
        return None
    said = question[: m.start()].strip(" ，,")
    last = re.split(r"[，,。]", said)[-1]  # the claim is the clause checked ("那26件申请，听说有一部分是部分公开的")
    at = len(said) - len(last)
    figures = [f for f in _FIGURE.finditer(said) if f.start() >= at and not re.match(r"(19|20)\d{2}$", f.group(1))]
    if not figures:
        plain = _SAID.sub("", said).strip(" ，,")
        return Claim(f"{plain}吗？", None, "") if plain else None
    f = figures[-1]  # the claim's own figure comes last ("91条里，通过中卫日报发布的是31条")
    unit = f.group(2)
    asked = "百分之多少" if unit in ("%", "％") else f"多少{unit}"
    rewritten = _SAID.sub("", said[: f.start()] + asked + said[f.end():])
    return Claim(rewritten.strip(" ，,") + "？", float(f.group(1)), unit)


def verdict(claim: Claim, short: str, found_value: float | None) -> str:
    """对/不对 with the report's own answer."""
    if claim.rough is not None:
        if found_value is None:
            return short
        lo, hi = claim.rough
        fits = lo <= found_value < hi or (hi == float("inf") and found_value >= lo)
        return f"{'是' if fits else '不是'}，报告写的是{short}（所问：{claim.said}）"
    if claim.value is None:
        yes = not short.startswith(("没有", "未", "不", "否"))
        if _DENIES.search(claim.question):
            yes = not yes  # "一个申请都没收到，是真的吗": the report's "没有" bears the claim out
        return f"{'对' if yes else '不对'}（{short}）"
    says = "按报告的数字算是" if claim.computed else "报告写的是"
    if found_value is not None and abs(found_value - claim.value) < 1e-9:
        return f"对，{says}{short}"
    return f"不对，{says}{short}"
