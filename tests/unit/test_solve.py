"""Decoding with every constraint (issue 15, class 3): per-row readings, the template's row and column
sums, the prose's statements of cells, per-cell certainty and a bounded search. Hand-built rows only."""

from __future__ import annotations

import pytest

from ingest.facts import solve as solve_module
from ingest.facts.extract import Extraction
from ingest.facts.health import table_health
from ingest.facts.prose import Statement, statements
from ingest.facts.relations import GROUPS, Relation, t3_relations
from ingest.facts.rows import RowRead, read_sum_row
from ingest.facts.solve import common, solve, solve_rows
from ingest.facts.tables24 import read_table2, read_table4
from ingest.facts.template import T2_ROWS_2021, T3_COLUMNS, T3_NEW, T3_TOTAL, t3_rows
from ingest.models import Fact

ROWS = [s.name for s in t3_rows(True)]
OPENED, UNAVAILABLE = "予以公开", "无法提供-本机关不掌握相关政府信息"
ZERO = (0,) * 7


def t3_reads(**runs: str) -> dict[str, RowRead]:
    """Table 三 as printed: every row 0 except the runs given (row name → its digits)."""
    return {row: read_sum_row(runs.get(row, "0000000")) for row in ROWS}


def solve_t3(reads, said=()):
    return solve_rows("三", T3_COLUMNS, reads, t3_relations(ROWS), said)


def said(value: int, *cells: tuple[str, str]) -> Statement:
    return Statement("正文与表格：测试", f"{value}件", value, (tuple(("三", r, c) for r, c in cells),), ("测试",))


# ---------------------------------------------------------------- table 三: what makes a row certain

@pytest.mark.parametrize("case, runs, statement, expected", [
    # 予以公开 270020130 = 27|0|0|2|0|1|30 or 2|7|0|0|20|1|30; the 总计 row's columns pick one
    ("column sum", {T3_NEW: "270020130", OPENED: "270020130", T3_TOTAL: "270020130"}, None,
     {OPENED: [27, 0, 0, 2, 0, 1, 30]}),
    # no 总计 to balance against (every total row ambiguous the same way): only the shared cells
    ("nothing decides", {T3_NEW: "270020130", OPENED: "270020130", T3_TOTAL: "270020130"}, "skip-relations",
     {OPENED: [None, None, 0, None, None, 1, 30]}),
    # the columns allow both splits of 本年新收 and 予以公开 together; the prose says 自然人 27
    ("prose statement", {T3_NEW: "270020130", OPENED: "270020130", T3_TOTAL: "270020130"},
     said(27, (T3_NEW, "自然人")), {T3_NEW: [27, 0, 0, 2, 0, 1, 30], OPENED: [27, 0, 0, 2, 0, 1, 30]}),
    # the prose names a figure no split allows: a conflict, never a value
    ("prose no split allows", {T3_NEW: "270020130", OPENED: "270020130", T3_TOTAL: "270020130"},
     said(5, (T3_NEW, "自然人")), {OPENED: [None, None, 0, None, None, 1, 30]}),
])
def test_table3_rows(case, runs, statement, expected):
    reads = t3_reads(**runs)
    if statement == "skip-relations":
        solved = solve_rows("三", T3_COLUMNS, reads, [], [])
    elif case == "column sum":
        # the 总计 row printed apart: only one split of 予以公开 and 本年新收 balances it
        reads[T3_TOTAL] = RowRead([27, 0, 0, 2, 0, 1, 30], "27 0 0 2 0 1 30")
        solved = solve_t3(reads)
    else:
        solved = solve_t3(reads, [statement] if statement else [])
    for row, values in expected.items():
        assert reads[row].values == values, (case, row)
    if case == "prose no split allows":
        assert solved.conflicts == [statement]
    if case == "prose statement":
        assert solved.used == [statement] and "正文所述数字" in reads[T3_NEW].note


def test_a_certain_total_with_open_applicant_cells():
    # “本年新收 5 | 0 | 0 | 0 | 0 | 1 | 6” and a run whose split varies but always totals 24
    assert common([(2, 2, 0, 0, 0, 0, 24), (22, 0, 0, 0, 0, 2, 24)], 7) == [None, None, 0, 0, 0, None, 24]


def test_broken_sums_are_the_audits_not_decisions():
    # The report's own 总计 row says 0 where 本年新收 says 3: the relations it breaks decide nothing,
    # so an ambiguous run elsewhere keeps only what its own readings agree on.
    reads = t3_reads(**{T3_NEW: "3000003", OPENED: "270020130"})
    solved = solve_t3(reads)
    assert reads[T3_TOTAL].values == list(ZERO)
    assert reads[OPENED].values == [None, None, 0, None, None, 1, 30]
    assert solved.conflicts == []


def test_no_reading_balances_the_columns():
    # Two rows whose every split overflows the printed 总计: unsatisfiable, nothing decided by the columns
    reads = t3_reads(**{OPENED: "270020130", UNAVAILABLE: "270020130"})
    reads[T3_TOTAL] = RowRead([27, 0, 0, 2, 0, 1, 30], "27 0 0 2 0 1 30")
    solved = solve_t3(reads)
    assert solved.unsatisfiable
    assert reads[OPENED].values == [None, None, 0, None, None, 1, 30]


def test_search_bound_gives_up_and_decides_nothing(monkeypatch):
    monkeypatch.setattr(solve_module, "MAX_NODES", 3)
    reads = t3_reads(**{T3_NEW: "270020130", OPENED: "270020130"})
    reads[T3_TOTAL] = RowRead([27, 0, 0, 2, 0, 1, 30], "27 0 0 2 0 1 30")
    solved = solve_t3(reads)
    assert solved.gave_up
    assert reads[OPENED].values == [None, None, 0, None, None, 1, 30]  # each row alone


def test_statements_that_contradict_each_other_decide_nothing():
    domains = {"a": [(1, 2), (2, 1)]}

    def locate(cell):
        return ("a", int(cell[2])) if cell[1] == "a" else None

    one = Statement("r", "q1", 1, (((("x", "a", "0"),)),), ("x",))
    two = Statement("r", "q2", 1, (((("x", "a", "1"),)),), ("x",))
    assert solve(domains, locate, [], [one]).values["a"] == [1, 2]
    assert solve(domains, locate, [], [one, two]).values["a"] == [None, None]


def test_relation_holds_with_unknown_cells():
    rel = Relation(GROUPS, "g", (("四", "r", "a"), ("四", "r", "b")), (("四", "r", "t"),))
    assert rel.holds({("四", "r", "a"): 5, ("四", "r", "t"): 3}.get) is False  # already overflows
    assert rel.holds({("四", "r", "a"): 1, ("四", "r", "t"): 3}.get) is None
    assert rel.holds({("四", "r", "a"): 1, ("四", "r", "b"): 2, ("四", "r", "t"): 3}.get) is True


# ---------------------------------------------------------------- tables 二 and 四

DOCS = next(s for s in T2_ROWS_2021 if s.name == "行政规范性文件")


@pytest.mark.parametrize("prose, expected", [
    ("", [None, None, None]),  # 125140 splits many ways and table 二 has no sums
    ("本年制发规范性文件12件。", [12, None, None]),  # 12|5|140, 12|51|40, 12|514|0
    ("本年制发规范性文件12件，现行有效规范性文件140件。", [12, 5, 140]),
    ("现行有效规范性文件393件。", [None, None, None]),  # no split ends in 393: a conflict
])
def test_table2_row_settled_by_the_prose(prose, expected):
    region = "本年制发件数本年废止件数现行有效件数规章000行政规范性文件125140第二十条"
    reads, conflicts = read_table2(region, [T2_ROWS_2021[0], DOCS], statements(prose, "2021", ROWS))
    assert reads["行政规范性文件"].values == expected
    assert bool(conflicts) == ("393" in prose)


@pytest.mark.parametrize("prose, review_total", [
    ("", None),  # 0|1|0|0|1 … or 0|10|0|1|11 …: the groups' sums allow both
    ("本年度发生行政复议案件11件。", 11),
    ("本年度发生行政复议案件7件。", None),  # neither reading: a conflict
])
def test_table4_run_settled_by_the_prose(prose, review_total):
    read, conflicts = read_table4("010011110012113321212026\n", statements(prose, "2021", ROWS))
    assert read.values[4] == review_total
    assert read.values[10:] == [2, 12, 12, 0, 26]  # the last group reads the same either way
    assert bool(conflicts) == ("7件" in prose)


# ---------------------------------------------------------------- what the prose says

@pytest.mark.parametrize("text, rule, value, first_option", [
    ("本年度共收到政府信息公开申请81件", "正文与表格：收到申请数", 81, [(T3_NEW, "总计")]),
    ("予以公开及部分公开42件", "正文与表格：办理结果", 42, [("予以公开", "总计"), ("部分公开", "总计")]),
    ("因本机关不掌握等原因无法提供564件", "正文与表格：办理结果", 564,
     [(r, "总计") for r in ROWS if r.startswith("无法提供-")]),
    ("涉及自然人80件、商业企业1件", "正文与表格：申请人", 80, [(T3_NEW, "自然人")]),
    ("法人或其他组织申请8件", "正文与表格：申请人", 8,
     [(T3_NEW, c) for c in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]]),
    ("本年度制发的规范性文件77件", "正文与表格：表二", 77, None),
    ("行政复议案件3件", "正文与表格：行政复议数", 3, None),
])
def test_statements_from_prose(text, rule, value, first_option):
    found = [st for st in statements(text, "2021", ROWS) if st.rule == rule]
    assert found and found[0].value == value
    if first_option is not None:
        assert [c[1:] for c in found[0].options[0]] == first_option


def test_received_may_count_the_carried_over():
    st = statements("共受理政府信息公开申请749件", "2021", ROWS)[0]
    cells = {("三", T3_NEW, "总计"): 713, ("三", "上年结转政府信息公开申请数量", "总计"): 36}
    assert st.holds(cells.get) is True
    assert st.holds({("三", T3_NEW, "总计"): 800}.get) is False


def test_no_statement_from_unrelated_figures():
    assert statements("共办理相关案件74件；主动公开政府信息159条", "2021", ROWS) == []
    assert not [s for s in statements("废止规范性文件5件", "2019", ROWS) if s.rule == "正文与表格：表二"]
    assert not [s for s in statements("制发规范性文件3件", "unknown", ROWS) if s.rule == "正文与表格：表二"]
    made = [s for s in statements("本年新制作规范性文件8件", "2019", ROWS) if s.rule == "正文与表格：表二"]
    assert made[0].options == (((("二", "规范性文件", "本年新制作数量"),)),)


# ---------------------------------------------------------------- the table-health figure and findings

def test_table_health():
    cols = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    facts = [Fact("r", "四", "行政复议", c, v, "复议 1 1 0 0 2") for c, v in zip(cols, [1, 1, 0, 0, 2], strict=True)]
    facts += [Fact("r", "四", "行政诉讼-未经复议直接起诉", c, v, "…（无法唯一拆分）") for c, v in zip(cols, [None] * 5)]
    facts += [Fact("r", "四", "行政诉讼-复议后起诉", c, v, "x") for c, v in zip(cols, [1, 0, 0, 0, 2], strict=True)]
    health = table_health(facts)
    assert (health.cells_total, health.cells_certain, health.cells_unsure) == (15, 10, 5)
    assert (health.sums_checked, health.sums_balanced) == (2, 1)
    assert "10/15" in health.summary()


def test_conflicts_become_findings():
    st = Statement("正文与表格：表二", "现行有效规范性文件393件", 393, ((("二", "行政规范性文件", "现行有效件数"),),),
                   ("表二行政规范性文件现行有效件数",))
    findings = Extraction("2021", [], [st, st]).findings()
    assert len(findings) == 1 and not findings[0].ok and "393" in findings[0].detail


# ---------------------------------------------------------------- the 2019 table 二 in every layout

_T2_2019 = [("规章", "0", "0", "0"), ("规范性文件", "8", "8", "89"), ("行政许可", "396", "0", "181"),
            ("其他对外管理服务事项", "10", "0", "153"), ("行政处罚", "2648", "-1", "8538"),
            ("行政强制", "12", "6", "25"), ("行政事业性收费", "35", "-15"), ("政府集中采购", "1357", "5394432.52")]
_T2_2019_VALUES = [0, 0, 0, 8, 8, 89, 396, 0, 181, 10, 0, 153, 2648, -1, 8538, 12, 6, 25, 35, -15, 1357, 5394432.52]
_HEADS = {"规章": "信息内容 本年新制作数量 本年新公开数量 对外公开总数量",
          "行政许可": "信息内容 上一年项目数量 本年增/减 处理决定数量",
          "行政事业性收费": "信息内容 上一年项目数量 本年增/减", "政府集中采购": "信息内容 采购项目数量 采购总金额"}
_T3 = "\n三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量 0 0 0 0 0 0 0\n"


def _layout(kind: str) -> str:
    lines = []
    for row in _T2_2019:
        if row[0] in _HEADS:
            head = _HEADS[row[0]].split()
            lines.append("| " + " | ".join(head + [""] * (4 - len(head))) + " |" if kind == "grid" else " ".join(head))
        cells = list(row) + [""] * (4 - len(row))
        lines.append("| " + " | ".join(cells) + " |" if kind == "grid" else " ".join(row))
    sep = " " if kind == "one line" else "\n"
    return "二、主动公开政府信息情况\n" + sep.join(lines) + _T3


@pytest.mark.parametrize("kind", ["grid", "lines", "one line"])
def test_table2_2019_layouts(kind):
    from ingest.facts.extract import extract_facts

    template, facts = extract_facts(_layout(kind), [], "r")
    assert template == "2019"
    assert [f.value for f in facts if f.table == "二"] == _T2_2019_VALUES


def _t3_facts(rows: dict[str, list]) -> list[Fact]:
    return [Fact("r", "三", row, c, v, "…") for row, values in rows.items() for c, v in zip(T3_COLUMNS, values)]


@pytest.mark.parametrize("prose, ok", [
    ("其中予以公开及部分公开5件", True),
    ("其中予以公开及部分公开6件", False),
    ("涉及自然人4件、商业企业1件", True),
    ("涉及自然人3件", False),
])
def test_the_audit_compares_statements_with_certain_cells(prose, ok):
    from ingest.facts.audit import statement_checks

    facts = _t3_facts({T3_NEW: [4, 1, 0, 0, 0, 0, 5], "予以公开": [3, 1, 0, 0, 0, 0, 4],
                       "部分公开": [1, 0, 0, 0, 0, 0, 1], T3_TOTAL: [4, 1, 0, 0, 0, 0, 5]})
    checks = statement_checks(facts, prose)
    assert checks and all(c.ok for c in checks) is ok
