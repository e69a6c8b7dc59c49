"""Follow-up questions completed from the earlier turn: "2023年呢？", "那企业的呢？", "复议呢？"."""

from __future__ import annotations

import os
import re

from assistant.question.lexicon import FIGURE_TAG, RATE_OF_CHANGE, ROUGH_CLAIM
from assistant.question.plan import LISTED_SUM
from assistant.question.years import YEAR, full_years, relative_years_removed, year_offset
from ingest.facts.template import question_slots

_ELLIPTICAL = re.compile(r"^(那|那么|其中|另外|还有|而)|呢[？?]?$|的呢|^\d{4}年(度)?(的)?呢|"
                         r"^(折合|换算成|换成|合)(成)?(多少)?(亿元|万元|元|亿|万)")  # "折合多少亿元？": the last figure
# A turn that begins with the copula has no subject of its own ("是从哪个渠道收到的？", "分别是什么时候办结的？"):
# its subject is what the last turn asked about, without how that turn asked (its 几个 is not asked again).
# A turn that says what it counts in its own words: a verb or noun before 多少/几 and a unit or noun after it.
_OWN_MEASURE = re.compile(r"[\u4e00-\u9fff]{2,}(了|过)?(多少|几)\s*(个|条|件|篇|次|场|期|项|人|名|份|家|起|万元|元)"
                          r"[\u4e00-\u9fff]{0,8}[？?]?$")
# …unless it points back, compares, or names a year relative to the earlier turn's
_POINTS_BACK_OR_COMPARES = re.compile(r"这|那|其中|里面|当中|上述|以上|比|相差|差|"
                                      r"下一?年|第二年|次年|上一?年|去年|今年|当年|"
                                      r"年度?的?(多|少|增加|减少|增长|下降|涨|降)了?(多少|几)")  # "2025年少了多少条"
_NO_SUBJECT = re.compile(r"^(都|又|分别|具体|主要|大多|一般)?是(从|通过|由|在|用|怎么|什么|哪)|"
                         r"^(它|这个|那个)?(大约|大概)?占")  # "占复议总数的百分之几？": a share of what was asked
# "这几件里面自然人申请的占几件？": what follows counts within what the last turn asked about.
_WITHIN_THOSE = re.compile(r"^(?:(这|那)(几|些|两|二|\d+)?|(几|些|两|二))(件|个|条|项|类|起)?(申请|案件|信息)?"
                           r"(里面|里头|里边|里|中间|之中|当中|中)[，,]?|^(?:里面|里头|里边|当中|之中)[，,]?")
# How a comparison asks, with nothing of what it compares: "2021年比2020年多了多少条？"
# compares the last turn's measure.
_COMPARING = re.compile(r"\d{4}\s*年度?|比|跟|和|与|相比|比较|(多|少|增加|减少|增长|下降|变化|相差|差)了?|多少|几|"
                        r"(条|件|个|次|项|篇|人|场|万元|元|%|个百分点)|呢|[？?，,。]|的|是|有")


_YEARS_SPAN = re.compile(r"\d{4}(?:\s*年度?)?(?:\s*(?:、|，|,|和|与|及)\s*\d{4}(?:\s*年度?)?)+")
# A turn that names only a year and points back at what was asked ("2023年报告里这一类是多少条？").
_SAME_THING = re.compile(r"\d{4}\s*年度?|\d{4}\s*(?=[、，,和与及])|[、，,和与及](?=\s*\d{4})|又|也|还|各自|各|分别|"
                         r"(的|那份|这份)?(报告|年报)(里|中|上)?|(换成|换到|改成|如果是|要是|若是|轮到)|"
                         r"(这|那|该|同)一?(类|项|个|种|部分|数|栏目?|格子?|行|列|指标)(信息|数字|数据|的数字|的数)?|"
                         r"(数字|数据|数值|数)(?=是|为|[？?]|$)|"
                         r"(是|有|为|共|一共)?(多少|几)(条|件|个|次|项|篇|人|场)?|的|呢|[？?，,。]")


# "那最低的占比是百分之多少？" after "…比例最高是百分之多少？": the other end of the same ranking
_SUPERLATIVES = ["最多", "最少", "最高", "最低", "最大", "最小"]


def _swap_slot(core: str, prev: str) -> str | None:
    for slot in [*question_slots(), _SUPERLATIVES]:
        new = next((w for w in slot if w in core), None)
        old = next((w for w in slot if w in prev and w != new), None)
        if new and old and new not in prev:
            return prev.replace(old, new, 1)
    return None


def complete_follow_up(question: str, history: list[tuple[str, str]] | None) -> tuple[str, str]:
    """'2023年呢？' after '平潭…2021年共收到多少件申请？' → the previous question with the new year. Earlier turns
    are completed in order first, so a third "那企业的呢？" builds on the second turn as completed."""
    if not history or LISTED_SUM.search(question):
        return question, question  # (LISTED_SUM: "后面按类别列的那几项，加起来是多少条？" asks the report's list)
    # years as the completion compares them: "那24年比22年多了几条？" is 2024年比2022年
    question, history = full_years(question), [(full_years(q), a) for q, a in history]
    prev = history[0][0]
    for i in range(1, len(history)):
        prev, _ = _complete(history[i][0], prev)
    same_verb = _same_verb_earlier(question, history)
    if same_verb:
        return same_verb, question
    also = _years_added(question, history) or _years_summed(question, history)
    if also:
        return also, also
    if _RATE_OF_IT.match(question.strip()) and len(history) >= 2 and _COMPARED_BEFORE.search(history[-1][0]):
        # "增长了百分之多少？" after "…2025年…多少件" and "那跟2023年比多了多少件？": the same two years, as a rate
        return f"{re.sub(r'[？?]+', '，', question.strip()).strip('，')}，{prev}", question
    if _BOTH_ADDED.match(question.strip()) and len(history) >= 2:
        # "这两个加起来": what the last two turns asked, added up (each as completed)
        before = history[0][0]
        for i in range(1, len(history) - 1):
            before, _ = _complete(history[i][0], before)
        a, b = asked_phrase(before), asked_phrase(prev)
        own = re.sub(r"^(那么|那)", "", asked_phrase(history[-1][0]))
        if own and prev.startswith(own) and "，" in prev:
            b = own  # "行政诉讼呢？" completed as "行政诉讼，<the earlier question>": its own words name it
        shared = os.path.commonprefix([a, b])
        cut = max(shared.rfind("的"), shared.rfind("年")) + 1  # at a word's edge: "…引起的" + 行政诉讼
        b = b[cut:] if len(b) - cut >= 2 else b  # "…行政复议和行政诉讼": the words they share said once
        whole = f"{a}和{b}加起来一共是多少？"
        return whole, whole
    plus = _PLUS_ONE.match(question.strip())
    if plus and _HOW_MANY.search(prev):
        # "那加上新闻通气会一共是多少场？": what the last turn counted and the new item, added up
        whole = f"{asked_phrase(prev)}和{plus.group('x') or plus.group('y')}加起来一共是多少？"
        return whole, whole
    return _complete(question, prev)


# "那加上新闻通气会一共是多少场？", "再算上复议后起诉的呢": the last turn's figure and one more item, added
_ASKS_IN_ALL = r"(?:(?:一共|总共|合计|共)(?:是|有)?(?:多少|几)|(?:的)?呢)"
_PLUS_ONE = re.compile(rf"^(?:那么|那)?(?:再)?(?:(?:加上|算上|加)(?P<x>[^，,。？?]{{2,20}}?)的?(?:话)?[，,]?"
                       rf"{_ASKS_IN_ALL}|"
                       # "那再把上年结转过来的也算上，这一年总共要处理的申请是多少件？"
                       r"把(?P<y>[^，,。？?]{2,20}?)(?:过来)?的?也?(?:算上|加上|算进来|加进来|算进去|加进去)[，,]?"
                       r"[^，,。？?]{0,12}?(?:一共|总共|合计|共)[^，,。？?]{0,12}?(?:多少|几))")


# "把2023年也算上，这三年平均每年公开多少条？", "再把2023年和2025年的也加上，这四年一共…": more years for the same
_ALSO_YEARS = re.compile(r"(?:再|还)?把\s*(?P<years>(?:(?:19|20)\d{2}\s*年?度?\s*(?:和|、|与|及|跟|,|，)?\s*)+)的?\s*"
                         r"也\s*(?:算上|加上|算进来|加进来|算进去|加进去|包括进来|放进来)[，,\s]*")
# "增长了百分之多少？", "增幅是多少": a rate of the change the last turn asked about
_RATE_OF_IT = re.compile(rf"^(?:那么?)?{RATE_OF_CHANGE}")
_COMPARED_BEFORE = re.compile(r"比|相比|多了|少了|增加|减少|差")


def also_years(question: str) -> bool:
    """Whether a turn adds years to the earlier turns' ("把2023年也算上")."""
    return bool(_ALSO_YEARS.search(question))


def _years_added(question: str, history: list[tuple[str, str]]) -> str | None:
    """"把2023年也算上，这三年平均…" after turns on 2020 and 2025: the first turn's question over every year named,
    with what this turn asks of them."""
    m = _ALSO_YEARS.search(question)
    if not m:
        return None
    years = [int(y) for q, _ in history for y in YEAR.findall(q)] + [int(y) for y in YEAR.findall(m.group("years"))]
    first = next((q for q, _ in history if YEAR.search(q)), None)
    if first is None or len(set(years)) < 2:
        return None
    listed = "、".join(str(y) for y in sorted(set(years))) + "年"
    asked = first if "，" not in first else first.rsplit("，", 1)[-1]  # a preface before the question is context
    asked = YEAR.sub(listed, asked, count=1)
    head = re.sub(r"(有|是|为|共|一共)?(多少|几)\s*[件条个次项篇人场份]?|[？?。]+$", "", asked)
    return f"{head}，{question[m.end():]}"


# "两年加起来呢？" after turns on 2023 and 2025: what they asked, over both years, added up
_YEARS_SUMMED = re.compile(r"^(?:那么|那)?(?:这)?(?:两|二|俩|几|[三四五六七八九])(?:个)?(?:年|年度)(?:的)?"
                           r"(?:加起来|加在一起|加一起|合计|一共|总共|共计|之和|总和)(?:是|有)?(?:多少|几)?"
                           r"[件条个]?(?:呢)?[？?]?$")


def _years_summed(question: str, history: list[tuple[str, str]]) -> str | None:
    if not _YEARS_SUMMED.match(question.strip()):
        return None
    years = list(dict.fromkeys(int(y) for q, _ in history for y in YEAR.findall(q)))
    first = next((q for q, _ in history if YEAR.search(q)), None)
    if first is None or len(years) < 2:
        return None
    listed = "、".join(str(y) for y in years) + "年"
    asked = YEAR.sub(listed, first if "，" not in first else first.rsplit("，", 1)[-1], count=1)
    unit = re.search(r"(?:多少|几)\s*([件条个次项篇人场份])", asked)
    head = re.sub(r"(有|是|为|共|一共)?(多少|几)\s*[件条个次项篇人场份]?|[？?。]+$", "", asked)
    return f"{head}，加起来一共多少{unit.group(1) if unit else ''}？"


_BOTH_ADDED = re.compile(r"^(那么|那)?(这|那)?(两|二|俩)(个|项|者|样|类)?(数)?(的)?"
                         r"(加起来|加在一起|加一起|合计|之和|总和|一共|共计)(是|有)?(多少|几)?[件条个]?(呢)?[？?]?$")


# "那它2023年收到几件？": a verb and a bare count, no noun of its own
_BARE_COUNT = re.compile(r"([\u4e00-\u9fff]{2})(?:了|过)?(?:多少|几)\s*(?:个|条|件|篇|次|场|期|项)(?:呢)?[？?]?$")


def _same_verb_earlier(question: str, history: list[tuple[str, str]]) -> str | None:
    """A turn that names a year and counts with a bare verb ("那它2023年收到几件？") asks what the latest earlier
    turn with that verb counted ("…2025年收到几件政府信息公开申请？"), in its own year."""
    new_years = YEAR.findall(question)
    m = _BARE_COUNT.search(question)
    if len(new_years) != 1 or not m:
        return None
    counted = re.compile(re.escape(m.group(1)) + r"(?:了|过)?(?:多少|几)?\s*[个条件篇次场期项]?[\u4e00-\u9fff]{2,}")
    for earlier, _ in reversed(history):
        if YEAR.search(earlier) and counted.search(earlier):  # the earlier turn says what it counts
            return YEAR.sub(f"{new_years[0]}年", earlier, count=1)
    return None


def _of_other_year(question: str, core: str, prev: str) -> str | None:
    """The last question asked of another year: "2023年呢？", "2023、2025年又各是多少？", "那下一年呢？"."""
    new_years = YEAR.findall(question)
    if new_years and (re.fullmatch(r"\d{4}\s*年(度)?(的)?", core) or not _SAME_THING.sub("", core).strip()):
        span = _YEARS_SPAN.search(question)  # the last question of each new year
        return YEAR.sub(span.group(0).replace("\\", "") if span else f"{new_years[0]}年", prev, count=1)
    offset = year_offset(core) if not new_years else None
    earlier = [int(y) for y in YEAR.findall(prev)]
    if offset is not None and len(set(earlier)) == 1 and not _SAME_THING.sub("", relative_years_removed(core)).strip():
        return YEAR.sub(f"{earlier[0] + offset}年", prev, count=1)  # that far from the earlier turn's year
    return None


def _of_what_was_asked(core: str, prev: str) -> str:
    """A follow-up with no subject, asked of the last turn's: "是从哪些渠道提交的" after "…收到多少申请"; "是哪个部门
    收的？" after "有没有收信息处理费？" is asked of what the yes/no was about, not yes/no again."""
    if re.search(r"哪|谁|什么", core) and re.search(r"是否|有没有|有无|是不是", prev):
        return f"{_YES_NO.sub('', prev).strip(' ，,')}，{core}"
    return f"{asked_phrase(prev)}{core}"  # the subject is part of what is asked


_ALSO_THEN = re.compile(r"^(20\d{2})\s*年度?的?\s*(?:也|还|同样|照样)")


def _also_then(question: str, core: str, prev: str) -> str | None:
    """"2025年也是八百多篇吧？": the last turn's question of that year, with the figure put to check."""
    also = _ALSO_THEN.match(core)
    if also and (ROUGH_CLAIM.search(question) or FIGURE_TAG.search(question)) and YEAR.search(prev):
        return f"{YEAR.sub(f'{also.group(1)}年', prev, count=1).rstrip('？?')}，{core}"
    return None


def _compared_with_other(core: str, prev: str) -> str | None:
    """"比行政诉讼多多少件？" after "…行政复议多少件": what the last turn asked, compared with this."""
    return f"{asked_phrase(prev)}{core}" if _THAN_OTHER.match(core) else None


def _complete(question: str, prev: str) -> tuple[str, str]:
    core = re.sub(r"^(那么|那(?![次回天些时阵])|其中|另外|还有|而)|(的)?呢[？?]?$|[？?]$", "", question).strip()
    other_year = None if _ALSO_THEN.match(core) else _of_other_year(question, core, prev)
    if other_year is not None:
        return other_year, core
    whole = _also_then(question, core, prev) or _compared_with_other(core, prev)
    if whole is not None:
        return whole, whole
    swapped = _swap_slot(core, prev)
    if swapped:
        return swapped, core
    part_share = _SHARE_OF_PART.match(core)
    if part_share and not _SHARE_OF_IT.fullmatch(core):
        # "纠正的占比呢？保留一位小数" after "…行政复议多少件？": that part's share of what was asked
        whole = f"{asked_phrase(prev)}中{part_share.group('x')}的占比是多少？{part_share.group('rest')}"
        return whole, whole
    if _SHARE_OF_IT.fullmatch(core):
        # "比例呢？" after a count: the share the report gives for what was counted
        whole = f"{asked_phrase(prev)}的占比是多少？"
        return whole, whole
    same_row = _SAME_ROW.match(core)
    if same_row and core[same_row.end():].strip():
        # "同一行，法律服务机构那一列是多少？": the last turn's row, this turn's column
        prev_row = re.sub(r"的?(总计|合计|总数)(是|有|为)?(多少|几)?.*$", "", asked_phrase(prev))
        for word in sorted((w for slot in question_slots()[1:3] for w in slot), key=len, reverse=True):
            prev_row = prev_row.replace(word, "")  # the last turn's column is the one this turn replaces
        whole = f"{prev_row}{core[same_row.end():]}"
        return whole, whole
    if_so = _IF_SO.match(core)
    if if_so and core[if_so.end():].strip() and _YES_NO.search(prev):
        # "是否收取了信息处理费？" then "收了的话是哪个部门收的？": asked of what the yes/no was about
        whole = f"{_YES_NO.sub('', prev).strip(' ，,')}，{core[if_so.end():]}"
        return whole, whole
    within = _WITHIN_THOSE.match(core) or _AMONG_THEM.match(question)
    if within and _AMONG_THEM.match(question):
        # "其中结果被纠正的有几件？": the last turn's total, of which this part
        within = re.match(r"^(这|那)?其中[，,]?|", core)
    if within and core[within.end():].strip():
        whole = f"{_ASKING_KEEPS_COMMAS.sub('', prev).strip()}中，{core[within.end():]}"  # "年报里，X" stays read
        asked = _HOW_MANY.search(prev)
        # "其中行政执法相关的呢？" asks as the last turn did (多少条); "里面最多的是哪种理由" asks its own way
        if asked and not _HOW_MANY.search(whole) and not re.search(r"哪|什么|谁|吗|怎么|如何", whole):
            whole = f"{whole.rstrip('的')}的有{asked.group(0)}？"
        return whole, whole
    if _NO_SUBJECT.match(core):
        whole = _of_what_was_asked(core, prev)
        return whole, whole  # the subject is part of what is asked
    own = _WHOSE_WHEN.sub("", core)  # "它那一年…": pointing back at the body or the year says nothing of the measure
    if _OWN_MEASURE.search(own) and len(_ASKING.sub("", own)) >= 5 and not _PLURAL.search(own) and \
            not _SINGULAR.match(own) and not _POINTS_BACK_OR_COMPARES.search(own):
        # "那公众号推了多少篇文章": a question of its own (what it counts and how); only the body and year
        # carry over, and understanding takes those from the earlier turn
        return question, question
    if _ELLIPTICAL.search(question) or len(core) <= 8 or _THAN_THIS.search(core) or \
            _THAN_YEAR_BEFORE.search(core) or \
            (YEAR.findall(question) and not _COMPARING.sub("", core).strip()):  # "比2023年多了多少条？"
        return f"{core}，{prev}", core
    return question, question


_WHOSE_WHEN = re.compile(r"^(?:它|它们|他们|该局|该单位|这个局|这个单位|这家单位)(?:的)?|"
                         r"(?:那|这)一?年(?:度)?(?:里|中)?")
_THAN_OTHER = re.compile(r"^(?:比|较)(?!\s*\d{2,4}\s*年)(?!这|那|它|上|前|刚)[\u4e00-\u9fff]{2,16}?"
                         r"(?:多|少|高|低)(?:出来?)?了?(?:多少|几)")
_SHARE_OF_PART = re.compile(r"^(?P<x>[\u4e00-\u9fff]{2,10}?)的?(?:占比|比例|比重|百分比|所占比例|"
                            r"占(?:几成|百分之几|百分之多少|多少|比))(?:是|为)?(?:多少)?"
                            r"(?:呢)?[？?，,。]?\s*(?P<rest>(?:按百分比算[，,]?\s*)?(?:保留|精确到|取)[^？?]{0,12})?[？?。]?$")
_THAN_YEAR_BEFORE = re.compile(r"(比|跟|和|与|较)(上一年度?|前一年|上一个年度)")  # "比上一年多了多少条"
_SHARE_OF_IT = re.compile(r"(?:那|那么)?(?:它的|其)?(?:比例|占比|比重|百分比|所占比例)(?:是|有|为)?(?:多少|几)?")
_SAME_ROW = re.compile(r"^(?:在)?(?:同一|这一|那一|同|这|那)(?:行|栏)(?:里|中|上)?[，,]?")
# "收了的话", "有的话", "如果是的话": a part that goes on from the yes/no before it
_IF_SO = re.compile(r"^(?:如果|若|要是|假如)?(?:是|有|[\u4e00-\u9fff]{1,2}了)的话[，,]?")
_YES_NO = re.compile(r"是否|有没有|有无|是不是|[吗么][？?]?|[？?]")
# "2024年比这个多了多少条？": compared with what the last turn asked
_THAN_THIS = re.compile(r"(比|跟|和|与|同)(这个|这|那个|那|它|上面|上一个|前面|刚才)(的|那个|数)?(相比|比)?")
_ASKING = re.compile(r"^(那么|那|其中|另外|还有|而|请问)|"
                     r"(的)?(有|是|为|共|一共|总共)?(多少|几)(件|条|个|次|项|人|场|篇)?|"
                     r"(的)?呢|[？?。，,！!]")
_HOW_MANY = re.compile(r"(?:多少|几)\s*[件条个次项人场篇期]?")
_AMONG_THEM = re.compile(r"^(那么|那|而)?(这|那)?其中(?![的之])")
_ASKING_KEEPS_COMMAS = re.compile(_ASKING.pattern.replace("[？?。，,！!]", "[？?。！!]"))
_PLURAL = re.compile(r"(这|那)(两|二|几|些)(个|项|类|件)?|两者|二者|它们|两项|两个")
_SINGULAR = re.compile(r"^(这|那)(个|项|类|件|一项|一类)?$|^它$|^此$|"
                       r"^[\u4e00-\u9fff]{0,8}?的?(这|那)个?(数|数字|数目)$")  # "正文写的这个数": the last turn's


def asked_phrase(question: str) -> str:
    """What a turn asked about, without how it asked ("其中法律服务机构申请的有几件？" → 法律服务机构申请)."""
    return _ASKING.sub("", question).strip()


def referents(phrase: str, history: list[tuple[str, str]] | None) -> list[str] | None:
    """What "这个"/"那两个" stands for: the thing the last turn (or the last two) asked about; None when the
    phrase refers to nothing earlier."""
    if not history:
        return None
    if _PLURAL.search(phrase) and len(history) >= 2:
        return [asked_phrase(history[-2][0]), asked_phrase(history[-1][0])]
    if _SINGULAR.match(phrase.strip()):
        return [asked_phrase(history[-1][0])]
    return None

