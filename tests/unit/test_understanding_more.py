"""Understanding on hand-built questions: a long question's tail, follow-ups that point back, units no
table counts in, organisation names that begin with a place (issue 15, classes 4, 5 and 8)."""

from __future__ import annotations

import pytest

from assistant.question.cells import parse_cell
from assistant.question.followup import complete_follow_up
from assistant.question.lexicon import asked_part
from assistant.question.plan import real_question
from ingest.models import Report
from ingest.text.tokenize import place_names


@pytest.mark.parametrize("question, tail", [
    ("我是记者，在写稿子。某县2025年的年报里说收了信息处理费，我想知道是哪个部门收的？",
     "某县2025年的年报里说收了信息处理费，哪个部门收的？"),
    ("我在做调研。年报里说建立了报警器。我想确认一下：这一年办前主动沟通开展了多少次？",
     "这一年办前主动沟通开展了多少次？"),
    ("淮安市和洪泽区都有年报，我只要洪泽区的", "洪泽区的"),  # a choice, not a question: no clause added
    # what the asker states ("是3件") is context; the contrast after it asks
    ("某局2024年度报告表三中，第一项本年新收申请是3件，而“（七）总计”一栏填报的总计数是多少？",
     "“（七）总计”一栏填报的总计数是多少？"),
    ("某局2024年度报告表三中，第一项本年新收申请是3件，而总计是多少？", "某局2024年度报告表三中，总计是多少？"),
    ("某区2019年度年报提到区财政局推进财政资金信息公开，全年共发布了多少条财政资金信息？",
     "全年共发布了多少条财政资金信息？"),
    ("某市政府办公厅那份年报里说，2025年市政府一共受理了多少件信息公开申请？",  # says nothing yet: no context
     "某市政府办公厅那份年报里说，2025年市政府一共受理了多少件信息公开申请？"),
])
def test_the_real_question_keeps_the_clause_a_short_tail_needs(question, tail):
    assert real_question(question) == tail


@pytest.mark.parametrize("question, history, completed", [
    ("2023年报告里这一类是多少条？", ["某局2020年“其他应主动公开的政府信息”有多少条？"],
     "某局2023年“其他应主动公开的政府信息”有多少条？"),
    ("2021年比2020年多了多少条？", ["某区2019年公布了多少条政府信息？"],
     "2021年比2020年多了多少条，某区2019年公布了多少条政府信息？"),
    ("2023年有多少？", ["某区2019年公布了多少条政府信息？"], "某区2023年公布了多少条政府信息？"),
])
def test_follow_ups_that_name_only_years(question, history, completed):
    assert complete_follow_up(question, [(h, "") for h in history])[0] == completed


@pytest.mark.parametrize("question, history, completed", [
    ("是从哪个渠道收到的？", ["你们今年收到几个申请"], "你们今年收到申请是从哪个渠道收到的"),
    ("分别是什么时候办结的？", ["某局收到几件申请？"], "某局收到申请分别是什么时候办结的"),
    ("是否向申请人收取了信息处理费？", ["某局收到几件申请？"], "是否向申请人收取了信息处理费？"),  # its own subject
    ("是什么原因导致的？", [], "是什么原因导致的？"),
])
def test_a_turn_beginning_with_the_copula_is_about_the_last_turn(question, history, completed):
    assert complete_follow_up(question, [(h, "") for h in history])[0] == completed


@pytest.mark.parametrize("question, history, completed", [
    # says what it counts itself: only body and year carry over (understanding takes them from the earlier turn)
    ("那公众号推了多少篇文章", ["某局2025年在门户网站公开了多少条信息？"], "那公众号推了多少篇文章"),
    ("那通过中卫日报呢？", ["某局通过网站发布了多少条信息？"], "通过中卫日报，某局通过网站发布了多少条信息？"),
    ("那其中网站发布的有多少条", ["某局主动公开了多少条信息？"], "某局主动公开了信息中，网站发布的有多少条"),
])
def test_a_follow_up_that_says_what_it_counts_is_its_own_question(question, history, completed):
    assert complete_follow_up(question, [(h, "") for h in history])[0] == completed


@pytest.mark.parametrize("question", ["“其他处理”的319件里面，申请人主动撤回的有多少件？",
                                      "收到的申请中，通过当面提交的有多少件？"])
def test_what_is_counted_after_where_names_no_cell(question):
    assert parse_cell(question) is None


@pytest.mark.parametrize("question, rows, column", [
    ("收到的申请里，予以公开的有几件？", ["予以公开"], "总计"),
    ("自然人的申请中，有多少件？", ["本年新收政府信息公开申请数量"], "自然人"),
    ("其他处理里面“其他”那一项一共多少件？", ["其他处理-其他"], "总计"),
])
def test_where_and_what_both_name_the_cell(question, rows, column):
    cell = parse_cell(question)
    assert cell is not None and (cell.rows, cell.column) == (rows, column)


@pytest.mark.parametrize("question", ["引入的第三方评估公司给全区政务公开打了多少分？", "申请平均多少个工作日答复？",
                                      "企业申请平均几天办结？"])
def test_units_no_table_counts_in_are_never_a_cell(question):
    assert parse_cell(question) is None


def test_a_unit_tables_count_in_still_reads_a_cell():
    assert parse_cell("商业企业提了多少件申请？").column == "商业企业"


def test_what_is_counted_after_where():
    assert asked_part("收到的群众诉求里，现场解决了多少件？") == "现场解决了多少件"
    assert asked_part("现场解决了多少件？") == "现场解决了多少件？"
    assert asked_part("那个栏目收到的群众诉求，现场就解决了多少件？") == "现场就解决了多少件"  # noun phrase, then
    assert asked_part("其他处理那么多，里面有多少是申请人主动撤回的") == "有多少是申请人主动撤回的"
    assert asked_part("平潭2023年，收到多少件申请") == "平潭2023年，收到多少件申请"  # a year is not a noun phrase


def test_an_organisation_name_yields_its_place():
    assert place_names("北京市政府2024年收到多少申请，跟淮安市比哪个多？") == ["北京市", "淮安市"]


@pytest.mark.parametrize("question, rows, column", [
    ("有没有人向他们申请信息公开？", ["本年新收政府信息公开申请数量"], "总计"),
    ("2024年也是3条，这3条里部分公开的有几条？", ["部分公开"], "总计"),  # no count of information is 部分公开
    ("新收到的申请有多少件？上年结转的不算。", ["本年新收政府信息公开申请数量"], "总计"),
    ("有没有人把他们告上法院？", ["行政诉讼-未经复议直接起诉", "行政诉讼-复议后起诉"], "总计"),
    ("行政诉讼一共多少件？直接起诉的和复议后起诉的都算上。",
     ["行政诉讼-未经复议直接起诉", "行政诉讼-复议后起诉"], "总计"),
    ("表三（七）总计是多少？", ["总计"], "总计"),  # the table named stands for 申请
    ("办理结果总计是多少件", ["总计"], "总计"),
])
def test_users_words_name_the_cell(question, rows, column):
    cell = parse_cell(question)
    assert cell is not None and (cell.rows, cell.column) == (rows, column)


@pytest.mark.parametrize("effective, base", [
    ("某区2020年公布的政府信息比2019年多还是少 差多少条", "某区公布的政府信息有多少条？"),
    ("某区2025年的申请量比2023年涨了百分之多少，保留一位小数", "某区的申请量有多少？"),
    # nothing compared before 比: the earlier question's figure
    ("那第二年（2024年）比这个多了多少条，某区2023年在政府网站公开了多少条信息？", "某区在政府网站公开了多少条信息？"),
    ("少了多少条，某局2025年主动公开了多少条政府信息？", "某局主动公开了多少条政府信息？"),
])
def test_each_report_is_asked_what_is_compared(effective, base):
    from assistant.across import base_question
    from assistant.question.understand import Understanding

    u = Understanding(effective, effective, effective, [], [2020, 2019])
    assert base_question(u, {}) == base


def test_comparing_words_that_hold_bi_are_not_the_comparison():
    from assistant.across import _compared
    from assistant.question.understand import Understanding

    q = "写稿需要对比一下两地：甲市2024年受理的申请，比乙市2025年受理的多多少件？"  # 对比一下 is not "X比Y多"
    assert _compared(Understanding(q, q, q, [], [2024, 2025]), {}) is None


def test_a_comparison_with_the_earlier_turn_takes_its_year():
    import datetime as dt

    from assistant.question.understand import understand
    from ingest.models import Report

    reports = [Report(f"r{y}", f"r{y}.txt", f"某区{y}年报告", "青山县人民政府", y, "2021") for y in (2023, 2024, 2025)]
    today = dt.date(2026, 12, 1)
    u = understand("那第二年（2024年）比这个多了多少条", reports, None, [("青山县2023年网站公开了多少条？", "")], today)
    assert u.years == [2024, 2023] and sorted(u.report_ids) == ["r2023", "r2024"]
    turns = [("青山县2023年主动公开了多少条？", ""), ("那2025年呢？", "")]
    u = understand("少了多少条", reports, None, turns, today)
    assert u.years == [2025, 2023]
    u = understand("2024年主动公开了多少条？", reports, None, turns, today)
    assert u.years == [2024]  # not a comparison: its own year only


@pytest.mark.parametrize("question, rows, column", [
    ("复议那一栏，既不是维持也不是纠正、算作“其他结果”的有几件？", ["行政复议"], "其他结果"),  # 不是X: not asked
    ("复议完了又跑去法院起诉的，有几件？", ["行政诉讼-复议后起诉"], "总计"),
    ("复议完了还不服、接着告到法院的，有多少件？", ["行政诉讼-复议后起诉"], "总计"),
])
def test_table_four_cells_in_users_words(question, rows, column):
    cell = parse_cell(question)
    assert cell is not None and (cell.rows, cell.column) == (rows, column)


def test_a_long_message_compares_in_its_last_sentence():
    from assistant.across import base_question
    from assistant.question.understand import Understanding

    q = "我一直关注这个公众号，感觉推送少了。年报里应该有数吧？2023年推送的文章比2025年多了多少篇？"
    assert base_question(Understanding(q, q, q, [], [2023, 2025]), {}) == "推送的文章有多少篇？"


@pytest.mark.parametrize("question, op", [("甲市2024年和乙市2025年不予处理的，两家差了几件？", "diff")])
def test_cross_report_operations(question, op):
    from assistant.across import OPS

    assert next(name for name, pat in OPS if pat.search(question)) == op


@pytest.mark.parametrize("question, figure_first", [
    ("这三份报告，本年新收申请最多的那家收了几件？", True),  # the figure is asked: it leads the short answer
    ("2019到2025年哪一年收到的申请最多？", False),  # the report is asked
])
def test_the_largest_answers_first_what_is_asked(question, figure_first):
    from assistant.across import _ASKS_FIGURE

    assert bool(_ASKS_FIGURE.search(question)) == figure_first


def test_a_sum_over_years_asks_each_report_the_measure():
    from assistant.across import base_question
    from assistant.question.understand import Understanding

    q = "写材料要用：某局2020年、2022年、2024年这三年主动公开的政府信息，加起来一共是多少条？"
    base = base_question(Understanding(q, q, q, [], [2020, 2022, 2024]), {})
    assert "写材料" not in base and "这" not in base and "主动公开的政府信息" in base and "多少条" in base


@pytest.mark.parametrize("question, refused", [
    ("36起行政复议里面，申请人是自然人的有几起、企业的有几起？", True),  # 表四 has no applicant columns
    ("行政复议结果维持的有几件？", False),
    ("自然人申请了多少件？", False),
    ("有没有企业因为信息公开起诉过？", False),  # a yes/no about lawsuits, not a count by applicant
])
def test_a_breakdown_no_table_has_is_refused(question, refused):
    from assistant.question.cells import breakdown_not_tabled

    assert bool(breakdown_not_tabled(question)) == refused


@pytest.mark.parametrize("question, history, completed", [
    ("这几件里面自然人申请的占几件？", ["某区2025年结转到下一年继续办理的申请有几件？"],
     "某区2025年结转到下一年继续办理的申请中，自然人申请的占几件"),
    ("占复议总数的百分之几？", ["行政复议中结果纠正的有多少件？"], "行政复议中结果纠正占复议总数的百分之几"),
    ("中卫市科技局收到几件？", ["某局收到几件申请？"], "中卫市科技局收到几件？"),  # 中 of a name is no "among"
    ("那些里头，商业企业提的有几件？", ["某局收到几件申请？"], "某局收到申请中，商业企业提的有几件"),
])
def test_a_turn_counting_within_those_or_sharing_of_them_is_about_the_last_turn(question, history, completed):
    """Class 8: "这几件里面…" counts within, and "占…" shares, what the last turn asked about."""
    assert complete_follow_up(question, [(h, "") for h in history])[0] == completed


@pytest.mark.parametrize("question, history, completed", [
    ("2024年比这个多了多少条？", ["某区2023年在网站主动公开了多少条政府信息？"],
     "2024年比这个多了多少条，某区2023年在网站主动公开了多少条政府信息？"),
    ("换成2025年是多少条？", ["某局2023年主动公开了多少条政府信息？"], "某局2025年主动公开了多少条政府信息？"),
])
def test_a_turn_comparing_with_this_or_changing_the_year_keeps_the_last_turns_measure(question, history, completed):
    assert complete_follow_up(question, [(h, "") for h in history])[0] == completed


def test_the_largest_less_the_smallest_over_a_bodys_years():
    """Class 9: "最多的一年比最少的一年多多少件" is a range, each report asked the measure alone."""
    from assistant.across import OPS, base_question
    from assistant.question.understand import Understanding

    q = "某区的年报有2019、2020、2021、2023、2025五个年度，本年新收申请最多的一年比最少的一年多多少件？"
    assert next(name for name, pat in OPS if pat.search(q)) == "range"
    base = base_question(Understanding(q, q, q, [], [2019, 2020, 2021, 2023, 2025]), {})
    assert "20" not in base and "度" not in base and "本年新收申请" in base


def test_among_them_counts_within_the_last_turns_total():
    completed = complete_follow_up("其中结果被纠正的有几件？", [("某县2025年行政复议一共多少件？", "")])[0]
    assert completed == "某县2025年行政复议中，结果被纠正的有几件"


@pytest.mark.parametrize("effective, base", [
    # "是2023年的几倍" asks each report the figure; the ratio is the comparison's
    ("某区2024年在政府网站上主动发布的信息条数是2023年的几倍？保留两位小数",
     "某区在政府网站上主动发布的信息条数是多少？"),
    ("某区2024年收到的申请相当于2023年的多少倍", "某区收到的申请是多少"),
])
def test_a_ratio_asks_each_report_its_figure(effective, base):
    from assistant.across import base_question
    from assistant.question.understand import Understanding

    assert base_question(Understanding(effective, effective, effective, [], [2024, 2023]), {}) == base


def test_a_ratio_and_a_listing_name_two_bodies_in_the_question_order():
    from assistant.across import OPS
    from assistant.question.bodies import match_several

    reports = [Report("a", "a.txt", "甲", "上海市人民政府办公厅", 2025, "2021"),
               Report("b", "b.txt", "乙", "平潭综合实验区", 2025, "2021")]
    found = match_several("上海市政府办公厅2025年新收申请数是平潭2025年的几倍", reports)
    assert [r.report_id for r in found] == ["a", "b"]
    found = match_several("平潭2025年新收申请数是上海市政府办公厅的多少倍", reports)
    assert [r.report_id for r in found] == ["b", "a"]
    assert next(name for name, p in OPS if p.search("A和B新收申请分别是多少")) == "each"
