"""Question understanding: which reports a question is about, what it asks after follow-ups, and what
it was read as (shown with every answer, so a misreading is visible at once)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.question.bodies import (
    index_words,
    match_bodies,
    match_several,
    nearest_bodies,
    paired_years,
    unknown_departments,
    unknown_places,
)
from assistant.question.followup import also_years, complete_follow_up
from assistant.question.fuzzy import correct
from assistant.question.lexicon import ASKED_TERMS, BARE_CHANGE, REPORT_SAYS
from assistant.question.names import parse_body
from assistant.question.plan import context_before, real_question
from assistant.question.years import (
    YEAR,
    asked_years,
    normalise_years,
    without_carried_into,
    year_offset,
    years_in,
)
from ingest.facts.template import TEMPLATE_TERMS, question_slots
from ingest.models import Report


@dataclass
class Understanding:
    question: str  # as asked
    effective: str  # with misspellings corrected and an elliptical follow-up completed from the earlier turn
    focus: str  # the new words of a follow-up (weighted higher when reading)
    report_ids: list[str]  # reports the question is about (possibly all)
    years: list[int] = field(default_factory=list)
    named_body: bool = False
    named_year: bool = False
    refusal: str | None = None  # a reason to refuse before retrieval
    other_years: list[int] = field(default_factory=list)  # years named that are not the picked report's
    joined: bool = False  # the question names several bodies ("A和B", "A比B")
    ambiguous: list[Report] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)  # the bodies the question was read as naming
    target: str = ""  # the cell or measure asked for (filled in by the reader that answers)
    carried: list[str] = field(default_factory=list)  # what a follow-up took from earlier turns
    corrected: list[tuple[str, str]] = field(default_factory=list)  # [("平谭", "平潭")]
    retargeted: str = ""  # why the answer is for other reports than the picked one
    # a year no report is held for, whose figure a held report of the body gives by its change ("较2019年下降…")
    derived_year: int | None = None

    def to_dict(self, reports: dict[str, Report] | None = None) -> dict:
        bodies = self.bodies or sorted({reports[r].body for r in self.report_ids if reports and r in reports})
        return {"reports": list(self.report_ids), "bodies": bodies, "years": list(self.years),
                "target": self.target, "carried": list(self.carried),
                "corrected": [list(p) for p in self.corrected]}


_CHANGE_BETWEEN = re.compile(r"(从|由)?\s*20\d{2}\s*年?\s*(到|至)\s*20\d{2}\s*年?.{0,12}"
                             r"(增长|下降|增加|减少|变化|提高|降低|上升|减了|增了)")


def _template_words() -> frozenset[str]:
    # Two-character slot words sound like too much else ("率是" ~ 律师); of those only the template's own terms.
    return frozenset(w for slot in question_slots() for w in slot if len(w) >= 3) | TEMPLATE_TERMS | ASKED_TERMS


_OFFICES = ("办公室", "室", "科", "股")


def _unknown_bodies(fixed: str, reports: list[Report], bodies: list[Report],
                    mentions: Callable[[str, list[str]], bool] | None) -> list[str]:
    """The departments a question names that no indexed body is. An office inside a named body ("海坛片区…党政
    办公室的联系电话") is in that body's own report; a 局 or 委 the report speaks of is another body."""
    departments = unknown_departments(fixed, reports)
    if departments and bodies and mentions is not None:
        departments = [d for d in departments
                       if not ((d.endswith(_OFFICES) or _partner(fixed, d) or _issuer(fixed, d))
                               and any(mentions(r.report_id, [d]) for r in bodies))]
    return departments


# "中卫市人民政府", "中卫市政府": a place's government itself (not its website, office or departments)
_GOVERNMENT = re.compile(r"(?:人民政府|政府)"
                         r"(?!办公厅|办公室|办|网站|网|门户|官网|平台|公报|信息公开|部门|各|所属|工作部门|组成部门)")


def _not_held(name: str, question: str, reports: list[Report]) -> str:
    """The refusal for a body no report is of, offering the indexed bodies nearest to it."""
    near = nearest_bodies(name, question, reports)
    hint = f"已导入的相近单位：{'、'.join(near)}。" if near else ""
    return f"报告库中没有“{name}”的政府信息公开工作年度报告，无法回答。{hint}"


def _government_not_held(question: str, bodies: list[Report]) -> str:
    """The government a question names ("中卫市人民政府2024年…") when only its departments are indexed (中卫市科学技术局
    is not the city's government: its figures are not the city's). A government's general office (上海市人民政府办公厅)
    reports for the government, so it stands for it."""
    for m in _GOVERNMENT.finditer(question):
        before = question[max(0, m.start() - 12): m.start()]
        places = [(s, r) for r in bodies for unit in parse_body(r.body).places for s in unit
                  if len(s) >= 2 and before.endswith((s, s + "市", s + "县", s + "区"))]
        if not places:
            continue
        if any(not parse_body(r.body).department or r.body.endswith(("政府", "政府办公厅", "政府办公室"))
               for _, r in places):
            return ""
        place = max((s for s, _ in places), key=len)
        return before[before.rfind(place):] + m.group(0)
    return ""


def _issuer(question: str, department: str) -> bool:
    """"…学习了省财政厅关于信息处理费的哪个通知": a body whose document the named body's report cites is not the
    body asked about."""
    cites = r"(关于|印发|下发|发布的|出台的|的通知|的文件|的要求)"
    return bool(re.search(rf"{re.escape(department)}[^，,。？?]{{0,2}}{cites}", question))


def _partner(question: str, department: str) -> bool:
    """"…需要跟资源生态局沟通协调": a body the named body works with, which its report speaks of, is not the
    body asked about."""
    return bool(re.search(rf"(跟|与|同|会同|联合|配合|协同|协调)[^，,。？?]{{0,3}}{re.escape(department)}", question))


def _years_not_held(fixed: str, years: list[int], candidates: list[Report], reports: list[Report],
                    names: list[str], mentions: Callable[[str, list[str]], bool] | None = None) -> str:
    """Why the years asked cannot be answered, or "": none of them is held, or a comparison names one that is not
    ("2025年比2024年增加了多少" with no 2024 report needs both, never one year's figure) — unless the report held
    states that comparison itself ("较2019年下降10.33个百分点") or the question gives the change."""
    in_years = [r for r in candidates if r.year in years]
    missing = [y for y in years if not any(r.year == y for r in candidates)]
    comparing = in_years and missing and len(years) >= 2 and _COMPARES.search(fixed)
    if comparing and _GIVEN_CHANGE.search(fixed):
        comparing = False  # the question gives the change: the other year follows from the one held
    if comparing and mentions is not None:
        said = [w for y in missing for w in (f"较{y}年", f"比{y}年", f"与{y}年", f"{y}年相比", f"较{y}")]
        comparing = not any(mentions(r.report_id, said) for r in in_years)
    if in_years and not comparing:
        return ""
    who = names[0] if names else "任何单位"
    held = _available_years(reports, names)
    offer = f"已有{_years_text(held)}年的。" if held and names else ""
    if comparing:
        return f"报告库中没有{who}{_years_text(missing)}年的政府信息公开工作年度报告，无法比较。{offer}"
    return f"报告库中没有{who}{_years_text(years)}年的政府信息公开工作年度报告，无法回答。{offer}"


_WORKED_BACK = re.compile(r"倒推|反推|推算|推出|往回推|照[^，,。？?]{0,10}(说法|算)|按[^，,。？?]{0,14}说法")


def _refused_or_derived(u: Understanding, fixed: str, years: list[int], candidates: list[Report],
                        reports: list[Report], names: list[str], mentions) -> bool:
    """Whether the years asked settle the understanding: a refusal (none held), or a year worked out from a held
    report's stated change ("那2019年是多少？" with only 2020's report: its "较2019年下降10.33个百分点")."""
    asked = years
    if len(years) == 2 and _WORKED_BACK.search(fixed) and not _GIVEN_CHANGE.search(fixed):
        # "按2020年报的说法，倒推一下2019年…": the year not held is asked, the other is the source
        missing = [y for y in years if not any(r.year == y for r in candidates)]
        asked = missing if len(missing) == 1 else years
    derived = _derived_from_change(asked, candidates, mentions) if names else None
    if derived is not None:
        u.report_ids, u.derived_year, u.years = [derived.report_id], asked[0], asked
        u.carried.append(f"年份：没有{asked[0]}年的报告，按{derived.year}年报告所写与{asked[0]}年的比较推算")
        return True
    u.refusal = _years_not_held(fixed, years, candidates, reports, names, mentions) or None
    return u.refusal is not None


def _derived_from_change(years: list[int], candidates: list[Report],
                         mentions: Callable[[str, list[str]], bool] | None) -> Report | None:
    """The held report of the asked body that states its change against the one year asked, when no report of
    that year is held: the next year's first."""
    if len(years) != 1 or mentions is None or any(r.year == years[0] for r in candidates):
        return None
    y = years[0]
    later = sorted((r for r in candidates if r.year and r.year > y), key=lambda r: r.year)
    return next((r for r in later if mentions(r.report_id, [f"较{y}年", f"比{y}年", f"与{y}年相比"])), None)


def _available_years(reports: list[Report], bodies: list[str]) -> list[int]:
    return sorted({r.year for r in reports if r.year and (not bodies or r.body in bodies)})


def _years_text(years: list[int]) -> str:
    return "、".join(map(str, years))


def understand(question: str, reports: list[Report], scope: Report | None = None,
               history: list[tuple[str, str]] | None = None, today: dt.date | None = None,
               mentions: Callable[[str, list[str]], bool] | None = None) -> Understanding:
    """`mentions(report_id, words)`: whether a report's text uses any of these words (a picked report that
    speaks of another body, 区财政金融局 in the whole area's report, still answers questions about it)."""
    today = today or dt.date.today()
    fixed, corrected = correct(question, index_words(reports) | _template_words())
    effective, focus = complete_follow_up(fixed, history)
    if focus == fixed and context_before(fixed):
        # A long question's real question sits after its context ("…我想确认一下：办前主动沟通开展了多少次？").
        tail = real_question(fixed)
        focus = tail if 4 <= len(tail) < len(fixed) else focus
    carried = [f"上一问：“{history[-1][0]}”"] if history and effective != fixed else []
    if scope is not None:
        u = _with_scope(question, effective, focus, scope, reports, mentions)
        if u is not None:
            u.corrected, u.carried = corrected, carried
            return u
    u = _without_scope(question, fixed, effective, focus, reports, history, today, carried, mentions)
    u.corrected = corrected
    if scope is not None and u.refusal is None:
        u.retargeted = _retarget_note(scope, [r for r in reports if r.report_id in u.report_ids])
    return u


def _with_scope(question: str, effective: str, focus: str, scope: Report, reports: list[Report],
                mentions: Callable[[str, list[str]], bool] | None) -> Understanding | None:
    """A picked report decides body and year (去年/今年 included) unless the question names others: then
    None, and the question is answered for what it names (the question beats the picker)."""
    named_years = [int(y) for y in YEAR.findall(without_carried_into(normalise_years(question)))]
    matched = match_bodies(question, reports)
    bodies = {r.body for r in matched}
    scope_places = {s for unit in parse_body(scope.body).places for s in unit}
    by_place_only = all(not parse_body(b).department or not any(d in question for d in parse_body(b).department)
                        for b in bodies) and any(s in question for s in scope_places)
    # "平潭…你们2023年…" names the picked body's place, not another body.
    other_body = bool(bodies) and scope.body not in bodies and not by_place_only and \
        not unknown_departments(question, reports)
    if other_body and mentions is not None:
        words = [d for b in bodies for d in parse_body(b).department if len(d) >= 3]
        other_body = not (words and mentions(scope.report_id, words))
    other_year = bool(named_years) and scope.year is not None and scope.year not in named_years
    if other_body or (other_year and any(r.body == scope.body and r.year in named_years for r in reports)):
        return None
    u = Understanding(question, effective, focus, [scope.report_id], [scope.year] if scope.year else [],
                      bodies=[scope.body])
    if other_year:
        u.other_years = named_years  # the chain refuses unless the report itself speaks of that year
    return u


def _retarget_note(scope: Report, chosen: list[Report]) -> str:
    if not chosen or any(r.report_id == scope.report_id for r in chosen):
        return ""
    names = "、".join(dict.fromkeys(f"{r.body}{r.year or ''}年" for r in chosen))
    return f"您选择的是{scope.body}{scope.year or ''}年的报告，问题问的是{names}，以下按问题回答。"


_GIVEN_CHANGE = re.compile(r"(增加|减少|增长|下降|提高|降低|上升|多|少)了?\s*\d+(\.\d+)?\s*(个百分点|%|件|条|个)")
# Words that compare two years: every year named must be held.
_COMPARES = re.compile(r"比|相比|较|增加|减少|增长|下降|多还是少|多了还是少了|变化|差|倍|对比|比较|一样|相同|不同")
_AGAINST_EARLIER = re.compile(rf"比(这个|那个|它|上一?问|刚才|前面|之前)|{BARE_CHANGE}|"
                              r"^(那么|那)?(相比|比较)(之下)?[，,]")
# "比2023年多了多少条？" after a 2024 question: the earlier turn's year is compared with the one named here.
_AGAINST_NAMED_YEAR = re.compile(r"^(那么|那|而)?(比|较|跟|和|与|同)\s*(20\d{2})\s*年度?(相比|比)?[^，,。？?]{0,8}"
                                 r"(多|少|增|减|高|低|涨|降|差)")
_YEAR_BEFORE = re.compile(r"上一年度?|前一年|上一个年度")  # in a follow-up: before the earlier turn's year
_BOTH_EARLIER = re.compile(r"(这|那)(两|二)(个)?(年|年份|年度)|两年(之间|间|相比|对比)")
# (结转到下一年 is the template's row of requests carried over, not a year)

# "…年报里说，", and "…年报里，" before what it speaks of ("平潭实验区2019年年报里，区财政金融局一年发了…")
_REPORT_SAYS = re.compile(rf"的?(?:全区|全市|全县|全省|整体)?"
                          rf"(?:{REPORT_SAYS}|(?:年报|年度报告|报告)(?:里面|里|中|当中)?[，,])")


def _bodies_named(fixed: str, tail: str, effective: str, reports: list[Report]) -> list[Report]:
    said = fixed if _REPORT_SAYS.search(fixed) else effective  # a follow-up's report is its earlier turn's
    whose = _REPORT_SAYS.search(said)
    before = match_bodies(said[: whose.start()], reports) if whose else []
    if before:
        # "平潭实验区2019年的全区年报里提到，区财政金融局当年…", "上海市政府办公厅那份年报里说，市政府…": the
        # report is the body named before it; the bodies after are what that report speaks of.
        return before
    bodies = match_bodies(fixed, reports) or match_bodies(effective, reports)
    if tail != fixed:
        bodies = match_bodies(tail, reports) or bodies
    return bodies


def _several_or_one(text: str, reports: list[Report]) -> list[Report]:
    """The bodies an earlier turn named: each of "上海市政府办公厅、沭阳县政府、平潭综合实验区", else the one."""
    several = match_several(text, reports)
    return several if len({r.body for r in several}) > 1 else match_bodies(text, reports)


def _carried_from_history(fixed: str, bodies: list[Report], years: list[int], reports: list[Report],
                          history: list[tuple[str, str]] | None, today: dt.date,
                          carried: list[str]) -> tuple[list[Report], list[int]]:
    """What a follow-up takes from the earlier turns: the body and year it does not name, and, for a comparison
    with them ("那第二年比这个多了多少条"), the earlier year too. Appends what it carried to `carried`."""
    before = _YEAR_BEFORE.search(fixed) if history and not YEAR.search(fixed) else None
    earlier_year = next((ys for q, _ in reversed(history or []) if (ys := years_in(q, today))), [])
    if before and len(earlier_year) == 1:
        # "比上一年多了多少条？" after a 2024 turn: the year before that turn's, compared with it
        y = earlier_year[0]
        years = [y, y - 1] if _COMPARES.search(fixed) else [y - 1]
        carried.append(f"年份：{_years_text(years)}（“{before.group(0)}”指上一问{y}年的前一年）")
    for earlier, _ in reversed(history or []):
        # A follow-up that names neither body nor year is about the last turn that did.
        if bodies and years:
            break
        if not bodies and (found := _several_or_one(earlier, reports) or
                           match_bodies(correct(earlier, index_words(reports))[0], reports)):  # 沐阳 in an earlier turn
            bodies = found
            carried.append(f"单位：{'、'.join(dict.fromkeys(r.body for r in found))}（上一问）")
        if not years and (found_years := years_in(earlier, today)):
            offset = year_offset(fixed)
            if offset is not None and len(found_years) == 1:  # "第二年这个栏目…" after a 2019 question
                years = [found_years[0] + offset]
                how = "第二年" if offset == 1 else f"{abs(offset)}年{'后' if offset > 0 else '前'}"
                carried.append(f"年份：{years[0]}（上一问{found_years[0]}年的{how}）")
                continue
            years = found_years
            carried.append(f"年份：{_years_text(found_years)}（上一问）")
    against = _AGAINST_NAMED_YEAR.match(fixed.strip()) if history else None
    if against:
        earlier_years = [y for q, _ in history for y in years_in(q, today)]
        named = int(against.group(3))
        subject = [y for y in reversed(earlier_years) if y != named][:1]
        if subject:
            years = subject + [named]
            carried.append(f"年份：{_years_text(years)}（上一问的年份与本问的比较）")
            return bodies, years
    if history and _BOTH_EARLIER.search(fixed) and len(years) < 2:
        # "这两年相差多少件？" after a 2023 turn and a "那2025年呢？": the last two years the turns named
        earlier_years = list(dict.fromkeys(y for q, _ in history for y in years_in(q, today)))
        if len(earlier_years) >= 2:
            years = earlier_years[-2:]
            carried.append(f"年份：{_years_text(years)}（前两问）")
            return bodies, years
    if history and _AGAINST_EARLIER.search(fixed):
        # "那第二年比这个多了多少条", "少了多少条？": the comparison is with what the earlier turns asked about
        earlier_years = [y for q, _ in history for y in years_in(q, today)]
        # this turn's year first (it is compared with the earlier one), then the latest earlier year not it
        own = years or earlier_years[-1:]
        merged = own + [y for y in reversed(earlier_years) if y not in own][:1]
        if len(merged) >= 2 and merged != years:
            years = merged
            carried.append(f"年份：{_years_text(years)}（与上文比较）")
    return bodies, years


_BOTH_BODIES = re.compile(r"(这|那)?(两|二)(家|个单位|个部门|个机关|地|者)|二者|两者|他们俩|它们俩")


def _two_earlier_bodies(fixed: str, history: list[tuple[str, str]] | None, reports: list[Report],
                        today: dt.date) -> list[Report]:
    """The reports of the last two earlier turns that named different bodies, each in its turn's year (or the
    year an earlier turn carried), for a follow-up about "那两家"; [] otherwise."""
    if not history or not _BOTH_BODIES.search(fixed) or match_bodies(fixed, reports):
        return []
    found: list[Report] = []
    year = None
    for earlier, _ in history:
        year = (years_in(earlier, today) or [year])[0]
        bodies = {r.body for r in match_bodies(earlier, reports)}
        if len(bodies) == 1 and year is not None:
            body = bodies.pop()
            hit = next((r for r in reports if r.body == body and r.year == year), None)
            if hit is not None:
                found = [r for r in found if r.body != body] + [hit]
    return found[-2:] if len({r.body for r in found[-2:]}) == 2 else []


# A follow-up comparing the earlier turn's figure with another year's ("比21年少了多少条？", "跟2021年比呢")
_THAN_YEAR = re.compile(r"^\s*(?:那|那么)?(?:比|较|跟|和|与|同)\s*(?:\d{2}|\d{4})\s*年")


def _without_scope(question: str, fixed: str, effective: str, focus: str, reports: list[Report],
                   history: list[tuple[str, str]] | None, today: dt.date, carried: list[str],
                   mentions: Callable[[str, list[str]], bool] | None = None) -> Understanding:
    years = years_in(fixed, today)
    if not years and not (history and year_offset(fixed) is not None):
        years = years_in(effective, today)  # (a year relative to the earlier turn's is worked out from it below)
    if also_years(fixed) or (history and _THAN_YEAR.match(fixed)):
        # "把2023年也算上，这三年…", "比21年少了多少条？": the earlier turns' years and this one's
        years = years_in(effective, today)
    tail = real_question(fixed) if len(fixed) > 30 else fixed
    if tail != fixed:  # "2021年和2023年的报告我都看了，想问2023年那份里…": the real question's own body and year
        years = years_in(tail, today) or years
    years = asked_years(tail, years)
    if len(years) > 2 and _CHANGE_BETWEEN.search(fixed):
        years = [years[0], years[-1]]  # "从2019年到2023年增长了…": the two ends, not every year between
    bodies = _bodies_named(fixed, tail, effective, reports)
    bodies, years = _carried_from_history(fixed, bodies, years, reports, history, today, carried)
    several = match_several(tail, reports)  # the real question's own bodies ("淮安市和洪泽区都有年报，我只要洪泽区的")
    if not several and effective != fixed and not match_bodies(fixed, reports):
        several = match_several(effective, reports)  # "那一共呢" after a turn naming three bodies: those three
    joined = len({r.body for r in several}) > 1  # "A和B", "A比B": the question names several bodies
    both = _two_earlier_bodies(fixed, history, reports, today) if not joined else []
    if both:  # "那两家加起来一共多少件？" after a turn on each: each body in the year its own turn named
        last = complete_follow_up(history[-1][0], history[:-1])[0]  # what the turns asked
        effective = f"{fixed.rstrip('？?')}，{last}"
        u = Understanding(question, effective, focus, [r.report_id for r in both], sorted({r.year for r in both}),
                          True, True, joined=True, bodies=[r.body for r in both], carried=carried)
        carried.append(f"单位：{'、'.join(r.body for r in both)}（前两问）")
        return u
    if joined:
        bodies = several
    named_body = bool(bodies)
    names = list(dict.fromkeys(r.body for r in bodies))
    u = Understanding(question, effective, focus, [], years, named_body, bool(years), joined=joined, bodies=names,
                      carried=carried)
    unknown = unknown_places(fixed, reports)
    if unknown:  # 宿迁市人民政府 or 上海市浦东新区 must not fall back to another body's figures
        u.refusal = f"报告库中没有{'、'.join(unknown)}的政府信息公开工作年度报告，无法回答。"
        return u
    government = _government_not_held(fixed, bodies)
    if government:
        u.refusal = _not_held(government, fixed, reports)
        return u
    departments = _unknown_bodies(fixed, reports, bodies, mentions)
    if departments and not (joined and len(departments) < len(names)):
        u.refusal = _not_held(departments[0], fixed, reports)
        return u
    candidates = bodies if bodies else list(reports)
    paired = paired_years(fixed, reports, lambda part: years_in(part, today)) if joined else None
    if paired:
        u.report_ids = [r.report_id for r in paired]  # each body in the year its own part names
        return u
    if years:
        if _refused_or_derived(u, fixed, years, candidates, reports, names, mentions):
            return u
        candidates = [r for r in candidates if r.year in years]
    distinct = {(r.body, r.year) for r in candidates}
    superlative = re.search(r"哪.{0,30}?(最多|最少|最大|最小|最高|最低)", fixed)
    same_name = named_body and len({r.body for r in candidates}) > 1 and not joined  # 枫林市 and 枫林县
    if len(distinct) > 1 and len(years) <= 1 and not superlative and (same_name or not (named_body and years)):
        u.ambiguous = sorted(candidates, key=lambda r: (r.body, r.year or 0))
    u.report_ids = [r.report_id for r in candidates]
    return u
