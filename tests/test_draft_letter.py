"""Drafts (issue 17 item 9): a letter with two questions gets both answered, and a figure from a row whose
report's audit finds a sum that does not hold is flagged for staff; a one-question letter reads as before."""

from __future__ import annotations

import pytest
from conftest import REPORTS, SAMPLE, needs_shared

from assistant.draft import split_questions


def test_split_questions_of_a_letter():
    assert split_questions("平潭2020年收到多少件申请？行政复议有多少件？") == [
        "平潭2020年收到多少件申请？", "行政复议有多少件？"]
    assert split_questions("我想了解平潭2020年的情况。收到多少件申请？复议几件？") == [
        "我想了解平潭2020年的情况。收到多少件申请？", "复议几件？"]
    one = "平潭2020年收到多少件申请。"
    assert split_questions(one) == [one] and split_questions("谢谢") == ["谢谢"]


@pytest.fixture(scope="module")
def service(tmp_path_factory, embedder):
    from assistant.service import Gongkai
    from ingest.config import Config

    s = Gongkai(Config(data_dir=tmp_path_factory.mktemp("drafts") / "data"), embedder=embedder)
    paths = [SAMPLE] + ([REPORTS / "pingtan-2020.txt"] if (REPORTS / "pingtan-2020.txt").exists() else [])
    assert all(r.status == "added" for r in s.ingest(paths))
    return s


@needs_shared()
@pytest.mark.slow  # ingests a shared report
def test_two_questions_both_answered_and_the_audited_row_flagged(service):
    d = service.draft("您好。请问平潭综合实验区2020年收到多少件政府信息公开申请？行政复议有多少件？")
    text = d.draft
    assert "2个问题" in text and "一、关于" in text and "二、关于“行政复议有多少件？”" in text
    assert "21件" in text and "0件" in text  # table 三's total and table 四's
    assert {c.section[:2] for c in d.citations} == {"三、", "四、"}
    # pingtan-2020's table 三 result rows add up to 27 while its total says 21: the figure is flagged.
    assert d.flags and all("表三" in f and "请核对原文" in f for f in d.flags)
    assert any("总计为21" in f for f in d.flags)
    assert "【请工作人员核对" in text and d.to_dict()["flags"] == d.flags


def test_one_question_draft_as_before_and_no_flag_on_a_balanced_report(service):
    d = service.draft("中卫市科学技术局2024年通过市人民政府网站发布了多少条信息？")
    assert d.draft.startswith("您好：") and "31条" in d.draft and "逐项" not in d.draft
    assert d.flags == [] and "请工作人员核对" not in d.draft
    assert set(d.to_dict()) == {"draft", "citations", "flags"}
