"""Number mentions: every figure the prose states, with what it counts (class 1 and 2 of issue 15)."""

from __future__ import annotations

import pytest

from ingest.text.mentions import mentions


def _one(text: str, value: float):
    found = [m for m in mentions(text) if m.value == value]
    assert len(found) == 1, (text, [(m.value, m.unit) for m in mentions(text)])
    return found[0]


@pytest.mark.parametrize("text, value, unit, measure", [
    ("公众号共发布信息120条，阅读量3500次，关注人数860人。", 860, "人", "关注人数"),
    ("公众号共发布信息120条，阅读量3500次，关注人数860人。", 3500, "次", "阅读量"),
    ("其中：部门工作动态67条、科技项目立项等相关公示公告5条、政策问答2条。", 5, "条", "科技项目立项等相关公示公告"),
    ("开展培训三场，进一步加强业务能力。", 3, "场", "开展培训"),
    ("主动公开的政府信息占21.02%。", 21.02, "%", "主动公开的政府信息占"),
    ("行政事业性收费5949.09万元。", 5949.09, "万元", "行政事业性收费"),
    ("群众等候时间由42分钟缩至19分钟。", 19, "分钟", "群众等候时间缩至"),  # the change carries the measure
    ("不予公开信息数79。", 79, "", "不予公开信息数"),  # a figure with no unit after a 数/为/共 is stated
    # a share in brackets after a count is the share of what the count counts
    ("不予公开20件（1.68%），因不掌握等原因无法提供564件（47.36%）。", 47.36, "%", "因不掌握等原因无法提供"),
])
def test_figures_with_their_measure_words(text, value, unit, measure):
    m = _one(text, value)
    assert (m.unit, m.measure) == (unit, measure)


@pytest.mark.parametrize("text", [
    "一、本年新收政府信息公开申请数量640020470二、上年结转",  # a run of table digits
    "电话：0591-23163551；邮编350400",  # phone numbers and post codes
    "2023年1月1日起至2023年12月31日止",  # dates
    "根据第二十条第（一）项，岚综管办〔2021〕95号",  # ordinals and document numbers
    "一是强化公开意识；进一步加强；统一公开平台",  # Chinese numerals in fixed phrases
    "（一）主动公开情况（2）依申请公开（2025版）",  # a bracket opens a heading or an edition, not a count
])
def test_what_is_not_a_stated_figure(text):
    assert mentions(text) == ()


def test_no_digit_run_is_a_mention():
    assert mentions("第二十条第（一）项 行政许可 4433477 行政处罚 0") == ()


def test_the_reports_own_parts_are_marked():
    m = _one("本报告包括总体情况、主动公开政府信息情况等六个部分。", 6)
    assert m.own_parts and m.unit == "个"


def test_a_heading_run_into_the_sentence_is_not_measure_words():
    m = _one("（一）主动公开政府信息的数量2023年制作、获取政府信息总数509条，其中主动公开政府信息107条。", 509)
    assert m.measure == "2023年制作、获取政府信息总数"


def test_an_enumeration_stays_one_list_across_semicolons():
    text = "其中:减税降费22条，财税金融等政策及解读共2条；财政预算、决算报告共7条；其他文件共54条等。"
    found = mentions(text)
    assert [m.value for m in found] == [22, 2, 7, 54] and all(m.in_list == 4 for m in found)


def test_items_of_a_breakdown_in_brackets():
    m = _one("共公布信息2602条（其中规范性文件34件，其他应主动公开政府信息1053条），", 1053)
    assert m.breakdown
    assert not _one("共公布信息2602条（其中规范性文件34件，其他应主动公开政府信息1053条），", 2602).breakdown


def test_a_figure_first_list_counts_the_words_after_each_figure():
    found = {m.value: m.measure for m in mentions("共发布爆款内容52条，其中1条播放量破亿、2条破千万、49条破百万。")}
    assert found[49] == "破百万" and found[2] == "破千万" and found[1] == "播放量破亿"
    assert found[52] == "共发布爆款内容"


def test_a_list_item_named_with_zongjie_is_not_a_total():
    text = "共主动公开发布各类信息91条，其中：部门工作动态67条、政策问答2条、计划方案总结6条、提案办理公示1条。"
    totals = [m.value for m in mentions(text) if m.is_total]
    assert totals == [91]
