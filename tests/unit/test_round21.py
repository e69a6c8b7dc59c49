"""Mechanisms added in the stop of rounds 21 and 22, each on hand-built questions, passages or facts (issue 15's
classes named on each test)."""

from __future__ import annotations

import pytest

from assistant.question.cells import column_at, parse_cell
from assistant.question.followup import complete_follow_up
from ingest.facts.template import T3_COLUMNS, T4_COLUMNS


@pytest.mark.parametrize("text, column", [
    ("第二列是多少", "结果纠正"), ("第3栏", "其他结果"), ("最后一列", "总计"), ("倒数第二列", "尚未审结"),
    ("第十列", None), ("第一行", None),
])
def test_a_column_named_by_where_it_stands(text, column):
    """Class 5 (words people type): a person reading a printed row counts its figure columns."""
    assert column_at(text, T4_COLUMNS) == column


def test_position_and_bracketed_names_pick_the_cell():
    """Class 1: "那一组第二列（结果纠正）" names 结果纠正, not the group's 总计; 表三 counts its seven
    figure columns."""
    assert parse_cell("表四'行政复议'那一组第二列（结果纠正）是多少？").column == "结果纠正"
    assert parse_cell("表四行政复议那一组第三列是多少？").column == "其他结果"
    assert parse_cell("表三本年新收申请第二列是多少").column == T3_COLUMNS[1]
    assert parse_cell("表三本年新收申请最后一列是多少").column == "总计"


def test_a_follow_up_naming_another_column_of_the_same_row():
    """Class 8: "同一行第三列呢？" keeps the last turn's row and drops its column."""
    whole, focus = complete_follow_up("同一行第三列呢？", [("表四行政复议结果维持是多少？", "40件")])
    cell = parse_cell(whole, focus)
    assert (cell.table, cell.rows, cell.column) == ("四", ["行政复议"], "其他结果")
    whole, focus = complete_follow_up("那第二列呢", [("表三本年新收申请自然人是多少", "1259件")])
    cell = parse_cell(whole, focus)
    assert (cell.rows, cell.column) == (["本年新收政府信息公开申请数量"], "商业企业")
