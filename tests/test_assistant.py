"""Answers people can trust, over the real reports: facts first, prose when the figure is in prose,
follow-ups, ambiguity, cross-report arithmetic, refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import REPORTS

from assistant.service import Gongkai
from ingest.config import Config


@pytest.fixture(scope="module")
def app(tmp_path_factory, embedder):
    app = Gongkai(Config.from_env(env={}, data_dir=tmp_path_factory.mktemp("all")), embedder=embedder,
                  today=dt.date(2026, 11, 25))
    results = app.ingest([REPORTS])
    assert all(r.status == "added" for r in results), [(r.file, r.error) for r in results]
    return app


def ask(app, q, report=None, history=None):
    return app.ask(q, report=report, history=history)


def test_table_cell_answered_from_facts_citing_the_row(app):
    a = ask(app, "平潭综合实验区2021年自然人提出的政府信息公开申请有多少件？")
    assert a.found and a.short_answer == "64件"
    assert a.citations[0].file == "pingtan-2021.txt"
    assert "本年新收政府信息公开申请数量" in a.citations[0].text
    assert "三、收到和处理政府信息公开申请情况" == a.citations[0].section


def test_colloquial_applicant_type(app):
    a = ask(app, "律师事务所这类法律服务机构新提交了多少件申请？", report="huaian-shi-2024.pdf")
    assert a.short_answer == "61件"


def test_reconsideration_total_from_table_four(app):
    a = ask(app, "平潭综合实验区2021年政府信息公开行政复议总计多少件？")
    assert a.found and a.short_answer.startswith("3")


def test_prose_figure_with_unit(app):
    a = ask(app, "上海市政府办公厅2025年开了多少场市政府新闻发布会？")
    assert a.short_answer == "42场"
    assert "42场" in a.citations[0].text


def test_body_alias_and_relative_year_with_picked_report(app):
    # 去年 would be 2025 today, but the picked report decides the year.
    a = ask(app, "去年科技局在中卫日报上登了多少条东西？", report="zhongwei-kjj-2024.txt")
    assert a.short_answer == "60条"


def test_relative_year_without_a_picked_report(app):
    a = ask(app, "平潭综合实验区去年收到了多少件政府信息公开申请？")  # today is 2026-11-25 → 2025
    assert a.found and a.short_answer == "154件"


def test_follow_up_carries_body_year_and_topic(app):
    history = [["中卫市科学技术局2024年通过市人民政府网站发布了多少条信息？", "31条"]]
    assert ask(app, "那通过中卫日报呢？", history=history).short_answer == "60条"
    history = [["平潭综合实验区2021年共收到多少件政府信息公开申请？", "70件"]]
    assert ask(app, "2023年呢？", history=history).short_answer == "81件"


def test_ambiguous_question_lists_the_reports(app):
    a = ask(app, "平潭综合实验区收到了多少件政府信息公开申请？")
    assert not a.found
    for year in ("2019", "2021", "2025"):
        assert year in a.answer
    assert "写明" in a.answer


def test_cross_report_difference_shows_each_figure(app):
    a = ask(app, "平潭综合实验区2023年比2021年多收到多少件政府信息公开申请？")
    assert a.found and a.short_answer == "11件"
    assert "81件" in a.answer and "70件" in a.answer
    assert {c.file for c in a.citations} == {"pingtan-2023.txt", "pingtan-2021.txt"}


def test_cross_report_sum_and_largest(app):
    assert ask(app, "平潭综合实验区2023年和2025年一共收到多少件政府信息公开申请？").short_answer == "235件"
    a = ask(app, "平潭综合实验区哪一年收到的政府信息公开申请最多？")
    assert "2025" in a.short_answer and "154" in a.short_answer


@pytest.mark.parametrize("question,report", [
    ("平潭综合实验区2022年收到了多少件政府信息公开申请？", None),  # no such report
    ("中卫市2024年的地区生产总值（GDP）是多少？", None),
    ("这一年召开了多少场新闻发布会？", "zhongwei-kjj-2024.txt"),
    ("科技局2030年的部门预算是多少万元？", "zhongwei-kjj-2024.txt"),
    ("北京市海淀区2024年收到多少件政府信息公开申请？", None),  # a body that is not indexed
])
def test_refusals_carry_no_number(app, question, report):
    a = ask(app, question, report)
    assert not a.found and a.short_answer == "" and a.citations == []


def test_prose_and_table_disagree_the_answer_says_so(app):
    a = ask(app, "洪泽区2024年区政府办代表区政府受理了多少件政府信息公开申请？")
    assert a.short_answer == "17件"
    assert "95" in a.answer and "不一致" in a.answer


def test_blank_table_cell_is_not_guessed(app):
    # shanghai's table 二 prints two numbers under three columns: the cell can't be read with certainty.
    a = ask(app, "上海市政府办公厅2025年行政规范性文件现行有效的有多少件？")
    assert not a.found and a.short_answer == ""


def test_text_answers(app):
    assert ask(app, "办公室的联系电话是多少？", "zhongwei-kjj-2024.txt").short_answer == "0955-7063893"
    assert "未收取" in ask(app, "中卫市科技局2024年度有没有收取信息处理费？").short_answer
    a = ask(app, "沭阳县发展和改革局2023年信息公开工作存在哪些主要问题？")
    assert "信息公开意识有所松懈" in a.answer


def test_staff_draft_names_report_and_lists_passages(app):
    d = app.draft("平潭综合实验区2025年收到了多少件政府信息公开申请？")
    assert "154" in d.draft and "平潭综合实验区" in d.draft and "附：所引原文" in d.draft
    assert d.citations


def test_retriever_contract(app):
    """Every retriever: at most k results, best first, each with its source."""
    docs = app.chain.retriever.invoke("行政复议", report_ids=None)
    assert 0 < len(docs) <= app.chain.retriever.k
    scores = [d.metadata["score"] for d in docs]
    assert scores == sorted(scores, reverse=True)
    assert all(d.metadata["report_id"] and d.metadata["section"] and d.metadata["file"] for d in docs)
    scoped = app.chain.retriever.search("行政复议", ["pingtan-2021"], k=5)
    assert scoped and {d.metadata["report_id"] for d in scoped} == {"pingtan-2021"}


def test_deterministic(app):
    q = "平潭综合实验区2023年因政府信息公开引起的行政诉讼案件有多少件？"
    assert ask(app, q).to_dict()["answer"] == ask(app, q).to_dict()["answer"]


def test_yes_no_reads_what_happened_not_the_plan(app):
    a = ask(app, "宁夏中卫市科技局2024年度有没有因为政府信息公开追究过谁的责任？")
    assert a.found and a.short_answer.startswith("没有") and "未发生" in a.short_answer
    a = ask(app, "2020年年报里有没有其他需要报告的事项？", report="pingtan-2020.txt")
    assert a.short_answer.startswith("没有")


def test_district_under_a_known_city_is_refused(app):
    for q in ("上海市浦东新区2025年收到多少件政府信息公开申请？", "淮安市清江浦区2024年收到多少政府信息公开申请？"):
        a = ask(app, q)
        assert not a.found and a.short_answer == "", q


def test_two_bodies_in_one_question_are_summed(app):
    a = ask(app, "淮安市政府和洪泽区政府2024年的信息公开行政复议加起来一共多少件？")
    assert a.short_answer == "353件" and len({c.file for c in a.citations}) == 2


def test_a_check_before_the_figure_asked_does_not_decide_whether_the_turn_is_answered(app):
    """"这个数对吗？…有多少件？": the turn is answered by its figure even when the check before it is not."""
    a = ask(app, "这个数对吗？平潭综合实验区2021年自然人提出的政府信息公开申请有多少件？")
    assert a.found and "64件" in a.short_answer
