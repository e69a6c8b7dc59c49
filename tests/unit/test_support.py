"""eval's `unsupported`: a found figure must be a certain cell or a figure stated on its own in what it
cites (class 2 of issue 15), and 万/亿 figures count at their full value (QA_FORMAT)."""

from __future__ import annotations

import pytest

from eval.scorer import first_number_values, is_correct
from eval.support import stated, supported


@pytest.mark.parametrize("figure, text, question, ok", [
    ("31", "通过市政府网站发布共 31条", "", True),
    ("70", "一、本年新收政府信息公开申请数量 640020470（按合计关系拆分为 64 0 0 2 0 4 70）", "", True),
    ("1", "行政复议 0 0 0 1 1", "", True),
    ("350400", "邮编：350400）", "", True),
    ("6", "本报告包括总体情况等六个部分", "报告分几个部分", True),
    ("6", "本报告包括总体情况等六个部分", "发布了多少条信息", False),  # a heading's count is not a figure asked
    ("4433477", "第二十条 行政许可 4433477 行政处罚", "", False),  # a run of table digits
    ("12", "共梳理出4个片区权责清单事项各14项", "", False),  # a figure no citation states
])
def test_stated(figure, text, question, ok):
    assert stated(figure, text, question) is ok


def test_supported_by_citations_or_by_operands():
    answer = {"found": True, "short_answer": "50.5%", "citations": [{"text": "予以公开 46"}],
              "support": [{"role": "operand", "value": 46, "text": "（一）予以公开 46 0 0 0 0 0 46"},
                          {"role": "operand", "value": 91, "text": "（七）总计 91 0 0 0 0 0 91"}]}
    assert supported(answer)
    answer["support"][1] = {"role": "operand", "value": 91, "text": "合计9100"}
    assert not supported(answer)
    counted = {"found": True, "short_answer": "3条", "citations": [{"text": "一是甲；二是乙；三是丙"}],
               "support": [{"role": "count", "value": 3, "items": ["甲", "乙", "丙"], "text": ""}]}
    assert supported(counted)
    assert supported({"found": False, "short_answer": "", "citations": []})


@pytest.mark.parametrize("text, values", [
    ("173.1万", [173.1, 1731000.0]), ("31条", [31.0]), ("三十一万", [310000.0, 31.0]), ("两亿", [2e8, 2.0]),
    ("一共31条", [31.0]), ("1,295件", [1295.0]),
])
def test_wan_and_yi_count_at_full_value(text, values):
    assert first_number_values(text) == values


def test_scoring_with_wan():
    gold = {"kind": "number", "answer": "1731000"}
    assert is_correct(gold, {"found": True, "short_answer": "173.1万元"})
    assert is_correct({"kind": "number", "answer": "173.1"}, {"found": True, "short_answer": "173.1万元"})
    assert not is_correct({"kind": "number", "answer": "1731"}, {"found": True, "short_answer": "173.1万元"})
