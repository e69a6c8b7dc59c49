"""Questions over a whole place, answered from the table facts alone, every figure cited.

- the most (or least) among the bodies of a city's 区县: "淮安市各区县2024年收到申请最多的是哪个？"
- one figure for each of several years: "平潭2019到2025年每年新收多少申请？"
- a sum over every body of one place and year: "青都市2024年所有单位一共收到多少件申请？"

assistant/across.py asks each report the question through the readers, which suits a handful of named
reports; a province has hundreds of bodies per city and year, so here the cell is looked up in each
report's facts directly (no retrieval, no reading): about a microsecond a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.models import Answer, Citation
from assistant.question.cells import CellQuery, format_value, lookup, parse_cell
from assistant.question.lexicon import IN_ALL, LEAST, MOST
from assistant.question.names import parse_body
from assistant.question.plan import precision
from assistant.question.understand import Understanding
from assistant.replies import Context, cell_citations, not_found
from ingest.models import Report

__all__ = ["ProvincePlan", "answer_province", "plan_province"]

# Which bodies: those of the place's 区县 (not the city's own), or every body of the place.
_SUB_PLACES = re.compile(r"各(区县|县区|县市区|区市县|县|区|县市|市县)|下辖|所辖|辖区内各")
_ALL_BODIES = re.compile(r"(所有|全部|各个?|每个)(单位|部门|机关|报告)")
_EACH_YEAR = re.compile(r"每一?年|各年度?|历年|逐年")
_ALL_REPORTS = re.compile(r"(所有|全部|这些|各份|几份)(的)?(年报|年度报告|报告)")
_RANK = re.compile(r"排(名|在)?第几|第几名|排第几|排名(怎么样|如何|多少)")
# Over one body's years: the mean ("平均每年多少件"), or how many years meet a condition ("超过50件的有几年",
# "有几年收到过申请")
_AVG = re.compile(r"平均|均值")
# (这几年 is a span of years, not a count)
_COUNT_YEARS = re.compile(r"(有|共有|一共有)(几|多少)(个)?(年|年份|年度)(?!前|后|以)|(几|多少)个年份")
_ABOVE = re.compile(r"(超过|多于|大于|高于|不少于|至少|不低于|少于|低于|不到|不足|小于)\s*(\d+(?:\.\d+)?)")
_MOST = re.compile(MOST)
_LEAST = re.compile(LEAST)
_SUM = re.compile(rf"{IN_ALL}|总数|总和|总量|共")
LISTED_MAX = 30  # bodies named one by one in the answer text; all of them are cited


@dataclass
class ProvincePlan:
    op: str  # "max" | "min" | "sum" | "list" | "avg" | "count" | "rank"
    cell: CellQuery
    reports: list[Report]  # what is looked up, in the order the answer lists them
    place: str  # as the answer names it ("淮安市各区县", "平潭综合实验区")
    years: tuple[int, ...] = ()  # the years asked
    target: list[Report] = field(default_factory=list)  # "rank": the report whose place is asked


@lru_cache(maxsize=4)
def _place_index(bodies: frozenset[str]) -> dict[str, tuple[str, int]]:
    """Every place spelling of these bodies -> (its unit's full name, its depth: 0 for the first place of a body's
    name, 淮安市; 1 for the next, 洪泽区). Built once per set of bodies, not per question (7,000 reports: 120 ms)."""
    out: dict[str, tuple[str, int]] = {}
    for body in bodies:
        for depth, unit in enumerate(parse_body(body).places):
            for spelling in unit:
                out.setdefault(spelling, (unit[0], depth))
    return out


def _place_of(question: str, reports: dict[str, Report]) -> tuple[str, int] | None:
    """The longest place spelling of any indexed body the question names, and its depth."""
    index = _place_index(frozenset(r.body for r in reports.values() if r.body))
    for size in range(min(len(question), 12), 1, -1):  # longest first: 淮安市 before 淮安
        for i in range(len(question) - size + 1):
            hit = index.get(question[i : i + size])
            if hit is not None:
                return hit
    return None


def _in_place(r: Report, place: str, depth: int) -> list[list[str]] | None:
    """The body's place units when it lies in `place`, else None."""
    units = parse_body(r.body).places if r.body else []
    return units if len(units) > depth and units[depth][0] == place else None


def plan_province(u: Understanding, ctx: Context) -> ProvincePlan | None:
    """A plan when the question asks over a whole place (see the module's docstring), else None."""
    q = u.effective
    sub, every, each_year = _SUB_PLACES.search(q), _ALL_BODIES.search(q), _EACH_YEAR.search(q)
    rank = _RANK.search(q)
    tally = "avg" if _AVG.search(q) else "count" if _COUNT_YEARS.search(q) else None
    if not (sub or every or rank or ((each_year or tally) and len(u.years) >= 2)) or u.refusal:
        return None
    cell = parse_cell(q)
    if cell is None:
        return None
    years = set(u.years)
    if (each_year or tally) and not (sub or every):
        # The bodies the question names, each year: the readers' own choice of reports.
        chosen = [ctx.reports[rid] for rid in u.report_ids if ctx.reports[rid].year in years]
        if len({r.body for r in chosen}) != 1:
            return None  # several bodies or none: not a list over years of one body
        chosen.sort(key=lambda r: r.year or 0)
        return ProvincePlan(tally or "list", cell, chosen, chosen[0].body, tuple(u.years))
    found = _place_of(q, ctx.reports) if not rank else None
    if found is None and (rank or _ALL_REPORTS.search(q)):
        # "全部报告里…最多的是哪家、哪一年", "在2025年度的几份报告里排第几": every report the index holds
        chosen = sorted((r for r in ctx.reports.values() if not years or r.year in years),
                        key=lambda r: (r.year or 0, r.body))
        target = [ctx.reports[rid] for rid in u.report_ids] if rank else []
        if rank and len(target) != 1:
            return None
        op = "rank" if rank else "min" if _LEAST.search(q) else "max" if _MOST.search(q) else \
            "sum" if _SUM.search(q) else None
        return ProvincePlan(op, cell, chosen, "报告库中", tuple(u.years), target) if op and chosen else None
    if found is None:
        return None
    place, depth = found
    chosen = [r for r in ctx.reports.values() if (not years or r.year in years)
              and (units := _in_place(r, place, depth)) is not None and (not sub or len(units) > depth + 1)]
    if not chosen:
        return None
    op = "list" if each_year and len(years) >= 2 else "min" if _LEAST.search(q) else \
        "max" if _MOST.search(q) else "sum" if _SUM.search(q) else None
    if op is None or (op in ("max", "min") and len({r.year for r in chosen}) > 1 and not sub):
        return None
    chosen.sort(key=lambda r: (r.year or 0, r.body))
    return ProvincePlan(op, cell, chosen, place + ("各区县" if sub else "所有单位"), tuple(u.years))


def _value_of(ctx: Context, cell: CellQuery, r: Report):
    value, used = lookup(cell, ctx.facts.get(r.report_id, []))
    return (value, used) if value is not None else (None, [])


def answer_province(ctx: Context, plan: ProvincePlan) -> Answer:
    q = ctx.request.question
    cell = plan.cell
    ctx.u.target = cell.target
    ctx.u.report_ids = [r.report_id for r in plan.reports]
    known: list[tuple[Report, float, list]] = []
    unknown: list[Report] = []
    for r in plan.reports:
        value, used = _value_of(ctx, cell, r)
        if value is None:
            unknown.append(r)
        else:
            known.append((r, value, used))
    if not known:
        return not_found(q, f"{plan.place}的{len(plan.reports)}份报告中都没有可确定的“{cell.label}”，无法回答。")
    fmt = lambda v: format_value(v, cell.table, cell.column)  # noqa: E731
    cites: list[Citation] = [c for r, _, used in known for c in cell_citations(r, used)]
    support = [{"role": "operand", "value": v, "certain": True, "text": "；".join(f.source for f in used)}
               for _, v, used in known]
    missing = (f"另有{len(unknown)}份报告的这一项空缺或无法确定，未计入：" +
               "、".join(f"{r.body}{r.year}年" for r in unknown[:LISTED_MAX]) + "。") if unknown else ""
    if plan.op == "list":
        by_year: dict[int, list[tuple[Report, float, list]]] = {}
        for item in known:
            by_year.setdefault(item[0].year or 0, []).append(item)
        lines = [f"{y}年：{fmt(sum(v for _, v, _ in items))}" +
                 (f"（{len(items)}份报告合计）" if len(items) > 1 else "") for y, items in sorted(by_year.items())]
        short = "；".join(lines)
        text = f"{plan.place}各年“{cell.label}”（表格{cell.table}）：\n" + "\n".join(lines)
        if len(plan.reports) > len(by_year):
            text += "\n" + _listing(known, fmt)
        absent = [str(y) for y in plan.years if y not in {r.year for r in plan.reports}]
        if absent:
            text += f"\n报告库中没有{plan.place}{'、'.join(absent)}年的报告。"

        return Answer(q, text + ("\n" + missing if missing else ""), short, True, cites, support=support)
    if plan.op in ("avg", "count"):
        return _tally(q, plan, known, fmt, cites, support, missing)
    if plan.op == "sum":
        short = fmt(sum(v for _, v, _ in known))
        year = "、".join(dict.fromkeys(str(r.year) for r in plan.reports))
        text = (f"{plan.place}{year}年共{len(known)}份报告的“{cell.label}”合计{short}（表格{cell.table}，逐份相加）。\n"
                f"{_listing(known, fmt)}")
        return Answer(q, text + ("\n" + missing if missing else ""), short, True, cites, support=support)
    if plan.op == "rank":
        return _rank(q, plan, known, fmt, cites, support, missing)
    pick = max if plan.op == "max" else min
    best = pick(v for _, v, _ in known)
    top = [item for item in known if item[1] == best]
    who = "、".join(f"{r.body}" + (f"{r.year}年" if len({x[0].year for x in known}) > 1 else "") for r, _, _ in top)
    word = "最多" if plan.op == "max" else "最少"
    short = f"{who}（{fmt(best)}）"
    ranked = sorted(known, key=lambda item: -item[1] if plan.op == "max" else item[1])
    text = (f"{plan.place}比较了{len(known)}份报告的“{cell.label}”（表格{cell.table}），"
            f"{word}的是{who}，{fmt(best)}。\n{_listing(ranked, fmt)}")
    return Answer(q, text + ("\n" + missing if missing else ""), short, True, cites, support=support)


def _tally(q: str, plan: ProvincePlan, known, fmt, cites, support, missing: str) -> Answer:
    """One body's years: their mean, or how many of them meet the question's condition (above a figure, or
    not zero: "有几年收到过申请")."""
    lines = "；".join(f"{r.year}年{fmt(v)}" for r, v, _ in known)
    if plan.op == "avg":
        mean = sum(v for _, v, _ in known) / len(known)
        digits = precision(q)  # "保留一位小数"; else as the working gives it, to two places at most
        shown = f"{mean:.{digits}f}" if digits is not None else f"{mean:.2f}".rstrip("0").rstrip(".")
        unit = re.sub(r"^[\d.]+", "", fmt(known[0][1]))
        text = (f"{plan.place}{len(known)}年的“{plan.cell.label}”：{lines}。"
                f"平均为（{'+'.join(fmt(v) for _, v, _ in known)}）÷{len(known)} = {shown}{unit}。")
        return Answer(q, text + ("\n" + missing if missing else ""), f"{shown}{unit}", True, cites, support=support)
    bound = _ABOVE.search(q)
    if bound:
        limit, word = float(bound.group(2)), bound.group(1)
        below = word in ("少于", "低于", "不到", "不足", "小于")
        inclusive = word in ("不少于", "至少", "不低于")
        met = [r for r, v, _ in known if (v < limit if below else v >= limit if inclusive else v > limit)]
        rule = f"{word}{bound.group(2)}"
    else:
        met = [r for r, v, _ in known if v]
        rule = "不为0"
    short = f"{len(met)}年"
    text = (f"{plan.place}各年的“{plan.cell.label}”：{lines}。{rule}的有{len(met)}年"
            f"{'（' + '、'.join(f'{r.year}年' for r in met) + '）' if met else ''}。")
    return Answer(q, text + ("\n" + missing if missing else ""), short, True, cites, support=support)


def _rank(q: str, plan: ProvincePlan, known, fmt, cites, support, missing: str) -> Answer:
    """Where the target report stands among the reports, largest first (equal figures share a place)."""
    target = plan.target[0]
    mine = next((v for r, v, _ in known if r.report_id == target.report_id), None)
    if mine is None:
        return not_found(q, f"{target.body}{target.year}年报告的“{plan.cell.label}”无法确定，不能排序。")
    place = 1 + sum(1 for _, v, _ in known if v > mine)
    ranked = sorted(known, key=lambda item: -item[1])
    year = "、".join(dict.fromkeys(f"{r.year}年" for r in plan.reports))
    short = f"第{place}（{fmt(mine)}）"
    text = (f"在{plan.place}{year}的{len(known)}份报告中，{target.body}的“{plan.cell.label}”{fmt(mine)}，"
            f"从多到少排第{place}。\n{_listing(ranked, fmt)}")
    return Answer(q, text + ("\n" + missing if missing else ""), short, True, cites, support=support)


def _listing(items: list[tuple[Report, float, list]], fmt) -> str:
    shown = "；".join(f"{r.body}{r.year}年：{fmt(v)}" for r, v, _ in items[:LISTED_MAX])
    more = f"；其余{len(items) - LISTED_MAX}份见引用" if len(items) > LISTED_MAX else ""
    return f"各报告：{shown}{more}。"

