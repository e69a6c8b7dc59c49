"""Audit checks on the shared reports and on small hand-made fact sets."""

from __future__ import annotations

import pytest
from conftest import load_shared, needs_shared

from ingest.facts.audit import audit
from ingest.facts.extract import extract_facts
from ingest.models import Fact
from ingest.text.clean import clean

ALL_REPORTS = [
    "hongze-qu-2023.pdf",
    "hongze-qu-2024.pdf",
    "huaian-shi-2024.pdf",
    "pingtan-2019.txt",
    "pingtan-2020.txt",
    "pingtan-2021.txt",
    "pingtan-2023.txt",
    "pingtan-2025.txt",
    "shanghai-bgt-2025.md",
    "shuyang-fgj-2023.txt",
    "shuyang-xian-2025.md",
    "zhongwei-kjj-2024.txt",
]
# Known contradictions inside the reports themselves (SOURCES.tsv, NOTES.md, the printed PDF).
KNOWN_FINDINGS = {
    "pingtan-2020.txt": {"表三办理结果合计"},
    "hongze-qu-2024.pdf": {"正文与表格：收到申请数"},
    "hongze-qu-2023.pdf": {"表四合计"},
}


def run_audit(name: str):
    doc = load_shared(name)
    text = clean(doc.text)
    _, facts = extract_facts(text, doc.tables, name)
    return audit(facts, text)


def failed(checks) -> list:
    return [c for c in checks if not c.ok]


@needs_shared()
def test_zhongwei_has_no_false_finding():
    checks = run_audit("zhongwei-kjj-2024.txt")
    assert checks, "the checks ran"
    assert failed(checks) == []
    rules = {c.rule for c in checks}
    assert any(r.startswith("表三列勾稽") for r in rules)
    assert any(r.startswith("表四合计") for r in rules)
    assert "正文与表格：收到申请数" in rules  # “未收到政府信息公开申请” against 0


@needs_shared()
def test_pingtan_2020_results_do_not_add_up():
    bad = failed(run_audit("pingtan-2020.txt"))
    total_column = [c for c in bad if c.rule.startswith("表三办理结果合计") and c.detail.startswith("总计列")]
    assert len(total_column) == 1
    assert "27" in total_column[0].detail and "21" in total_column[0].detail


@needs_shared()
def test_hongze_2024_prose_contradicts_table():
    bad = failed(run_audit("hongze-qu-2024.pdf"))
    assert len(bad) == 1
    assert bad[0].rule == "正文与表格：收到申请数"
    assert "17" in bad[0].detail and "95" in bad[0].detail


@pytest.mark.parametrize("name", ALL_REPORTS)
@needs_shared()
def test_only_known_findings(name):
    checks = run_audit(name)
    expected = KNOWN_FINDINGS.get(name, set())
    assert {_family(c.rule, expected) for c in failed(checks)} == expected
    assert all(c.detail and c.rule for c in checks)


def _family(rule: str, known: set[str]) -> str:
    return next((k for k in known if rule.startswith(k)), rule)


@needs_shared()
def test_received_may_include_carried_over():
    # 沭阳县 2025: “共受理政府信息公开申请749件” = 713 new + 36 carried over; not a contradiction.
    checks = run_audit("shuyang-xian-2025.md")
    received = [c for c in checks if c.rule == "正文与表格：收到申请数"]
    assert received and all(c.ok for c in received)
    assert "749" in received[0].detail


@needs_shared()
def test_prose_checks_on_appeals_and_lawsuits():
    checks = run_audit("pingtan-2025.txt")
    by_rule = {c.rule: c for c in checks if c.rule.startswith("正文")}
    assert by_rule["正文与表格：行政复议数"].ok and "36" in by_rule["正文与表格：行政复议数"].detail
    assert by_rule["正文与表格：行政诉讼数"].ok and "9" in by_rule["正文与表格：行政诉讼数"].detail
    assert by_rule["正文与表格：结转下年度数"].ok


# ---------------------------------------------------------------- hand-made facts

COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]


def t3_row(row: str, values: list) -> list[Fact]:
    return [Fact("r", "三", row, c, v, f"{row} …") for c, v in zip(COLS, values, strict=True)]


def small_table(opened_total: int = 3) -> list[Fact]:
    return (
        t3_row("本年新收政府信息公开申请数量", [3, 0, 0, 0, 0, 0, 3])
        + t3_row("上年结转政府信息公开申请数量", [0, 0, 0, 0, 0, 0, 0])
        + t3_row("予以公开", [3, 0, 0, 0, 0, 0, opened_total])
        + t3_row("总计", [3, 0, 0, 0, 0, 0, 3])
        + t3_row("结转下年度继续办理", [0, 0, 0, 0, 0, 0, 0])
    )


def test_consistent_small_table():
    checks = audit(small_table(), "")
    assert checks and failed(checks) == []


def test_row_sum_mismatch():
    bad = failed(audit(small_table(opened_total=4), ""))
    rules = {c.rule for c in bad}
    assert "表三申请人合计：六类申请人之和=总计" in rules
    assert "表三办理结果合计：各项办理结果之和=总计" in rules


def test_null_cells_skip_the_rule():
    facts = small_table()
    for f in facts:
        if f.column == "商业企业":
            f.value = None
    checks = audit(facts, "")
    assert failed(checks) == []
    assert not any(c.detail.startswith("商业企业列") for c in checks if c.rule.startswith("表三列勾稽"))


def test_blank_cells_still_catch_an_overflow():
    facts = t3_row("予以公开", [5, None, None, None, None, None, 3])
    bad = failed(audit(facts, ""))
    assert len(bad) == 1 and "超过" in bad[0].detail


def test_table4_group_sum():
    cols = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    facts = [Fact("r", "四", "行政复议", c, v, "") for c, v in zip(cols, [1, 1, 0, 0, 3], strict=True)]
    bad = failed(audit(facts, ""))
    assert [c.rule for c in bad] == ["表四合计：结果维持+结果纠正+其他结果+尚未审结=总计"]


def test_prose_against_table():
    text = "2024年，本机关共受理政府信息公开申请5件。本年收到群众诉求348件。"
    bad = failed(audit(small_table(), text))
    assert len(bad) == 1 and "5" in bad[0].detail and "3" in bad[0].detail
    assert audit(small_table(), "共收到3件申请。")[-1].ok


@needs_shared()
def test_prose_no_split_allows_is_a_finding():
    # 平潭 2023: “现行有效行政规范性文件393件”, while its table 二 row is the run 77132470: no split ends in 393.
    # The same report's “本年度制发的规范性文件77件” settles 本年制发件数 (77|…), the rest stays null.
    from ingest.facts.extract import extract

    doc = load_shared("pingtan-2023.txt")
    done = extract(clean(doc.text), doc.tables, "pingtan-2023")
    findings = done.findings()
    assert [f.rule for f in findings] == ["正文与表格：表二"] and "393" in findings[0].detail
    row = {f.column: f.value for f in done.facts if f.row == "行政规范性文件"}
    assert row == {"本年制发件数": 77, "本年废止件数": None, "现行有效件数": None}
