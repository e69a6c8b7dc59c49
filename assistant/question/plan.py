"""The planner: a question that combines what one report states becomes operations over figures.

- share:   "A占B的百分之几" → A ÷ B (B implied when the question names none: A's total)
- sum:     "A和B加起来" / "（A、B、C）加起来" → A + B + C
- diff:    "A比B多多少" / "A和B相差多少" → A − B
- sum_listed: "按类别列出来的加起来" → every item of the list the question's words find
- rest:    "W里除了X，其余的有多少" / "W里不算X的有几条" → W − X (W: the whole X is part of)
- check:   "A加B跟总计对得上吗" / "A等不等于B" → whether two figures (each maybe a sum) are equal
- balance: "按勾稽关系，（七）总计应该填多少" → the row that table 三's stated relation (新收 + 上年结转 =
           办理结果总计 + 结转下年度) gives from the other three
Each operand is a phrase that a table cell or a stated figure must answer (assistant/read/compose.py);
the planner only cuts the question into those phrases and says how precise a share must be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.question.lexicon import PREFACE, REPORT_SAYS

_PRECISION = [(re.compile(r"(保留|精确到|取)\s*(小数点后)?\s*(两|二|2)\s*位|按照?\s*(两|二|2)\s*位小数"), 2),
              (re.compile(r"(保留|精确到|取)\s*(小数点后)?\s*(一|1)\s*位|按照?\s*(一|1)\s*位小数"), 1),
              (re.compile(r"(保留|精确到|取)?\s*整数|不要小数|取整|保留到个位|精确到个位|四舍五入到(元|个位|整数)"), 0)]
_SHARE_WORDS = r"(的)?(百分之几|百分之多少|百分比|比例|比重|占比|多大比重|多大比例|多少|几成|%|％)"
_SHARE = re.compile(rf"(?P<a>.+?)(?:，|,)?占(?!比)(?P<b>.*?){_SHARE_WORDS}")
_WITHIN = re.compile(r"(?P<a>.+?)在(?P<b>.+?)(里|中|当中|里面)$")
_SHARE_OF = re.compile(r"(?P<a>.+?)(的)?(占比|比例|比重|百分比|所占比例)(应该|应当|大概|大约|约)?(是|为|有)?"
                       r"(多少|几|百分之|[？?，,。]|$)")
# "以表三（七）总计为分母，A的占比": the denominator is named on its own.
_DENOMINATOR = re.compile(r"(以|用|拿)(?P<b>[^，,。？?]{2,30}?)(为|作为|当作?)(分母|基数|总数)[，,]?|"
                          r"(?:如果|若|要是)?按(?:照)?(?!百分比|百分数|比例|小数|整数|[一两二三123]位小数|其?所列|上述|上面|以上|这两|两个?数|给的|给出|表格?[^，,。？?]{0,6}(?:列|栏)|[^，,。？?]{0,8}(?:那一?列|这一?列|一列|列|栏)(?:来|去)?(?:算|计算))(?P<b2>(?:(?!除以|÷|占)[^，,。？?]){2,30}?)"
                          r"(?:来|去)?(?:算|计算)[的话]*[，,]?")
_RATE = re.compile(r"[（(](?P<inner>[^（）()]*占[^（）()]*)[）)]")
_SUM = re.compile(r"加起来|加在一起|加一块儿?|加到一块儿?|加一起|之和|总和|合计|加上|合起来|合在一起|一共加")
_DIFF = re.compile(r"(?P<a>.+?)比(?P<b>.+?)(多|少)(出来?)?(了)?(多少|几)|"
                   r"(?P<c>.+?)(和|与|跟)(?P<d>.+?)(相差|差了?|差距)(多少|几)")
_JOIN = re.compile(r"和|与|及|以及|、|加上|跟|还有|\+|＋")
_JOIN_STRONG = re.compile(r"和|与|以及|、|加上|跟|还有|\+|＋")
# "我在准备人大代表发言材料：…": who asks and why, before a colon; not part of any operand.
_NOISE = re.compile(r"^(请问|那么|那|一共|总共|其中|单算|单独算|仅算|只算|了)+|[，,]\s*(得到|得出|算出|算得)的?.*$|"
                    # "比它写的总数少多少": the report's own figure
                    r"^(它|报告|年报|文中|正文)(自己)?(写|说|给|列|报)(出)?的|"
                    r"(一共|总共|合计|加起来|加在一起|合起来|之和|总和)"
                    r"(是|有|为)?(多少|几)?.*$|共(是|有|为)?(多少|几).*$|[？?。！!]")  # "当年共制发…" keeps 制发
_PAREN_LIST = re.compile(r"[（(](?P<list>[^（）()]{2,80}[、，,+＋][^（）()]{1,80})[）)]")
_EXCLUDE = re.compile(r"[（(](不含|不包括|除去|扣除)[^）)]*[）)]")


@dataclass
class Plan:
    op: str  # "share" | "sum" | "diff" | "rest" | "sum_except" | "points_back" | "check" | "balance"
    operands: list[str]  # phrases; for share [numerator, denominator or ""]
    precision: int | None = None  # decimals a share is given with (None: the question did not say)
    notes: list[str] = field(default_factory=list)


def precision(question: str) -> int | None:
    for pattern, n in _PRECISION:
        if pattern.search(question):
            return n
    return None


def _clean(phrase: str) -> str:
    phrase = _EXCLUDE.sub("", phrase)
    phrase = re.sub(r"(这一?|那一?|这个|那个)(类|项|种|部分)(信息)?|这些|那些", "", phrase)  # "专项资金那一类"
    phrase = re.sub(r"[（(][^（）()]*[）)]", "", phrase)  # asides: "（按报告写的）"
    phrase = re.sub(r"(保留|精确到|取)\s*(小数点后)?\s*[一两二12]\s*位(小数)?|按报告(里|中)?(的数|写的)", "", phrase)
    # "…经费两样": how many things were named, not one of them
    phrase = re.sub(r"(这|那)?(两|二|三|几)(样|项|个|类|种)$|二者$|两者$", "", phrase.strip(" ，,。？?的"))
    return _NOISE.sub("", phrase.strip(" ，,。？?的")).strip(" ，,的")


_ASKS = re.compile(r"哪|什么|谁|多少|几|吗|是否|有没有|怎么|如何")
_GOES_ON = re.compile(r"呢\s*[？?]?\s*$")
# Where a side question starts: "？顺便问下", "。另外", "啊，打官司的又有几起": its mark becomes a question mark (and a
# last part without one gets it), so each is asked on its own.
_SIDE_QUESTION = re.compile(r"[？?。，,！!]\s*(?:顺便问?一?下|顺便|另外再?问一?下|另外|再问一?下|还想问一?下|对了)"
                            r"[，,：:]?\s*|"
                            r"(?<=[啊呀呢吧])[，,](?=[^，,。？?]{1,12}又(?:有|是)?(?:多少|几))")


# "和2021版格式的…有什么不同？": a comparison with what the earlier part asked, not a question of its own
# "…一条一条加起来，怎么对不上？括号里各类加起来到底是多少条？": puzzlement before the figure asked, no question of
# its own
_PUZZLED = re.compile(r"(?:怎么|咋|为啥|为什么)(?:会|就)?(?:对不上|不对|不一致|差一点|差了|少了|多了)[？?]?\s*$")
# "…从（1）排到第几项？一共列了多少个小项？": the same count asked again, with no subject of its own
_COUNT_AGAIN = re.compile(r"\s*(?:也就是|就是|即|那)?(?:说)?(?:一共|总共|共|合计|总计)(?:列|写|排|分)?了?(?:有|是)?"
                          r"(?:多少|几)\s*(?:个|条)?(?:小项|项|条|点|个|类)(?:呢)?[？?]?\s*")
_COMPARED_WITH_IT = re.compile(r"^(那|那么)?(和|与|跟|同)[^？?]{1,60}(有什么|有何|有哪些)?(不同|区别|差别|差异|不一样)")


def sub_questions(question: str) -> list[str]:
    """The questions of a turn that asks several ("搞了个什么东西？发了多少次催办？"), each ending in its
    question mark; [question] when it asks one. Only parts that ask something count: "…？保留一位小数" is one.
    A side question ("…？顺便问下…", "…申请啊，打官司的又有几起？") is a question of its own."""
    asked = question
    apart = _TYPED_APART.sub(lambda m: f"{m.group(1) or m.group(2)}？", question)
    if apart != question:
        # (an instruction after the asks gets no mark: "先告诉我复议的。")
        last = re.split(r"[？?]", apart.rstrip())[-1]
        question = apart.rstrip() + ("？" if last and _ASKS.search(last) else "")
    if _SIDE_QUESTION.search(question):
        question = _SIDE_QUESTION.sub("？", question).rstrip()
        question += "" if question.endswith(("？", "?")) else "？"
    tail = re.split(r"[？?]", question)[-1].strip()
    if tail != question.strip() and len(tail) >= 4 and (_ASKS.search(tail) or _GOES_ON.search(tail)):
        question = question.rstrip() + "？"  # "…多少件？比21年多几件": the last question has no mark of its own
    pieces = re.split(r"(?<=[？?])", question)  # linear: a pattern that scans for the next mark is quadratic
    if len(pieces) < 3:
        return [asked]
    parts = [p.strip() for p in pieces[:-1] if p.strip(" ？?")]
    rest = pieces[-1].strip()
    # "…行政复议有多少起？行政诉讼呢？": a later "X呢" asks the same of X
    asking = [p for i, p in enumerate(parts) if (_ASKS.search(p) and len(p) >= 5) or
              (i > 0 and _GOES_ON.search(p) and len(p) >= 4)]
    if len(asking) < 2 or len(asking) != len(parts) or (rest and _ASKS.search(rest)):
        return [asked]
    if rest:
        asking[-1] += rest  # an instruction after the last question belongs to it
    merged = [asking[0]]
    for part in asking[1:]:
        if _YES_NO_END.search(merged[-1]) and _ONLY_IF.match(part) or \
                (_FIGURE_OF_IT.fullmatch(part) and _PICKS_ONE.search(merged[-1])) or \
                _COMPARED_WITH_IT.match(part) or (_COUNT_AGAIN.fullmatch(part) and re.search(r"几|多少", merged[-1])) \
                or (_PUZZLED.search(merged[-1]) and re.search(r"多少|几", part)):
            # "有没有被起诉？有的话几起？" asks one thing: how many, if any; "哪一年最多？是多少件？" the figure of
            # what the first part picks; "…三列分别叫什么？和2021版的有什么不同？" compares what the first asks
            merged[-1] += part
        else:
            merged.append(part)
    return merged if len(merged) > 1 else [asked]


# Two questions typed with a space for the question mark: "财政资金信息发了多少条 其中专项资金几条"
_TYPED_APART = re.compile(r"((?:多少|几)[\u4e00-\u9fff]?|[吗呢])\s+(?=[^？?\s]*(?:多少|几|吗|什么|哪))|"
                          r"((?<![这那哪])(?:多少|几)[件条个次项起篇人])[、，,]"
                          r"(?=[^？?，,、]{2,}?(?:多少|几)[件条个次项起篇人]?[？?])")  # (那几项 points, not asks)
_YES_NO_END = re.compile(r"(吗|么|有没有[^？?]*|是否[^？?]*|有无[^？?]*)[？?]\s*$")
# A part that only goes on from a yes/no ("有的话几起？", "收了多少？"): no topic of its own.
_ONLY_IF = re.compile(r"\s*(?:(?:如果|若|要是|假如)?有的?话|如果有|若有|要是有|(?:收|交|来|告|办|发|有)了?(?=多少|几))"
                      r"[^？?]{0,8}[？?]?\s*$")


# A part with no topic of its own that asks the figure of what the part before picked ("是多少件？", "多少条")
_PICKS_ONE = re.compile(r"哪.{0,12}(最|更)|(最|更|第[二三四五]).{0,8}哪")  # "占比最高的是哪种", "哪一年最多"
_FIGURE_OF_IT = re.compile(r"\s*(?:那|那么)?(?:它|其|[那这]一?[类项种个年])?(?:最多|最少|最高|最低)?的?"
                           r"(?:具体)?(?:是|有|为)?(?:多少|几)\s*[件条个次项篇人元家]?(?:呢)?"
                           r"[？?]?\s*")
_COUNTED_IN = "件条个起次项人"  # units of what an asker states as context ("新收申请是3件")
_STATES_FIGURE = re.compile(rf"\d+\s*[{_COUNTED_IN}]")


# "我们乡镇想对照一下，…", "我在对着…年报整理台账，…": why and how the asker asks, before what is asked
ASKER_PURPOSE = re.compile(r"^(?:我|我们|本人|咱们|咱)(?:[^，,。？?]{0,4}?)(?:想|要|在|正在|准备|打算|需要|得)"
                           r"[^，,。？?多少几吗哪]{0,40}[，,]|"
                           # "我开个小公司，想问下…": who asks, then the ask
                           r"^(?:我|我们|本人)[^，,。？?多少几吗哪]{1,20}[，,]\s*(?=(?:想|请|麻烦|顺便)问)")


# "…节目上反映过问题，问当年…": the caller's own words start at 问
_ASKS_THEN = (r"[，,]\s*(?:他|她|对方)?(?:想)?问(?:一下|下)?(?:的是)?[：:]?"
              r"(?=[^，,。？?]{4,}(?:多少|几|什么|哪|吗|怎么|如何))")


def context_before(question: str) -> bool:
    """Whether a question's real question follows context of its own (long, the asker's purpose, or "，问…")."""
    return len(question) > 50 or bool(ASKER_PURPOSE.match(question)) or bool(re.search(_ASKS_THEN, question))


def real_question(question: str) -> str:
    """The real question of a long one: what follows the last sentence break. A tail too short to say what
    it asks about ("我想知道是哪个部门收的？") keeps the clause before it ("…年报里说收了信息处理费，")."""
    # "…新收申请是3件，而总计是多少": what the asker states is context; the contrast asks.
    purpose = ASKER_PURPOSE.match(question)
    if purpose and len(question) - purpose.end() >= 8:
        question = question[purpose.end():]
    parts = [p for p in re.split(r"[。！!；;]|我?只?想(?:知道|问|确认|了解)(?:一下|下)?的?是?[：:]?|"
                                 rf"请问[：:]?|我(?:只|就)要|{_ASKS_THEN}|"
                                 r"我要问的是[：:]?|问题是[：:]?|"
                                 rf"(?<=\d[{_COUNTED_IN}])[，,](?:而|但|但是|可是|那么|那)|"
                                 # "…年报提到区财政金融局推进财政资金信息公开，全年共发布了多少条": what the report
                                 # is said to say is context
                                 rf"{REPORT_SAYS}[^，,。？?]{{4,}}[，,](?=[^，,。]*(?:多少|几))", question)
             if p and p.strip()]
    if not parts:
        return question
    tail = parts[-1]
    if len(parts) > 1 and len(re.sub(r"[^\u4e00-\u9fff\w]", "", tail)) < 10 and _ASKS.search(tail):
        clauses = [c for c in re.split(r"[，,]", parts[-2]) if c.strip()]
        unstated = [c for c in clauses if not _STATES_FIGURE.search(c)]  # "新收申请是3件" is context
        clauses = unstated or clauses
        if clauses:
            return f"{clauses[-1].strip()}，{tail.strip()}"
    return tail


_DIVIDE = re.compile(r"(?P<a>\d+(?:\.\d+)?)\s*(?:条|件|篇|项|个|次|人|元|万元)?\s*(?:除以|÷)\s*(?P<b>\d+(?:\.\d+)?)")
_EXCEPT = re.compile(r"(除了|除去|除掉|不算|不含|不包括|扣除|去掉|刨掉|刨去|刨除|扣掉|减掉|减去|拿掉|排除)"
                     r"(?P<x>[^，,。？?\s]{2,40}?)"
                     r"(以外|之外|外|那\d+条|那一?(?:块|部分|类|项)|[，,\s]|的(?=(?:有|是|为)?(?:多少|几)))")
# "报告里按类别列出来的加起来", "列举的各类信息条数逐项加起来": every item of the list the report gives, added
_LISTED = r"列出来?的|列举的|所列的?|列的|分类列出?的?|按类别?列?出?来?的?|逐项|分项|各个?分类|括号(?:里|中|内)的?"
_ADDED = r"加起来|相加|加总|加在一起|之和|合计"
LISTED_SUM = re.compile(rf"(?:{_LISTED}|各(?:项|类|个类别)(?!办理|处理|答复|结果))"
                        rf"[^，,。？?]{{0,12}}?[，,]?\s*(?:实际|一共|总共)?(?:{_ADDED})")
_LISTING_WORDS = re.compile(rf"{_LISTED}|各项|各类|{_ADDED}")  # how a listed sum is asked, not what is listed
# "除了部门工作动态 其余的有多少条", "不算专题专栏的有几条": the whole less the part left out
_REST = re.compile(r"^\s*(?:[，,\s]|的)?\s*(?:其余|其他|剩下|剩余|另外|别的)?的?(?:信息|部分)?"
                   r"(?:有|是|为|还有)?(?:多少|几)")


# "…占比比2019年下降了10.33个百分点，那2019年这个占比是多少": the other year's share, from this year's and the change.
_POINTS_BACK = re.compile(r"(?P<what>[^，,。？?]{2,40}?)[，,]?\s*(?:比|较|相比)(?P<year>20\d{2})\s*年(?:度)?"
                          r"(?P<dir>下降|减少|降低|回落|上升|增长|提高|增加|提升)了?\s*(?P<n>\d+(?:\.\d+)?)\s*个?百分点"
                          r"[^？?]*?(?P=year)\s*年[^？?]{0,12}(?:多少|几)")
_DOWN = ("下降", "减少", "降低", "回落")


# A report's own statement of a change against another year: "…占比高达80.29%，较2019年下降10.33个百分点"
_STATED_CHANGE = r"(?P<what>[^，,。；;]{2,60}?)[，,]?\s*(?:比|较|与)(?P<year>{year})\s*年(?:度)?(?:相比)?[，,]?\s*" \
    r"(?P<dir>下降|减少|降低|回落|上升|增长|提高|增加|提升)了?\s*(?P<n>\d+(?:\.\d+)?)\s*个?百分点"


def stated_change(text: str, year: int) -> list[Plan]:
    """Each change against `year` in the percentage points a report states, as a points_back plan for `year`."""
    found = []
    for m in re.finditer(_STATED_CHANGE.replace("{year}", str(year)), text):
        sign = "+" if m.group("dir") in _DOWN else "-"
        found.append(Plan("points_back", [m.group("what").strip()], None, [sign, m.group("n"), str(year)]))
    return found


_GIVEN_FIGURE = re.compile(r"(\d+(?:\.\d+)?)\s*(条|件|篇|项|个|次|人)")
# "按它自己给的198条和510条算": the share of the two figures the question gives
_BY_GIVEN = re.compile(r"(?:按|用|拿|根据)[^，,。？?]{0,10}?\d+(?:\.\d+)?\s*[条件篇项个次人]\s*"
                       r"(?:和|与|跟|、|及|以及)\s*"
                       r"\d+(?:\.\d+)?\s*[条件篇项个次人]\s*(?:来)?(?:算|计算|推算|核算)")
_SHARE_ASKED = re.compile(r"占比|比例|百分之|百分比|比重")


def _given(question: str) -> Plan | None:
    """Plans on figures the question itself gives: "用198除以510", "…比2019年下降了10.33个百分点，那2019年…"."""
    divide = _DIVIDE.search(question)
    if divide:  # each given figure must be one the report states
        return Plan("share", [divide.group("a") + "条", divide.group("b") + "条"], precision(question), ["given"])
    given = [m for m in _GIVEN_FIGURE.finditer(question) if not re.search(r"年$", m.group(0))]
    if len(given) == 2 and _SHARE_ASKED.search(question) and (
            any(re.search(r"总数|总计|总共|全部|合计", question[max(0, g.start() - 8): g.start()]) for g in given)
            or _BY_GIVEN.search(question)):
        # "主动公开53条、信息总数467条，…主动公开占比应是百分之多少": the part over the whole the question gives
        part, whole = sorted(given, key=lambda g: float(g.group(1)))
        return Plan("share", [part.group(1) + part.group(2), whole.group(1) + whole.group(2)], precision(question),
                    ["given"])
    back = _POINTS_BACK.search(question)
    if not back:
        return None
    what = re.sub(r"^.*?(说|提到|写到|显示)[，,：:]?(是|的是)?", "", back.group("what"))
    if len(re.findall(r"[\u4e00-\u9fff]", what)) < 2:
        # "…占比80.29%，说是较2019年下降10.33个百分点": a clause with no subject measures the clause before it
        what = re.split(r"[，,。；;]", question[:back.start("what")].rstrip("，, "))[-1]
    sign = "+" if back.group("dir") in _DOWN else "-"
    return Plan("points_back", [what], precision(question), [sign, back.group("n"), back.group("year")])


# "把尚未审结的去掉，已经审结的复议里被纠正的占多少": the whole less a part, as the share's denominator
_LESS = re.compile(r"(?:把|将)(?P<x>[^，,。？?]{2,12}?)的?(?:去掉|除去|扣掉|排除|减掉)[，,]?|"
                   r"(?:除去|去掉|扣除|不算)(?P<y>[^，,。？?]{2,12}?)(?:的|以外|之外)?[，,]")


def _share_plan(q: str, digits: int | None) -> Plan | None:
    """"A占B的百分之几", "A的占比", "以B为分母，A的占比", "纠错率（结果纠正占复议总数）" → share [A, B]."""
    if re.search(r"[“\"][^”\"]{2,30}占[”\"]", q):
        return None  # "“主动公开的政府信息占”的比例": the report's own words for the share it states, read as stated
    less = _LESS.search(q)
    if less and re.search(r"占|比例|百分", q[less.end():]):
        found = _share_plan(q[: less.start()] + q[less.end():], digits)
        if found is not None:
            found.notes.append(f"less:{_clean(less.group('x') or less.group('y'))}")
        return found
    # "（结果纠正件数除以复议总数）", "用予以公开的件数除以办理结果总计": a division is a share
    divided = re.sub(r"(?<=[\u4e00-\u9fff])\s*(除以|÷)\s*(?=[\u4e00-\u9fff])", "占", q)
    if divided != q:
        q = re.sub(r"(^|[，,（(])(用|拿|把)(?=[^，,（(]*占)", r"\1", divided)
    inner = _RATE.search(q)
    if inner and re.search(r"率|比例|百分", q):
        q = inner.group("inner") + "的百分比"  # "纠错率（结果纠正占复议总数）"
    change = re.search(r"(增长|下降|减少|增加|提高|降低)(了)?(百分之|多少|几个百分点)", q)
    denominator = _DENOMINATOR.search(q)
    if denominator:
        q = q[: denominator.start()] + q[denominator.end():]
    m = _SHARE.search(q) or _SHARE_OF.search(q)
    if m and not change:
        a, b = m.group("a"), (m.groupdict().get("b") or "")
        b = re.split(r"[，,]", b)[0]  # "占总制发信息的，年报里写的百分比": the whole ends at the comma
        if denominator:
            b = denominator.group("b") or denominator.group("b2")
        within = _WITHIN.search(a.strip())
        if within and not b.strip():
            a, b = within.group("a"), within.group("b")  # "A在B里占多大比重"
        a = a.rstrip(" ，,")  # "主动公开198条，占比…": the part stands before the comma
        if re.search(r"[，,]", a):
            head, a = re.split(r"[，,]", a)[:-1], re.split(r"[，,]", a)[-1]  # "收到的申请，予以公开的比例"
            b = b if _clean(b) else "".join(head)
        a, b = _clean(a), _clean(b)
        if a:
            return Plan("share", [a, b], digits)
    return None


# "结果维持加结果纠正 跟总计对得上吗", "第一项加第二项 等不等于第三项加第四项": an auditor's check of two figures
_CHECK_VERB = r"(?:能)?(?:对得上|对不上|对上|一致|相符|吻合|相等|相同|平衡)"
_CHECKS = [re.compile(rf"^(?P<a>.+)(?:跟|同|与|对比)\s*(?P<b>[^，,。？?\s跟同与]{{2,30}}?)\s*(?:是否|是不是)?"
                      rf"{_CHECK_VERB}"),
           re.compile(rf"^(?P<a>.+)和\s*(?P<b>[^，,。？?\s和]{{2,30}}?)\s*(?:是否|是不是)?{_CHECK_VERB}"),
           re.compile(r"^(?P<a>.+?)\s*(?:是否等于|等不等于|是不是等于|等于)\s*(?P<b>[^，,。？?]{2,30}?)\s*(?:吗|么)?\s*[？?]?$")]
_ASKED_FIGURE = re.compile(r"(?:是|有|为)?(?:多少|几)\s*[件条个项]?")


def _side(text: str) -> str:
    """One side of a check, as a phrase to read: without how it is asked, and without "那一行"/"的数" (a bracketed
    item number, "（七）总计", is part of a table-三 label and stays)."""
    text = re.sub(r"(那|这)一?(行|栏|列|项)|的(数字?|数据)$", "", _ASKED_FIGURE.sub("", text).strip(" ，,的"))
    return text if re.search(r"[（(][一二三四五六七八九十][）)]", text) else _clean(text)


def _check_plan(q: str) -> Plan | None:
    for pattern in _CHECKS:
        m = pattern.search(q)
        if m:
            a = _side(m.group("a"))
            b = _side(m.group("b"))
            if re.search(r"(各项|所有|全部|每一?项)[^，,。？?]{0,6}结果", a) and not a.endswith("加起来"):
                a += "加起来"  # "各项办理结果加起来，和（七）总计对得上吗": every result row, added
            if a and b and not re.search(r"\d", b):  # a figure given to check is a claim
                return Plan("check", [a, b], notes=["figure"] if _ASKED_FIGURE.search(m.group("a")) else [])
    return None


# "表三满足“第一项加第二项之和等于第三项加第四项之和”吗", "勾稽关系成立吗": the stated relation checked
_RELATION_ASKED = re.compile(r"(第一项加第二项[^？?]{0,12}第三项加第四项|[勾钩]稽关系)[^？?。]{0,8}"
                             r"(满足|成立|平衡|对得上|对不上|符合|相符|一致)(吗|么|不|没有|[？?])|"
                             r"(满足|符合)[^？?]{0,4}[“\"]?第一项加第二项")
# "按勾稽关系（新收＋上年结转＝办理结果＋结转下年），这一行的总计应该填多少": what the relation makes a row
_BALANCE = re.compile(r"[勾钩]稽关系[^？?]{0,60}?(?:应该?|应当|理应|按理)(?:填|是|为|写)?(?:多少|几)")


# "…总计是多少？请用“第一项加第二项之和等于第三项加第四项之和”验证。": the figure is asked; the check comes with it
_VERIFY_AFTER = re.compile(r"(?<=[？?])\s*(?:请|并|再)?(?:用|按|以|根据)?(?P<how>[^？?。]{0,50}?)(?:来)?"
                           r"(?:验证|核对|检验|校验)(?:一下)?[。！!]?\s*$")
RELATION_CHECK = Plan("check", ["本年新收加上年结转", "办理结果总计加结转下年度继续办理"])


def verification_asked(question: str) -> tuple[str, bool]:
    """The question without a request to verify the figure after it, and whether the request is the template's
    relation (新收＋上年结转＝办理结果＋结转下年)."""
    m = _VERIFY_AFTER.search(question)
    if m is None:
        return question, False
    return question[: m.start()], bool(re.search(r"第一项加第二项|[勾钩]稽", m.group("how")))


def plan(question: str) -> Plan | None:
    """The operations a question asks for, or None when it asks for one figure (or not for figures)."""
    question, _ = verification_asked(question)
    if _RELATION_ASKED.search(question):  # "满足“第一项加第二项之和等于第三项加第四项之和”吗"
        return RELATION_CHECK
    if _BALANCE.search(question):
        return Plan("balance", ["结转下年度" if re.search(r"结转下年|结转到下一?年", question) and
                                not re.search(r"总计", question) else "总计"])
    given = _given(question)
    if given:
        return given
    q = PREFACE.sub("", real_question(question))
    check = _check_plan(q)
    if check is not None:
        return check
    digits = precision(question)
    excluded = _EXCEPT.search(q)
    if excluded and (_SUM.search(q) or re.search(r"(一共|总共|共计)(是|有)?(多少|几)", q)):
        return Plan("sum_except", [_clean(excluded.group("x"))])
    if LISTED_SUM.search(q):
        return Plan("sum_listed", [_LISTING_WORDS.sub(" ", q)])  # what is listed stays: it finds the list
    if excluded and _REST.match(q[excluded.end(2):]):
        whole = re.sub(r"(?:里面?|中|当中|之中)?[，,\s]*$", "", q[: excluded.start()])
        return Plan("rest", [_clean(excluded.group("x")), whole.strip()])
    # "动态服务类占了多少条" asks a count, not a share
    counted = re.search(r"占了?\s*(?:多少|几)\s*[条件个篇项次人场]", q) and not _SHARE_ASKED.search(q)
    share = None if counted else _share_plan(q, digits)
    if share is not None:
        return share
    m = _DIFF.search(q)
    if m:
        a, b = (m.group("a"), m.group("b")) if m.group("a") else (m.group("c"), m.group("d"))
        a, b = _clean(a), _clean(b)
        if a and b and not re.fullmatch(r"\d{4}年?度?", b):
            return Plan("diff", [a, b])
    return _sum_plan(q)


# "…A、B、C，这三样一共整改了多少处": the items named before, added (the verb may stand between 一共 and 多少)
_POINTER = r"[，,]\s*(?:这|那|以上|上述|前面)?(?:[两二三四五六七八九几]|这几|这些)(?:样|项|类|个|种|者)?(?:东西)?\s*"
_POINTED_ITEMS = re.compile(rf"{_POINTER}(?=(?:一共|总共|共计|合计|加起来))")


def _sum_plan(q: str) -> Plan | None:
    """"A和B加起来", "（A、B、C）一共", "A加上B一共多少": the items to add, as phrases."""
    if _SUM.search(q) or re.search(r"(一共|总共|共计)(是|有)?(多少|几)(?!类|种|个?方面|个?部分|个?类别)", q) or \
            _POINTED_ITEMS.search(q):
        listed = _PAREN_LIST.search(q)
        if listed and re.search(r"(都|均|也)(算|计|包括|包含|计入|算上|要)[）)]$", listed.group(0)):
            listed = None  # "行政诉讼（直接起诉、复议后起诉都算）": what one item counts, not the items to add
        if listed and re.search(r"法人或其他组织|法人$|法人和其他组织", q[: listed.start()]):
            return None  # "法人或其他组织（商业企业、科研机构…）合计": its columns named; the cell sums them
        if listed and re.search(r"…|\.\.\.", listed.group("list")):
            # "各类信息（机构职能类、政策类……其他类）加起来": the report's list, abbreviated
            return Plan("sum_listed", [q[: listed.start()] + listed.group("list")])
        if listed:
            # "财税金融政策及解读、…" is one item
            joiners = r"[、，,+＋]" if re.search(r"[、+＋]", listed.group("list")) else r"[、，,]|和|与|及"
            items = [_clean(p) for p in re.split(joiners, listed.group("list"))]
            items = [i for i in items if i]
            if len(items) >= 2:
                return Plan("sum", items)
        outside = re.sub(r"[（(][^（）()]*[）)]", "", q)  # "（未经复议直接起诉和复议后起诉合计）" only explains
        # "跟信息公开有关的复议": no join ("政策问答和行政执法相关信息" is one)
        outside = re.sub(r"(?:跟|和|与|同)[^，,。？?和与跟]{1,12}?(?:有关的?|相关的)", "", outside)
        counts_kinds = r"(?!类|种|个?方面|个?部分|个?类别)"  # "一共几类" counts kinds of things: not a sum
        if not _SUM.search(outside) and not re.search(rf"(一共|总共|共计)(是|有)?(多少|几){counts_kinds}", outside) \
                and not _POINTED_ITEMS.search(outside):
            return None
        head = _SUM.split(outside)[0] if _SUM.search(outside) else re.split(r"(一共|总共|共计)", outside)[0]
        if _SUM.search(outside) and _SUM.search(outside).group(0) == "加上":
            # "复议61件 加上两类诉讼一共多少件": 加上 joins the items, the ask ends them, and the items are the
            # words around it ("行政诉讼 直接起诉加上复议后起诉": not 行政诉讼, which only says of what)
            joined = re.sub(r"\s*加上\s*", "加上", outside)
            head = re.split(r"(一共|总共|共计|合计|一起|是不是|是否|等于|(是|有|为)?(多少|几))", joined)[0]
            head = next(seg for seg in reversed(re.split(r"[，,\s]+", head)) if "加上" in seg) if "加上" in head \
                else head
        head = re.split(r"(?:里|中|当中)[，,]", head)[-1]  # "主动公开的124条里，A和B加起来": A and B
        # "…整改了A、B、C，这三样一共": the pointer stands for the items before it
        head = re.sub(rf"{_POINTER}$", "", head)
        # "行政诉讼一共多少件？把A和B加在一起算": the sentence that says what to add names the items
        last = re.split(r"[？?。！!；;]", head)[-1]
        clause = re.split(r"[，,]", last)[-1]  # "…一共多少件，直接起诉和复议后起诉加一起": the clause after the ask
        if _JOIN.search(clause) and (re.search(r"多少|几", last) and not re.search(r"多少|几", clause)
                                     or not _JOIN.search(last[: len(last) - len(clause)])):
            last = clause  # "X方面，A和B加起来": the items are the clause that joins them, the rest says where
        if _JOIN.search(last):
            head = re.sub(r"^\s*(把|将|请把|请将)", "", last)
        # 及 joins inside one item ("政策及规范性文件类") when the items are joined by another word.
        joiner = _JOIN_STRONG if _JOIN_STRONG.search(head) else _JOIN
        items = [_clean(p) for p in joiner.split(head)]
        items = [i for i in items if i and len(i) >= 2]
        if len(items) >= 2:
            return Plan("sum", _share_context_all(items))
    return None


def _share_context_all(items: list[str]) -> list[str]:
    """"依申请公开的和不予公开的信息" → each item keeps the words the last one ends with (信息)."""
    last = items[-1]
    m = re.search(r"的(\w{1,6})$", last)
    if m:
        noun = m.group(1)
        return [i if i.endswith(noun) or i == last else f"{i.rstrip('的')}{noun}" for i in items]
    return items
