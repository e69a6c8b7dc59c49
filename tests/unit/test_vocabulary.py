"""The template vocabulary is defined once: every cell the question side can name is a cell the facts
side reads, and every row and column of the facts side can be asked for."""

from __future__ import annotations

import re

import pytest

from assistant.question.cells import parse_cell, table2_asks, table3_asks
from ingest.facts.template import (
    T2_COLUMN_ASK,
    T2_ROWS_2019,
    T2_ROWS_2021,
    T3_COLUMN_ASK,
    T3_COLUMNS,
    T3_GROUPS,
    T3_LEGAL_PERSONS,
    T4_COLUMN_ASK,
    T4_COLUMNS,
    T4_ROW_ASK,
    T4_ROWS,
    question_slots,
    t3_rows,
)

T3_NAMES = {s.name for s in t3_rows(True)} | {s.name for s in t3_rows(False)}


def test_every_table3_row_the_questions_name_is_read_by_the_facts_side():
    for _, row in table3_asks():
        if row.endswith("-*"):
            assert row[:-2] in T3_GROUPS and any(n.startswith(row[:-1]) for n in T3_NAMES), row
        else:
            assert row in T3_NAMES, row


def test_every_table3_row_can_be_asked_for():
    asked = {row for _, row in table3_asks()}
    for name in T3_NAMES - {"其他处理"}:  # the 2019 single row is reached through its group, 其他处理-*
        assert name in asked, name


def test_columns_and_table4_rows_exist_on_the_facts_side():
    for col, _ in T3_COLUMN_ASK:
        assert col in T3_COLUMNS or col == "法人或其他组织", col
    assert set(T3_LEGAL_PERSONS) <= set(T3_COLUMNS)
    for col, _ in T4_COLUMN_ASK:
        assert col in T4_COLUMNS
    for row, _ in T4_ROW_ASK:
        assert row in T4_ROWS or row == "行政诉讼"


def test_every_table2_column_has_question_words():
    for spec in T2_ROWS_2021 + T2_ROWS_2019:
        assert spec.ask, spec.name
        for col in spec.columns:
            assert col in T2_COLUMN_ASK, (spec.name, col)
    for templates in (("2021",), ("2019",)):
        names = {row for _, row, _ in table2_asks(templates)}
        specs = T2_ROWS_2019 if templates == ("2019",) else T2_ROWS_2021
        assert names == {s.name for s in specs}


def test_slots_hold_words_of_one_kind_each():
    for slot in question_slots():
        assert len(slot) >= 2 and all(re.fullmatch(r"[\u4e00-\u9fff]+", w) for w in slot)


@pytest.mark.parametrize("question, table, rows, column", [
    ("本机关不掌握的有几件", "三", ["无法提供-本机关不掌握相关政府信息"], "总计"),
    ("个人申请了多少件", "三", ["本年新收政府信息公开申请数量"], "自然人"),
    ("律师事务所提了几个申请", "三", ["本年新收政府信息公开申请数量"], "法律服务机构"),
    ("法人或其他组织提出的申请有几件", "三", ["本年新收政府信息公开申请数量"], "法人或其他组织"),
    ("不予公开的有多少件", "三", ["不予公开-*"], "总计"),
    ("结转到下一年继续办理的有几件", "三", ["结转下年度继续办理"], "总计"),
    ("上年结转的申请有多少", "三", ["上年结转政府信息公开申请数量"], "总计"),
    ("部分公开了多少件申请", "三", ["部分公开"], "总计"),
    ("一共办结了多少件申请", "三", ["总计"], "总计"),
    ("被起诉了几次", "四", ["行政诉讼-未经复议直接起诉", "行政诉讼-复议后起诉"], "总计"),
    ("复议后起诉的案件结果维持了几件", "四", ["行政诉讼-复议后起诉"], "结果维持"),
    ("行政复议还在审理中的有几件", "四", ["行政复议"], "尚未审结"),
    ("现行有效的规范性文件有多少件", "二", ["行政规范性文件"], "现行有效件数"),
    ("今年制发了几件规章", "二", ["规章"], "本年制发件数"),
    ("行政处罚决定有多少", "二", ["行政处罚"], "本年处理决定数量"),
    ("行政事业性收费多少万元", "二", ["行政事业性收费"], "本年收费金额"),
])
def test_questions_name_cells(question, table, rows, column):
    cell = parse_cell(question)
    assert cell is not None and (cell.table, cell.rows, cell.column) == (table, rows, column)


def test_the_2019_template_has_its_own_table2_columns():
    cell = parse_cell("规范性文件本年新公开数量是多少", templates=("2019",))
    assert (cell.rows, cell.column) == (["规范性文件"], "本年新公开数量")
    cell = parse_cell("行政许可上一年项目数量是多少", templates=("2019",))
    assert (cell.rows, cell.column) == (["行政许可"], "上一年项目数量")


@pytest.mark.parametrize("question", ["通过政府网站发布了多少条信息", "召开了几场新闻发布会", "主动公开了多少条"])
def test_questions_that_name_no_cell(question):
    assert parse_cell(question) is None


@pytest.mark.parametrize("question, column", [
    # 发布 is 制发's verb, 现行有效 a column's own name
    ("清理并集中发布的现行有效行政规范性文件有多少件？", "现行有效件数"),
    ("本年发布的规范性文件有几件", "本年制发件数"),
    ("今年制发了多少件行政规范性文件？", "本年制发件数"),
])
def test_a_columns_own_name_beats_a_shared_verb(question, column):
    assert parse_cell(question).column == column
