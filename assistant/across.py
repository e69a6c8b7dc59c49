"""Questions across reports: differences, percent changes, sums and "which is largest". Each report is
asked the same question on its own (with the same readers and planner as any question), then the
figures are combined, every figure shown with its source."""

from __future__ import annotations

import re

from assistant.models import Answer
from assistant.question.kinds import by_name, kind_of
from assistant.question.lexicon import BARE_CHANGE, IN_ALL, INSTRUCTIONS, LEAST, MOST, PREFACE, RATE_OF_CHANGE
from assistant.question.names import parse_body
from assistant.question.plan import precision, sub_questions
from assistant.question.understand import Understanding
from assistant.question.years import normalise_years
from assistant.replies import Context, not_found
from assistant.scoring import SCORING, Scoring
from assistant.single import SingleReader
from ingest.models import Report

_RANGE_ASKED = re.compile(r"(最多|最高|最大)的?[^，,。？?]{0,8}?比[^，,。？?]{0,4}?(最少|最低|最小)的?[^，,。？?]{0,8}?"
                          r"(多|高|大)(出)?了?(多少|几)|(最多|最高|最大)的?[^，,。？?]{0,6}?(和|与|跟)[^，,。？?]{0,4}?"
                          r"(最少|最低|最小)的?[^，,。？?]{0,8}?(相差|差)|极差")
_SHARE_OF = re.compile(r"占[^，,。？?]{1,30}?(百分之|比例|比重|百分比|几成|%|％)")
OPS = [
    # "最多的一年比最少的一年多多少件": the largest figure of the reports less the smallest
    ("range", _RANGE_ASKED),
    # "财政金融局收到的申请占平潭全区申请数的百分之几": one body's figure as a share of another's
    ("share", _SHARE_OF),
    # "这几家里，有几家发生了行政诉讼": how many of the reports have a figure above zero
    ("count", re.compile(r"有几家|有几个(单位|部门|机关)|几家(有|发生|出现)|有多少家")),
    # "四年主动公开条数的平均值是多少": the mean of each report's figure
    ("avg", re.compile(r"平均|均值")),
    # "2021年收到的申请数是2020年的多少倍": one figure over the other
    ("ratio", re.compile(r"(多少|几)倍")),
    # "2019年和2023年写的电话一样吗": each report's answer, compared as written (any kind: a phone, a date, a figure)
    ("same", re.compile(r"(一样|相同|一致|同一个)(的)?(吗|么|嘛|不|没有)|同一个[^，,。？?]{1,6}(吗|么|嘛)|"
                        r"是否(一样|相同|一致)|"
                        r"(有没有|有无)(变化|变动|改变)|变了(吗|没有)|(有)?(什么|哪些|啥)(不同|区别|差别|变化)|"
                        r"有何(不同|区别)|不一样的?地方")),
    # (比例, 占比 and 对比 compare nothing)
    ("diff", re.compile(r"比(?![例重率])(?<!对比)(?<!占比).{0,20}(多|少|高|低|增加|减少|增长|下降|差|提高|降低)|"
                        r"相差|差值|变化了?多少|差距|"
                        rf"{BARE_CHANGE}|差了?(多少|几)|"
                        r"相比.{0,12}(多|少|增|减|升|降)|(从|由).{0,16}(到|至).{0,16}(增长|下降|增加|减少|提高|降低|变化)|"
                        r"(增长|下降|增加|减少|提高|降低|降|涨|升)了?(百分之|多少|几)|"
                        r"(从|由).{0,20}(降|涨|升|减|增)(到|至)")),  # "从2021年的7816万元降到2025年，一共降了多少"
    ("max", re.compile(rf"(哪|谁).{{0,30}}?({MOST}|更多|更大|更高)|({MOST})的(是|那?一?(年|个|家|份))|"
                       rf"({MOST})(是|为|达到?)[^，,。？?]{{0,6}}(多少|几)|"
                       r"(谁|哪家|哪个)的?(多|高|大)")),
    ("min", re.compile(rf"(哪|谁).{{0,30}}?({LEAST}|更少|更小|更低)|({LEAST})的(是|那?一?(年|个|家|份))|"
                       rf"({LEAST})的?(占比|比例|比重)?(是|为)[^，,。？?]{{0,6}}(多少|几)|"
                       r"(谁|哪家|哪个)的?(少|低|小)")),
    ("sum", re.compile(IN_ALL)),
    # "A和B新收申请分别是多少": each report's figure, listed
    ("each", re.compile(r"分别|各自|各(是|有|为|收到|发布|公开)?了?(多少|几)")),
]
_ASKS_FIGURE = re.compile(r"(最多|最少|最高|最低|最大|最小)的?(那|这)?(一)?(家|个|年|份)?[？?]?"
                          r"[^，,。？?]{0,8}(多少|几)|"
                          # "哪一年最多？报一下那年的条数": the figure is asked too
                          r"[，,。？?]\s*(报|说|给|告诉我?)一?下?[^，,。？?]{0,6}(条数|件数|数字|数量|数目|多少)")
_RATE = re.compile(r"百分之|百分比|%|％|增长率|增幅|降幅|(增长|下降|减少|增加)了?(多少|几)?成")
_POINTS = re.compile(r"百分点")


def across_op(u: Understanding) -> str | None:
    # a share of another body's figure needs two bodies; within one body it is the planner's
    op = next((name for name, pat in OPS if pat.search(u.effective) and (name != "share" or u.joined)), None)
    if op is None and re.search(r"多少|几", u.effective) and kind_of(u.effective).figure:
        op = "each"  # "海坛片区2023、2025年公开了多少条": a figure of each year (or body) named
    if not op or len(u.report_ids) < 2:
        return None
    if len(u.years) >= 2 or u.joined or (op in ("max", "min") and (u.named_body or u.named_year)):
        return op
    return None


_RATE_LEAD = re.compile(rf"^(?:那么?)?{RATE_OF_CHANGE}[，,]\s*(?:(?:四舍五入|保留|精确到|取)[^，,]*[，,])?")
_AGAINST_YEAR = re.compile(r"(?:跟|和|与|同|较|比)\s*(20\d{2})\s*年度?(?:相)?比?")
_YEAR_THAN_YEAR = re.compile(r"(20\d{2})\s*年?[^，,。？?比]{0,20}?(?<![相对])比\s*(20\d{2})")
# "A的X比B多还是少，差多少条", "X比2023年涨了百分之多少": what is compared stands before 比.
_COMPARED = re.compile(r"^(?P<head>[^，,。？?]*?)(?<![占对相])比(?![较例重如率])\s*"
                       r"(?:20\d{2}\s*年度?|上一?年|去年|前一年|这个|那个|它)?[^，,。？?]{0,4}?(?:多|少|高|低|涨|增|减|降|提|差)")
# A follow-up that only asks how much it changed ("少了多少条？" after two turns naming the years).
_BARE_CHANGE = re.compile(rf"{BARE_CHANGE}[^，,]{{0,6}}[，,]")
_NOT_CONTENT = re.compile(r"(20\d{2})\s*年度?|[（(][^（）()]*[）)]|^(那么|那|其中|而)|第二年度?|次年|下一年|后一年|"
                          r"全区|全市|全县|全年|的|这个|那个|[\s，,]")


def _without_names(text: str, u: Understanding, reports: dict[str, Report]) -> str:
    for rid in u.report_ids:  # each part is asked of one report: body names only add noise
        name = parse_body(reports[rid].body)
        for spelling in sorted({s for unit in name.places for s in unit} | set(name.department), key=len, reverse=True):
            text = text.replace(spelling, "")
    return text


def _earlier_question(text: str, u: Understanding, reports: dict[str, Report]) -> str:
    """The earlier turn a follow-up compares with, asked of each report: its years and body names taken out (its
    first question, when it asked two)."""
    text = sub_questions(text)[0]
    return re.sub(r"(20\d{2})\s*年度?", "", _without_names(text, u, reports)).strip(" ，,")


def _compared(u: Understanding, reports: dict[str, Report]) -> str | None:
    """"平潭全区2020年公布的政府信息比2019年多还是少 差多少条" → "公布的政府信息有多少条？"; a follow-up that names
    nothing before 比 ("那第二年比这个多了多少条，<the earlier question>") asks the earlier question's figure."""
    text = _RATE_LEAD.sub("", u.effective)  # "增幅是百分之多少，保留一位小数，<the comparison asked before>"
    sentences = [s for s in re.split(r"(?<=[。！？?!])", text) if s.strip()]
    if len(sentences) > 1 and "比" in sentences[-1]:
        text = sentences[-1]  # a long message: the comparison is asked in its last sentence
    bare = _BARE_CHANGE.match(text)
    if bare and re.search(r"多少|几", text[bare.end():]):  # "少了多少条，<the earlier question>"
        return _earlier_question(text[bare.end():], u, reports)
    m = _COMPARED.search(text)
    if m is None:
        return None
    head = _without_names(m.group("head"), u, reports)
    if len(_NOT_CONTENT.sub("", head)) < 2:
        rest = text[m.end():].split("，", 1)
        if len(rest) < 2 or not re.search(r"多少|几", rest[1]):
            return None
        return _earlier_question(rest[1], u, reports)
    head = re.sub(r"(20\d{2})\s*年度?|^(那么|那|而)", "", head).strip(" ，,的")
    after = text[m.start("head") + len(m.group("head")):]
    unit = re.search(r"(?:多少|几)\s*(个百分点|万元|条|件|个|次|项|篇|场|人|份|起|元)", after)
    return f"{head}有多少{unit.group(1) if unit and unit.group(1) != '个百分点' else ''}？"


# "2019、2020、2021年", "2023和2025这两年", "2019、…、2025五个年度": the years, as a comparison lists them
_YEARS_SAID = re.compile(r"(20\d{2})\s*(年度?|、|，|和|与|及|至|到|—|-|(?=[两三四五六七八九十]个?年))\s*"
                         r"([两三四五六七八九十]个?年度?)?")


def base_question(u: Understanding, reports: dict[str, Report]) -> str:
    """The question each report is asked on its own: years, bodies and comparison words taken out."""
    compared = _compared(u, reports)
    if compared:
        return compared
    base = re.sub(_YEARS_SAID, "", normalise_years(u.effective))  # "洪泽23年和24年的…" as 2023年和2024年
    base = _without_names(base, u, reports)
    base = PREFACE.sub("", base)  # "写材料要用：…": a preface (a topic before a colon stays)
    base = re.sub(r"(这|那)?[两三四五六七八九十几]个?年(来|里|间)?的?|[、，,](?=[、，,])|^[、，,\s]+", "", base)
    base = re.sub(r"哪一?年|哪个单位|哪家单位|哪家|最多|最少|最大|最小|最高|最低"
                  r"|合计|加起来|总共|一共|分别|两家|二者|两者"
                  r"|(?<!占)比(?=\s*(?:[的在]|$))|^\s*(和|与|及|、)|(增长|增加|下降|减少|提高|降低)?了?(百分之多少|百分之几|几个百分点|多少个百分点)"
                  r"|(从|由)\s*(到|至)|两年|三年|几年|各年|每年"
                  r"|(这|那)?[两三四五六七八九十几]份(年报|报告)?(里面|里|中)?"
                  r"|百分比|增长率|增幅|谁|更多|更少|相比|相差|差距|年报", "", base)
    # "比增加了多少条" (years taken out) asks each report "多少条";
    # a precision asked is the comparison's, not the parts'.
    base = re.sub(r"比?\s*(增加|增长|减少|下降|提高|降低|多出|少了|多了|高|低)了?(?=\s*(多少|几))", "", base)
    base = re.sub(r"(?:是|为|相当于)?\s*的?\s*(?:多少|几)\s*倍", "是多少", base)
    base = re.sub(r"的?(?:平均值|平均数|均值|平均)(?:是|为)?", "", base)
    # "这几家里，有几家发生了行政诉讼" asks each its 行政诉讼
    base = re.sub(r"(?:这几家|这些单位)?(?:里|中)?[，,]?(?:有几家|有多少家|几家)(?:发生了?|出现了?|有)?", "", base)
    base = re.sub(r"[，,。]?\s*(?:" + INSTRUCTIONS.pattern + r")\s*(就行|即可|就好)?", "", base)
    # "比2023年多收到多少件" → "收到多少件": drop the 多/少 of the comparison, keep 多少.
    base = re.sub(r"(?<![多至])[多少](?:了)?(?=[^多少]{0,8}多少)", "", base)
    base = re.sub(r"(?<!占)比\s*(?=[，,。？?]|$)|^[，,、和与及\s]+|[，,]\s*(和|与|及)?\s*(?=[？?]|$)", "", base)
    # "全区比收了多少件": what it was compared with is gone, so is 比
    base = re.sub(r"(?<![占对相])比\s*(?=[\u4e00-\u9fff]{0,3}?了?\s*(?:多少|几))", "", base)
    if re.search(r"占比|比例|比重", u.effective) and not re.search(r"占比|比例|比重|占", base):
        base += "占比"
    elif not re.search(r"多少|几|数量|总数|占比|比例|比重", base):
        base = re.sub(r"[？?。\s]+$", "", base) + "是多少？"  # "…的主动公开信息量" (增长了百分之多少 taken out)
    return base


_SAME_ASKED = re.compile(r"(写的|写得|的)?(是)?(一样|相同|一致|同一个)(的)?(吗|么|嘛|不|没有)?|是否(一样|相同|一致)|"
                         r"(有)?(什么|哪些|啥)(不同|区别|差别|变化)|有何(不同|区别)|不一样的?地方|两份年报里|两份报告里|"
                         r"(有没有|有无)(变化|变动|改变)|变了(吗|没有)|[？?]")


def _normal(answer: str) -> str:
    return re.sub(r"[\s，,。；;：:“”\"'（）()]", "", answer)


def _fmt(value: float, unit: str) -> str:
    return f"{int(value) if float(value).is_integer() else round(value, 4)}{unit}"


def _first_number(s: str) -> float | None:
    m = re.search(r"-?\d+(?:\.\d+)?", s)
    return float(m.group()) if m else None


class AcrossReports:
    def __init__(self, single: SingleReader, scoring: Scoring = SCORING):
        self.single = single
        self.scoring = scoring

    def answer(self, ctx: Context, op: str) -> Answer:
        u = ctx.u
        q = ctx.request.question
        if len(u.report_ids) > self.scoring.max_cross_reports:
            return not_found(q, f"这个问题涉及{len(u.report_ids)}份报告，请缩小范围（写明单位或年份）。")
        base = base_question(u, ctx.reports)
        order = {y: i for i, y in enumerate(u.years)}
        named = {b: i for i, b in enumerate(u.bodies)}  # "A是B的几倍": the bodies in the question's order
        rids = sorted(u.report_ids, key=lambda r: (order.get(ctx.reports[r].year, 99),
                                                   named.get(ctx.reports[r].body, 99), ctx.reports[r].body))
        if op == "same":
            return self._same(ctx, base, rids)
        if op == "share":  # each body is asked the figure; the share is the comparison's
            base = _SHARE_OF.sub("", re.sub(r"占[^，,。？?]*", "", base)).strip(" ，,的") + "是多少？"
        parts: list[tuple[Report, Answer, float]] = []
        kind = kind_of(base)
        kind = kind if kind.figure else by_name("number")  # each part asks for a figure, however it is worded
        for rid in rids:
            a = self.single.answer(ctx, base, "", [rid], kind=kind)
            value = _first_number(a.short_answer) if a.found else None
            if value is None:
                r = ctx.reports[rid]
                return not_found(q, f"{r.body}{r.year}年的报告中没有找到所需数字，无法计算。")
            parts.append((ctx.reports[rid], a, value))
        unit = re.sub(r"^-?[\d.]+", "", parts[0][1].short_answer)
        listing = "；".join(f"{r.body}{r.year}年：{a.short_answer}" for r, a, _ in parts)
        cites = [c for _, a, _ in parts for c in a.citations]
        operands = []
        for _, a, v in parts:
            if any(s.get("role") == "operand" for s in a.support):
                operands += [s for s in a.support if s.get("role") == "operand"]  # a computed part: its own operands
            elif len(leaves := [s for s in a.support if s.get("role") in ("cell", "mention")]) > 1:
                operands += [{**s, "role": "operand"} for s in leaves]  # a sum of cells (行政诉讼 = its two rows)
            elif leaves and leaves[0].get("role") == "cell":
                operands.append({**leaves[0], "role": "operand", "value": v})  # the cell, with its table and row
            else:
                operands.append({"role": "operand", "value": v,
                                 "certain": all(s.get("certain", True) for s in a.support),
                                 "text": " ".join(s.get("text", "") for s in a.support)
                                 or " ".join(c.text for c in a.citations)})
        if op == "diff":
            return self._diff(ctx, parts, unit, listing, cites, operands)
        if op in ("ratio", "share"):
            return self._quotient(ctx, parts, listing, cites, operands, percent=op == "share")
        if op == "range":
            return self._range(ctx, parts, unit, listing, cites, operands)
        return self._combine(ctx, op, parts, unit, listing, cites, operands)

    @staticmethod
    def _combine(ctx: Context, op: str, parts, unit: str, listing: str, cites, operands) -> Answer:
        """Each figure listed, their mean or sum, or the largest or smallest of them."""
        q, u = ctx.request.question, ctx.u
        if op == "each":  # the figures lead the short answer, each with whose it is
            same_body = len({r.body for r, *_ in parts}) == 1
            short = "；".join(f"{a.short_answer}（{f'{r.year}年' if same_body else f'{r.body}{r.year}年'}）"
                             for r, a, _ in parts)
            return Answer(q, f"{listing}。", short, True, cites, support=operands)
        if op == "count":
            some = [f"{r.body}{r.year}年" for r, _, v in parts if v]
            short = f"{len(some)}家"
            return Answer(q, f"{listing}。不为0的有{len(some)}家：{'、'.join(some) or '无'}。", short, True, cites,
                          support=operands)
        if op == "avg":
            mean = sum(v for *_, v in parts) / len(parts)
            digits = precision(u.effective)
            short = f"{mean:.{digits}f}{unit}" if digits is not None else _fmt(round(mean, 2), unit)
            working = "+".join(_fmt(v, "") for *_, v in parts)
            return Answer(q, f"{listing}。平均为（{working}）÷{len(parts)}≈{short}。", short, True, cites,
                          support=operands)
        if op == "sum":
            short = _fmt(sum(v for *_, v in parts), unit)
            return Answer(q, f"{listing}。合计{short}。", short, True, cites, support=operands)
        pick = max if op == "max" else min
        r, a, v = pick(parts, key=lambda p: p[2])
        word = "最多" if op == "max" else "最少"
        # "最多的那家收了几件" asks for the figure; "哪一年最多" for the report
        short = (f"{a.short_answer}（{r.body}{r.year}年）" if _ASKS_FIGURE.search(u.effective)
                 else f"{r.body}{r.year}年（{a.short_answer}）")
        return Answer(q, f"{listing}。{word}的是{r.body}{r.year}年，{a.short_answer}。", short, True, cites,
                      support=operands)

    def _same(self, ctx: Context, base: str, rids: list[str]) -> Answer:
        q = ctx.request.question
        if len(rids) != 2:
            return not_found(q, "比较需要恰好两份报告，请写明两个年份或两个单位。")
        base = _SAME_ASKED.sub("", base).strip(" ，,") + "？"
        kind = kind_of(base)
        parts = []
        for rid in rids:
            a = self.single.answer(ctx, base, "", [rid], kind=kind)
            r = ctx.reports[rid]
            if not a.found or not a.short_answer:
                return not_found(q, f"{r.body}{r.year}年的报告中没有找到这一项，无法比较。")
            parts.append((r, a))
        (r1, a1), (r2, a2) = parts
        who = [f"{r.year}年" if r1.body == r2.body else r.body for r in (r1, r2)]
        same = _normal(a1.short_answer) == _normal(a2.short_answer)
        short = (f"一样：都是{a1.short_answer}" if same else
                 f"不一样：{who[0]}为{a1.short_answer}，{who[1]}为{a2.short_answer}")
        return Answer(q, f"{short}。", short, True, a1.citations + a2.citations, support=a1.support + a2.support)

    def _range(self, ctx: Context, parts, unit: str, listing: str, cites, operands) -> Answer:
        """"最多的一年比最少的一年多多少件": the largest less the smallest, each named."""
        (hi_r, hi_a, hi), (lo_r, lo_a, lo) = max(parts, key=lambda p: p[2]), min(parts, key=lambda p: p[2])
        name = (lambda r: f"{r.year}年") if len({r.body for r, *_ in parts}) == 1 else (lambda r: f"{r.body}{r.year}年")
        short = _fmt(hi - lo, unit)
        text = (f"{listing}。最多的是{name(hi_r)}（{hi_a.short_answer}），最少的是{name(lo_r)}（{lo_a.short_answer}），"
                f"相差{_fmt(hi, '')}-{_fmt(lo, '')}={short}。")
        return Answer(ctx.request.question, text, short, True, cites, support=operands)

    def _quotient(self, ctx: Context, parts, listing: str, cites, operands, percent: bool) -> Answer:
        """"A是B的多少倍" (a ratio) or "A占B的百分之几" (a share): the figure named first over the other (the years or
        bodies in the question's order), the working shown."""
        q = ctx.request.question
        if len(parts) != 2 or not parts[1][2]:
            return not_found(q, "需要恰好两份报告的数字，且作分母的数字不为0。")
        (r1, _, v1), (r2, _, v2) = parts
        digits = precision(ctx.u.effective)
        if percent:
            short = f"{v1 / v2 * 100:.{digits if digits is not None else 1}f}%"
        else:
            short = f"{v1 / v2:.{digits}f}倍" if digits is not None else f"{_fmt(round(v1 / v2, 2), '')}倍"
        who1 = f"{r1.year}年" if r1.body == r2.body else r1.body
        who2 = f"{r2.year}年" if r1.body == r2.body else r2.body
        text = f"{listing}。{who1}{'占' if percent else '是'}{who2}的{_fmt(v1, '')}÷{_fmt(v2, '')}≈{short}。"
        return Answer(q, text, short, True, cites, support=operands)

    def _diff(self, ctx: Context, parts, unit: str, listing: str, cites, operands) -> Answer:
        q = ctx.request.question
        u = ctx.u
        if len(parts) != 2:
            return not_found(q, "比较需要恰好两份报告，请写明两个年份或两个单位。")
        if not re.search(r"(?<!相)比", u.effective) and parts[0][0].body == parts[1][0].body:
            # "从2019年到2023年增长了…", "2019年和2023年相比": the later year against the earlier one
            parts = sorted(parts, key=lambda p: -(p[0].year or 0))
        elif (years := _YEAR_THAN_YEAR.search(normalise_years(u.effective))) and parts[0][0].body == parts[1][0].body:
            # "2021年收到70件，2023年比2021年多几件": the years on each side of 比, not the order they came in
            first = int(years.group(1))
            parts = sorted(parts, key=lambda p: p[0].year != first)
        elif (against := _AGAINST_YEAR.search(normalise_years(u.effective))) and parts[0][0].body == parts[1][0].body:
            # "那跟2023年比多了多少件" after a 2025 turn: 2023 is what the other year is measured against
            parts = sorted(parts, key=lambda p: p[0].year == int(against.group(1)))
        (r1, _, v1), (r2, _, v2) = parts
        who1 = f"{r1.year}年" if r1.body == r2.body else f"{r1.body}"
        who2 = f"{r2.year}年" if r1.body == r2.body else f"{r2.body}"
        if unit == "%" and _POINTS.search(u.effective):
            unit = "个百分点"  # the difference of two shares is in percentage points
        text = (f"{listing}。{who1}与{who2}相同。" if v1 == v2
                else f"{listing}。{who1}比{who2}{'多' if v1 > v2 else '少'}{_fmt(abs(v1 - v2), unit)}。")
        # "A比B少多少" asks for B - A; "A比B多多少" for A - B; "相差/下降了几个百分点" for the size.
        asks_less = re.search(r"比[^多少]{0,12}(少|减少|下降|降低)|"
                              r"^(那么|那)?(\s*20\d{2}\s*年度?的?)?(少|减少|下降|降低|降)了?(多少|几)",
                              u.effective)
        plain = re.search(r"相差|差距|差了?多少|差了?几|下降了?几|减少了?几|降了?几", u.effective) or \
            (not re.search(r"(?<![相对])比", u.effective) and
             re.search(r"(下降|减少|降低|降|增长|增加|提高|涨|升)了?(多少|几)", u.effective))  # "一共降了多少"
        diff = abs(v1 - v2) if plain else (v2 - v1 if asks_less else v1 - v2)
        digits = precision(u.effective)  # "结果保留两位小数"
        short = f"{diff:.{digits}f}{unit}" if digits is not None else _fmt(diff, unit)
        if _RATE.search(u.effective) and not _POINTS.search(u.effective) and v2:
            change = (v1 - v2) / v2 * 100 * (-1 if asks_less else 1)
            digits = 2 if digits is None else digits
            short = f"{change:.{digits}f}%"
            text += f"变化幅度为（{_fmt(v1, '')}-{_fmt(v2, '')}）÷{_fmt(v2, '')}≈{short}。"
        return Answer(q, text, short, True, cites, support=operands)
