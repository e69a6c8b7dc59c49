"""Consistency checks of a report's tables, and of its prose against its tables.

Rules (each check says what it compared, in Chinese):
- 表三列勾稽: per column, 本年新收 + 上年结转 = 总计 + 结转下年度 (the template's own note).
- 表三办理结果合计: per column, the result rows (予以公开 … 其他处理) add up to 总计.
- 表三申请人合计: per row, the six applicant columns add up to the row's 总计.
- 表四合计: per group, 维持 + 纠正 + 其他 + 尚未审结 = 总计.
- 正文与表格: figures the prose states (收到申请 N 件, 办结, 结转, 行政复议 N 件, 行政诉讼 N 件; the
  outcomes, applicants and table 二's documents as `prose.py` reads them).
A check whose inputs are all blank is skipped; one with some blanks is checked only where the
known numbers already contradict (blank cells cannot be negative).
"""

from __future__ import annotations

import re

from ingest.facts.prose import (
    CARRIED,
    CASES,
    DONE,
    LAWSUIT,
    NEXT,
    NONE_REVIEW,
    RECEIVED,
    RECEIVED_NONE,
    REVIEW,
    statements,
)
from ingest.facts.regions import prose_only
from ingest.facts.template import (
    T3_CARRIED,
    T3_COLUMNS,
    T3_NEW,
    T3_NEXT,
    T3_NON_RESULT,
    T3_TOTAL,
    T4_COLUMNS,
    T4_ROWS,
)
from ingest.models import Check, Fact

Grid = dict[str, dict[str, float | int | None]]


def _grid(facts: list[Fact], table: str) -> tuple[list[str], Grid]:
    rows: list[str] = []
    grid: Grid = {}
    for f in facts:
        if f.table != table:
            continue
        if f.row not in grid:
            rows.append(f.row)
            grid[f.row] = {}
        grid[f.row][f.column] = f.value
    return rows, grid


def _num(value: float | int) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _sum_check(rule: str, parts: list, total, what: str) -> Check | None:
    """parts add up to total; None when nothing can be said."""
    known = [p for p in parts if p is not None]
    if total is None or not known:
        return None
    got = sum(known)
    if len(known) == len(parts):
        ok = abs(got - total) < 1e-6
        return Check(rule, ok, f"{what}：各项之和为{_num(got)}，总计为{_num(total)}" + ("" if ok else "，不一致"))
    if got > total:
        return Check(rule, False, f"{what}：已填各项之和{_num(got)}已超过总计{_num(total)}（另有空白单元格）")
    return Check(rule, True, f"{what}：有空白单元格，已填各项之和{_num(got)}未超过总计{_num(total)}")


def _t3_balance(grid: Grid) -> list[Check]:
    rule = "表三列勾稽：本年新收+上年结转=办理结果总计+结转下年度"
    checks = []
    if not all(r in grid for r in (T3_NEW, T3_CARRIED, T3_TOTAL, T3_NEXT)):
        return checks
    for col in T3_COLUMNS:
        new, carried, total, nxt = (grid[r].get(col) for r in (T3_NEW, T3_CARRIED, T3_TOTAL, T3_NEXT))
        if None in (new, carried, total, nxt):
            continue  # blank cells: nothing to balance
        ok = new + carried == total + nxt
        detail = (f"{col}列：{_num(new)}+{_num(carried)}={_num(new + carried)}，"
                  f"{_num(total)}+{_num(nxt)}={_num(total + nxt)}")
        checks.append(Check(rule, ok, detail + ("" if ok else "，不一致")))
    return checks


def _t3_results(rows: list[str], grid: Grid) -> list[Check]:
    rule = "表三办理结果合计：各项办理结果之和=总计"
    results = [r for r in rows if r not in T3_NON_RESULT]
    if T3_TOTAL not in grid or not results:
        return []
    checks = []
    for col in T3_COLUMNS:
        check = _sum_check(rule, [grid[r].get(col) for r in results], grid[T3_TOTAL].get(col), f"{col}列")
        if check:
            checks.append(check)
    return checks


def _row_sums(rule: str, rows: list[str], columns: list[str], grid: Grid, label: str) -> list[Check]:
    """Each row's part columns add up to its 总计."""
    checks = []
    for row in rows:
        if row in grid:
            parts = [grid[row].get(c) for c in columns]
            check = _sum_check(rule, parts, grid[row].get("总计"), label.format(row))
            if check:
                checks.append(check)
    return checks


def _t3_applicants(rows: list[str], grid: Grid) -> list[Check]:
    return _row_sums("表三申请人合计：六类申请人之和=总计", rows, T3_COLUMNS[:-1], grid, "“{}”行")


def _t4_groups(grid: Grid) -> list[Check]:
    return _row_sums("表四合计：结果维持+结果纠正+其他结果+尚未审结=总计", T4_ROWS, T4_COLUMNS[:-1], grid, "“{}”")


def table_checks(facts: list[Fact]) -> list[Check]:
    rows3, grid3 = _grid(facts, "三")
    _, grid4 = _grid(facts, "四")
    return _t3_balance(grid3) + _t3_results(rows3, grid3) + _t3_applicants(rows3, grid3) + _t4_groups(grid4)


# ---------------------------------------------------------------- prose against tables

def _matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, str]]:
    out = []
    for m in pattern.finditer(text):
        number = next(g for g in m.groups() if g is not None)
        out.append((int(number), m.group(0)))
    return out


def _cell(grid: Grid, row: str, col: str = "总计"):
    return grid.get(row, {}).get(col)


def _prose_check(rule: str, quote: str, said: int, expected: list[tuple[str, float | int | None]]) -> Check | None:
    """expected: (what the table figure is, value); the first is the usual reading."""
    known = [(label, value) for label, value in expected if value is not None]
    if not known:
        return None
    for label, value in known:
        if said == value:
            return Check(rule, True, f"正文“{quote}”为{said}件，与{label}{_num(value)}件一致")
    label, value = known[0]
    return Check(rule, False, f"正文“{quote}”为{said}件，{label}为{_num(value)}件，不一致")


def _received_expected(grid3: Grid) -> list[tuple[str, float | int | None]]:
    new, carried = _cell(grid3, T3_NEW), _cell(grid3, T3_CARRIED)
    both = new + carried if new is not None and carried is not None else None
    # 受理 N 件 sometimes counts the carried-over requests too (沭阳县 2025: 749 = 713 + 36).
    return [("表三本年新收总计", new), ("表三本年新收与上年结转之和", both)]


def prose_checks(facts: list[Fact], text: str) -> list[Check]:
    _, grid3 = _grid(facts, "三")
    _, grid4 = _grid(facts, "四")
    lawsuits = [_cell(grid4, r) for r in T4_ROWS[1:]]
    lawsuit_total = sum(lawsuits) if all(v is not None for v in lawsuits) else None
    specs = [
        ("正文与表格：收到申请数", RECEIVED, _received_expected(grid3)),
        ("正文与表格：办结申请数", [DONE], [("表三办理结果总计", _cell(grid3, T3_TOTAL))]),
        ("正文与表格：结转下年度数", [NEXT], [("表三结转下年度继续办理总计", _cell(grid3, T3_NEXT))]),
        ("正文与表格：上年结转数", [CARRIED], [("表三上年结转总计", _cell(grid3, T3_CARRIED))]),
        ("正文与表格：行政复议数", [REVIEW], [("表四行政复议总计", _cell(grid4, T4_ROWS[0]))]),
        ("正文与表格：行政诉讼数", [LAWSUIT], [("表四两类行政诉讼总计之和", lawsuit_total)]),
    ]
    checks: list[Check] = []
    seen: set[tuple[str, int]] = set()
    for rule, patterns, expected in specs:
        for pattern in patterns:
            for said, quote in _matches(pattern, text):
                if (rule, said) in seen or (CASES.search(quote) and "复议" not in rule and "诉讼" not in rule):
                    continue  # “共办理相关案件74件” counts appeals and lawsuits, not requests
                seen.add((rule, said))
                check = _prose_check(rule, quote, said, expected)
                if check:
                    checks.append(check)
    checks += _prose_none(text, grid3, grid4)
    return checks


def _prose_none(text: str, grid3: Grid, grid4: Grid) -> list[Check]:
    """“未收到政府信息公开申请” / “未收到…行政复议” against the tables."""
    checks = []
    m = RECEIVED_NONE.search(text)
    if m and _cell(grid3, T3_NEW) is not None:
        new = _cell(grid3, T3_NEW)
        checks.append(Check("正文与表格：收到申请数", new == 0, f"正文“{m.group(0)}”，表三本年新收总计为{_num(new)}件"))
    m = NONE_REVIEW.search(text)
    if m and _cell(grid4, T4_ROWS[0]) is not None:
        review = _cell(grid4, T4_ROWS[0])
        checks.append(Check("正文与表格：行政复议数", review == 0,
                            f"正文“{m.group(0)}”，表四行政复议总计为{_num(review)}件"))
    return checks


# Rules whose statements (`prose.py`) the audit compares here; the older rules are compared above.
_STATEMENT_RULES = ("正文与表格：办理结果", "正文与表格：申请人", "正文与表格：表二")


def statement_checks(facts: list[Fact], prose: str) -> list[Check]:
    """Outcomes (“予以公开及部分公开42件”), applicants (“自然人80件”) and table 二 (“制发规范性文件77件”)
    against the certain cells; a statement about cells that are not all certain is not checked here."""
    value = {(f.table, f.row, f.column): f.value for f in facts}
    columns = {f.column for f in facts if f.table == "二"}
    template = "2019" if "本年新制作数量" in columns else "2021" if "本年制发件数" in columns else "unknown"
    rows = list(dict.fromkeys(f.row for f in facts if f.table == "三"))
    checks = []
    for st in statements(prose, template, rows):
        if st.rule not in _STATEMENT_RULES:
            continue
        held = st.holds(value.get)
        if held is None:
            continue
        known = [(label, sum(value[c] for c in option)) for option, label in zip(st.options, st.labels, strict=True)
                 if all(value.get(c) is not None for c in option)]
        if held:
            label, total = next((lt for lt in known if abs(lt[1] - st.value) < 1e-6), known[0])
            checks.append(Check(st.rule, True, f"正文“{st.quote}”为{st.value}，与{label}{_num(total)}一致"))
        else:
            said = "，".join(f"{label}为{_num(total)}" for label, total in known) or "表中已知单元格之和已超过"
            checks.append(Check(st.rule, False, f"正文“{st.quote}”为{st.value}，{said}，不一致"))
    return checks


def audit(facts: list[Fact], text: str) -> list[Check]:
    prose = prose_only(text)
    return table_checks(facts) + prose_checks(facts, prose) + statement_checks(facts, prose)
