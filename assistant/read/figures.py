"""A figure the prose states, read through its mentions (ingest/text/mentions.py).

Each mention is scored against the question: how much of the question its clause (and the clauses
before it) covers, how well the words just before it say what the question counts, whether its unit
agrees with the one asked for (多少人 is never answered with a 条 figure), whether it is a total when the
question asks for one, and whether it is an item of a "（其中…）" breakdown. Only stated figures can be
answers: never a run of table digits, never the report's count of its own parts unless that is asked.
"""

from __future__ import annotations

import functools
import os
import re

from assistant.question.lexicon import (
    asked_part,
    asked_unit,
    counted_noun,
    counted_thing,
    measure_units,
    present,
    units_agree,
)
from assistant.question.plan import context_before
from assistant.read.common import Extract, bigrams, coverage, key_terms, quoted
from assistant.scoring import SCORING, Scoring
from ingest.text.mentions import TOTAL_WORDS, Mention, mentions
from ingest.text.tokenize import tokens

_TOTAL_ASKED = re.compile(r"一共|总共|共计|总计|合计|累计|全年|总数|共有|共")
_TOTAL_STATED = TOTAL_WORDS
_NEW_STATED = re.compile(r"新增|其中|新建")
_TO_TARGET = re.compile(r"(缩短|减少|降低|下降|提高|提升|增加|增长|压缩)(到|至)|降至|缩至|达到|提至")
_OWN_REPORT = re.compile(r"年度报告|年报")
_ASKS_RATE = re.compile(r"率|比例|比重|百分|%|％|占")


def figure_unit(m: Mention) -> str:
    return "%" if m.unit == "％" else m.unit


def _names_own_words(m: Mention, siblings: list[Mention], question: str, section: str = "") -> bool:
    """Whether the question uses a word of this list item that the other items of its list (and the section
    the list stands in) do not have."""
    others = "".join(s.measure for s in siblings if s is not m) + section
    own = [t for t in tokens(m.measure) if len(t) >= 2 and t not in others]
    return any(t in question for t in own)


def _own_parts(items: list[Mention]) -> list[str]:
    """For figures listed in one clause ("全年开展季度通报3次、月通报7次"): the words that tell each item apart,
    without what they share at their end (通报) or the words before the first that govern the whole list
    (全年开展)."""
    measures = [re.sub(r"[\s、，,：:；;]", "", m.measure) for m in items]
    if len(measures) < 2 or not all(measures):
        return []
    shared = os.path.commonprefix([x[::-1] for x in measures])[::-1]
    cores = [x[: len(x) - len(shared)] for x in measures]
    if not all(cores):
        return []
    width = max(2, max(len(c) for c in cores[1:]))
    return [c[-width:] if i == 0 else c[:width] for i, c in enumerate(cores)]


def item_named(m: Mention, clause_items: list[Mention], asked: str) -> int:
    """+1 when the question names this list item's own words and no other item's, -1 when it names
    another's only, 0 otherwise (or when the clause lists nothing)."""
    parts = _own_parts(clause_items)
    if not parts:
        return 0
    named = [i for i, part in enumerate(parts) if part in asked]
    if len(named) != 1:
        return 0
    return 1 if clause_items[named[0]] is m else -1


_PAIR = re.compile(r"([\u4e00-\u9fff]{2,6})[、和及与]([\u4e00-\u9fff]{2,6})")


def _pair_heads(left: str, right: str) -> tuple[str, str]:
    """The words that tell two listed things apart: the last of the first, the first of the second that is
    not a modifier ("政府规章" is told apart by 规章)."""
    a = (tokens(left) or [left])[-1]
    b = next((t for t in tokens(right) if len(t) >= 2 and t not in _MODIFIERS), right)
    return a, b


_MODIFIERS = frozenset({"政府", "地方", "地方性", "相关", "有关", "各类", "各项", "其他", "本级"})


def _counts_jointly(m: Mention, asked: str) -> bool:
    """A figure for "A、B" together ("通过邮寄、网络提交的申请共计81件") does not answer a question about A alone
    ("通过网络提交的有多少件"): the question names one of the pair and not the other."""
    for left, right in _PAIR.findall(m.measure):
        a, b = _pair_heads(left, right)
        if len(a) >= 2 and len(b) >= 2 and a != b and (a in asked) != (b in asked):
            return True
    # The figures after it in its sentence ("…共计81件，涉及自然人80件") read their subject from it (a clause
    # before them with a figure in their unit), unless they name the one asked about themselves ("其中网站80条").
    before = m.sentence[: max(0, m.sentence.find(m.clause))]
    joint = [c for c in re.split(r"[，,；;]", before) if m.unit and re.search(rf"\d\s*{re.escape(m.unit)}", c)]
    for left, right in (pair for clause in joint for pair in _PAIR.findall(clause)):
        a, b = _pair_heads(left, right)
        if len(a) >= 2 and len(b) >= 2 and a != b and (a in asked) != (b in asked):
            one = a if a in asked else b
            if one not in m.measure:
                return True
    return False


@functools.lru_cache(maxsize=1024)
def _asked_noun(question: str) -> tuple[str, str]:
    unit = asked_unit(question)
    return unit, counted_noun(question, unit)


def score_mention(m: Mention, weights: dict[str, float], q_bigrams: set[str], question: str, rank: int,
                  quotes: list[str], scoring: Scoring = SCORING, siblings: list[Mention] | None = None,
                  section: str = "", asked: str = "") -> tuple[float, float]:
    """(score, coverage) of one mention for the question; `asked`: the part of it that says what is counted."""
    asked = asked or asked_part(question)
    measure_weights = {t: w for t, w in weights.items() if t in asked} or weights if asked != question else weights
    cov = max(coverage(m.clause, weights, scoring), scoring.context_credit * coverage(m.context + m.clause, weights,
                                                                                       scoring))
    # a total's heading says what it totals ("（一）主动公开情况 … 公开政府信息159条，其中…")
    if m.is_total and section:
        cov = max(cov, scoring.section_credit * coverage(section.split(" > ")[-1] + m.clause, weights, scoring))
    if quotes and any(q in m.clause or q in m.context for q in quotes):
        cov = max(cov, scoring.quoted_floor)  # the exact name the question quotes
    if _OWN_REPORT.search(m.clause):
        cov -= scoring.title_penalty
    # The measure words answer what is counted, so they are matched against the asked part only.
    before = coverage(m.measure, measure_weights, scoring)
    local = before if before > 0 else scoring.after_credit * coverage(m.after, measure_weights, scoring)
    overlap = len(q_bigrams & bigrams(m.measure + m.after)) / max(len(q_bigrams), 1)
    # Measure words the question does not use say the figure counts something narrower or other
    # ("其他应主动公开的政府信息90条" vs "主动公开政府信息121条" for 主动公开的信息).
    measure = re.sub(r"[\d\s、，。；：:“”（）()]", "", m.measure)[-12:]
    precision = sum(1 for ch in measure if ch in asked) / len(measure) if measure else 0.0
    score = (cov + scoring.measure_weight * local + scoring.overlap_weight * overlap
             + scoring.precision_weight * precision)
    score -= scoring.rank_penalty * min(rank, scoring.rank_cap)
    unit, noun = _asked_noun(question)
    if noun and m.unit == unit and re.sub(r"^[\s《“\"]+", "", m.after).startswith(noun):
        score += scoring.counted_noun_bonus
    if quotes and any(q in m.clause for q in quotes):
        score += scoring.quoted_bonus
    elif quotes and any(q in m.context for q in quotes):
        score += scoring.quoted_context_bonus  # the name quoted leads the sentence: its measure words decide
    if _TO_TARGET.search(question) and m.measure[-1:] in ("至", "到"):
        score += scoring.to_target_bonus
    if m.breakdown:
        score -= scoring.breakdown_penalty  # the total before the breakdown is what is asked
    if m.in_list >= 3 and not m.is_total and siblings is not None and any(s.is_total for s in siblings) and \
            not _names_own_words(m, siblings, question, section):
        score -= scoring.list_item_penalty  # an item of a breakdown, when the question names none of its own words
    if m.is_total:
        score += scoring.stated_total_bonus  # a figure its list breaks down answers a question naming no item
    if siblings:
        score += scoring.item_named_weight * item_named(
            m, [s for s in siblings if s.clause == m.clause and s.unit == m.unit], asked)
    if _TOTAL_ASKED.search(question):
        if _TOTAL_STATED.search(m.measure):
            score += scoring.total_bonus
        elif _NEW_STATED.search(m.measure):
            score -= scoring.new_penalty
    return score, cov


def read_number(question: str, focus: str, docs, drop: set[str], history_part: str = "", idf=None,
                percent: bool = False, scoring: Scoring = SCORING,
                units: frozenset[str] | None = None, not_the_titles: bool = False) -> Extract | None:
    """The stated figure that best answers the question, or None. `units`: only figures in these units;
    `not_the_titles`: never a figure that counts a title the question quotes ("19期《问政平潭之有事你说》")."""
    if focus and focus != question and focus in question and context_before(question):
        question = focus  # a long question's real question (its tail): the preamble is context, not what is asked
    weights = key_terms(question, focus, drop, history_part, idf)
    wanted = "%" if percent else asked_unit(question)
    # The unit the question names (多少条) decides; what is counted (粉丝 → 人) decides only when it names none.
    allowed = frozenset({"%", "％", "个百分点"}) if percent else (None if wanted else measure_units(question))
    allowed = units if units is not None else allowed
    q_bigrams = bigrams(re.sub(r"\s", "", question))
    quotes = quoted(question)
    titles = [t.strip("《》“”\"") for t in quotes]
    parts_asked = "部分" in question
    asked = asked_part(question)
    scoped = _scoped_terms(question, asked, weights)
    where_terms = {t: w for t, w in weights.items() if t not in asked} if scoped else {}  # X's own words
    whole = {float(v) for v in re.findall(r"(\d+(?:\.\d+)?)\s*[\u4e00-\u9fff]", question[: question.rfind(asked)])} \
        if scoped else set()
    best: tuple[float, Extract] | None = None
    best_found: tuple = ()
    asks = _Constraints(question, weights, scoring)
    for rank, doc in enumerate(docs):
        found = mentions(doc.page_content)
        by_sentence: dict[str, list[Mention]] = {}
        for m in found:
            by_sentence.setdefault(m.sentence, []).append(m)
        for m in found:
            if m.own_parts and not parts_asked:
                continue  # "本报告共分6个部分" counts the report's parts, nothing else
            if not units_agree(wanted, allowed, m.unit) or (percent and not m.percent):
                continue
            if _counts_jointly(m, focus or question) or asks.exclude(m, by_sentence[m.sentence]):
                continue
            if not_the_titles and any(re.sub(r"^[\s《“\"]+", "", m.after).startswith(t) for t in titles):
                continue
            if m.percent and not percent and not _ASKS_RATE.search(question):
                continue  # a count is never answered with a percentage
            if scoped and _outside_part(m, scoped, where_terms, whole, scoring):
                continue
            score, cov = score_mention(m, weights, q_bigrams, question, rank, quotes, scoring, by_sentence[m.sentence],
                                       doc.metadata.get("section", ""), asked)
            done = asks.all_done(m, doc.page_content)  # "收到意见建议4条，已全部采纳" for 采纳了几条
            cov, score = max(cov, asks.floor, done), score + done
            if best is None or score > best[0]:
                short = figure_text(m)
                support = [{"role": "mention", "value": m.value, "text": m.clause}]
                best = (score, Extract(short, m.clause, doc.page_content, doc.metadata, cov, m.value, support))
                best_found = (m, found)
    if best is not None and _misses_the_owner(focus or question, best_found[0], best[1].meta.get("section", ""), drop):
        return None
    if best is not None and _CHANGE_BY.search(asked) and not _TO_TARGET.search(question):
        changed = _change_of(*best_found)
        if changed is not None:
            return Extract(changed[0], best[1].clause, best[1].passage, best[1].meta, best[1].coverage, changed[1],
                           changed[2])
    return best[1] if best else None


# "这380元是从几件申请里收来的": a figure the question points at, asked about in another unit
_POINTED = re.compile(r"(?:这|那|该)\s*(\d+(?:\.\d+)?)\s*(万元|元|条|件|个|份|篇|项|次|人)"
                      r"(?=[^？?。]*(?:多少|几)\s*(?!\2)(?:件|条|个|份|篇|项|次|人|元))")
# "…无法提供占47.36%，这个百分比对应的件数是多少": the count beside the share given
_POINTED_SHARE = re.compile(r"(\d+(?:\.\d+)?)\s*(%|％)[，,]?\s*(?:这个|该|这一?|那个)?(?:百分比|比例|占比|比重)"
                            r"[^？?。]{0,8}(?:对应|相当于|折合|是)[^？?。]{0,6}(?:多少|几)")
# "按每件多少钱的标准收的": a rate per item, which a total ("收取信息处理费3940元") is not
_PER_ITEM = re.compile(r"每(?:件|条|次|份|页|人|个)[^，。？?]{0,8}(?:多少|几)")
_PER_STATED = re.compile(r"每|单价|按件|按量|标准")


_NAMED_THING = re.compile(r"(?:箱|栏|平台|专栏|栏目|账号|公众号|热线|信箱|网站|窗口|系统|小程序|客户端|专区|查阅点)$")
_RESTRICTED = re.compile(r"有效|无效|不合格|合格|成功|失败")
# "采纳了几条", "办结了多少件": the verb of what is counted
_DONE_ASKED = re.compile(r"([\u4e00-\u9fff]{2})了?\s*(?:几|多少)")


class _Constraints:
    """What the question itself rules out of its answer, read once per question: the figures it gives, a figure
    it points at ("这380元…几件": only a count beside it), a rate per item (a total is none), a noun in another
    unit, a thing no other word stands for ("账号": "新闻稿件2606篇" counts something else)."""

    def __init__(self, question: str, weights: dict[str, float], scoring: Scoring):
        self.given, self.asked_of_given = _given_figures(question, weights)
        self.unit, self.noun = _asked_noun(question)
        self.anchor = _POINTED.search(question) or _POINTED_SHARE.search(question)
        self.per = bool(_PER_ITEM.search(question))
        self.floor = scoring.prose_in_unit if self.anchor else 0.0  # the figure pointed at says which sentence
        self.thing = counted_thing(asked_part(question))
        # "收回了多少份有效问卷": a figure for only the valid ones must say so ("发布问卷调查4份" counts every one)
        self.restrict = _RESTRICTED.findall(asked_part(question))
        # "“意见建议箱”收到了多少条意见": what the question quotes is what the figure's sentence is about
        # (a thing by its name: a quote with a figure in it, or a phrase of the report, is no such constraint)
        self.quoted = [q for q in (q.strip("《》“”\"") for q in quoted(question))
                       if len(q) >= 3 and not re.search(r"\d", q) and _NAMED_THING.search(q)]
        verb = _DONE_ASKED.search(asked_part(question))
        self.done = re.compile(rf"[^。；;]{{0,12}}?(?:全部|全都|均|都|悉数|一律)(?:已|被|予以|得到|进行了?)?了?"
                               rf"{verb.group(1)}") if verb else None
        self.done_floor = scoring.prose_in_unit

    def all_done(self, m: Mention, text: str) -> float:
        """How much a figure is what the question counts when its sentence says all of them were done as asked
        ("共收到群众意见建议4条，已全部采纳" for "采纳了几条")."""
        return self.done_floor if self.done is not None and self.done.match(text, m.end) else 0.0

    def exclude(self, m: Mention, sentence: list[Mention]) -> bool:
        return _given_not_asked(m, self.given, self.asked_of_given, self.unit, self.noun) or \
            bool(self.anchor and not _beside(m, sentence, self.anchor)) or \
            (self.per and not _PER_STATED.search(m.measure + m.clause)) or \
            bool(self.thing and not any(t in m.clause for t in self.thing)) or \
            any(r not in m.measure + m.clause for r in self.restrict) or \
            any(q not in m.sentence for q in self.quoted)


def _beside(m: Mention, sentence: list[Mention], anchor: re.Match) -> bool:
    """Whether the mention shares its sentence with the figure pointed at, and is not that figure."""
    value, unit = float(anchor.group(1)), anchor.group(2)
    if (m.value, m.unit) == (value, unit):
        return False
    return any((s.value, s.unit) == (value, unit) for s in sentence)


def _given_not_asked(m: Mention, given: set, asked_of_given: list[str], unit: str, noun: str) -> bool:
    """"发布的4份问卷调查回收了多少份有效问卷": the figure the question gives is not what it asks of it; and
    "多少条意见" is not answered by "对3件政策性文件进行意见征集": another unit, counting another noun."""
    if (m.value, m.unit) in given and any(not present(t, m.sentence) for t in asked_of_given):
        return True
    return bool(noun) and unit in ("条", "件") and m.unit in ("条", "件") and m.unit != unit and \
        noun not in m.measure[-8:] and not re.sub(r"^[\s《“\"]+", "", m.after).startswith(noun)


_GIVEN = re.compile(r"(\d+(?:\.\d+)?)\s*(条|件|个|份|篇|项|次|场|期|人|名|家|起)")


def _given_figures(question: str, weights: dict[str, float]) -> tuple[set, list[str]]:
    """The counts the question itself states ("今年发布的4份问卷调查…"), and its words after the last of them (what
    it asks of them: 回收, 有效问卷). A figure quoted from the report ("“…总数467条”这句话") points at its passage."""
    question = re.sub(r"[“\"][^”\"]*[”\"]", "", question)
    found = list(_GIVEN.finditer(question))
    if not found:
        return set(), []
    after = question[found[-1].end():]
    return {(float(m.group(1)), m.group(2)) for m in found}, [t for t in weights if len(t) >= 2 and t in after]


def _misses_the_owner(question: str, m: Mention, section: str, drop: set[str]) -> bool:
    """"网络问政的办理满意率": the figure's measure is the one asked, but its sentence never speaks of whose it is
    (the rate stated is "人大建议和政协提案办理满意率"): no bigram of the owner is in the sentence or its heading."""
    for own in _OWNED.finditer(question):
        owner, measure = own.group(1), own.group(2)
        owner = _GENERIC_OWNER.sub("", owner)
        for d in drop:
            owner = owner.replace(d, "") if len(d) >= 2 else owner
        if len(owner) < 2 or measure[-2:] not in m.measure + m.clause:
            continue
        where = m.sentence + section
        if not any(owner[k:k + 2] in where for k in range(len(owner) - 1)):
            return True
    return False


# "X的Y是多少": Y a rate or amount (not a thing counted), X whose it is
_OWNED = re.compile(r"([\u4e00-\u9fff]{2,8})的([\u4e00-\u9fff]{0,6}?(?:率|量|人数|次数|比例|占比|金额))"
                    r"(?:是|为|有|达到|一共|共)?(?:多少|几|百分之)")
_GENERIC_OWNER = re.compile(r"^(?:今年|去年|全年|本年度?|当年|该局|这个局|本局|我局|全区|全县|全市|这个单位|该单位|"
                            r"报告|年报|表格|表[一二三四]|其中|这|那|这个|那个)+|(?:里|中|上|方面)$")


def _outside_part(m: Mention, scoped: dict[str, float], where: dict[str, float], whole: set, scoring: Scoring) -> bool:
    """Whether a figure cannot be the counted part of "X里，Y有多少": the X figure itself ("政策解读117篇里 H5形式的
    有几篇"), a sentence that never speaks of Y, or a clause that states X's total while only the clauses before it
    speak of Y ("重点清理失效废止…的信息，累计清理过期信息697条" for 过期信息里失效废止的)."""
    if m.value in whole:
        return True
    if coverage(m.clause, scoped, scoring):
        return False
    if not coverage(m.context + m.clause, scoped, scoring):
        return True
    return coverage(m.clause, where, scoring) >= scoring.prose_over_table  # (X said in so many words)


def _scoped_terms(question: str, asked: str, weights: dict[str, float]) -> dict[str, float]:
    """The words only the counted part of "X里，Y有多少" uses (Y's own words): a figure that answers it is in a
    clause that speaks of Y. Empty when the question counts no part."""
    if asked == question or asked not in question:
        return {}
    where = question[: question.rfind(asked)]
    return {t: w for t, w in weights.items() if t in asked and t not in where}


# "缩短了多少分钟" asks for the size of a change; "由42分钟缩至19分钟" states its two ends.
_CHANGE_BY = re.compile(r"(缩短|减少|降低|下降|提高|提升|增加|增长|压缩|节省|节约|缩|降|涨|快)了?(多少|几)")
_TO_END = re.compile(r"(至|到)$")


def _change_of(m: Mention, found: tuple[Mention, ...]):
    """(short, value, support) of the change from the figure before `m` to `m` in its clause ("由42分钟缩至19分钟"
    → 23分钟), when `m` is the end of such a change; None otherwise."""
    if not _TO_END.search(m.measure):
        return None
    before = [x for x in found if x.clause == m.clause and x.end <= m.start and x.unit == m.unit]
    if not before:
        return None
    start = before[-1]
    value = abs(start.value - m.value)
    shown = f"{int(value) if float(value).is_integer() else round(value, 4)}{figure_unit(m)}"
    support = [{"role": "operand", "value": start.value, "text": start.clause},
               {"role": "operand", "value": m.value, "text": m.clause}]
    return f"{shown}（{figure_text(start)}→{figure_text(m)}）", value, support


# Words that make a figure a bound, not an exact count ("粉丝数累积超3170万"): the answer keeps them.
_BOUND = re.compile(r"(超过|超|逾|近|将近|接近|约|大约|不足|不到|突破|多达)$")


def figure_text(m: Mention) -> str:
    """The figure as the report writes it ("5949.09万元", "超3170万"), Chinese numerals in digits ("三场" → "3场")."""
    bound = _BOUND.search(m.measure.rstrip())
    prefix = bound.group(1) if bound else ""
    if m.written[:1].isdigit():
        return prefix + re.sub(r"\s", "", m.written).replace("％", "%")
    value = int(m.value) if float(m.value).is_integer() else m.value
    return f"{prefix}{value}{figure_unit(m)}"
