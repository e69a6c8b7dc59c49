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


@pytest.mark.parametrize("question, sides, figure", [
    ("复议那一栏 结果维持加结果纠正 跟总计对得上吗", ["复议 结果维持加结果纠正", "总计"], False),
    ("表三里，（七）总计那一行跟本年新收的数对得上吗？", ["表三里，（七）总计", "本年新收"], False),
    ("本年新收和上年结转加起来是多少，等不等于办理结果总计加结转下年度？",
     ["本年新收和上年结转", "办理结果总计加结转下年度"], True),
    ("予以公开和部分公开的和总计一致吗", ["予以公开和部分公开", "总计"], False),
])
def test_a_check_of_two_figures_is_planned_with_both_sides(question, sides, figure):
    """Class 9: an auditor's "A加B跟总计对得上吗" compares two figures, each maybe a sum."""
    from assistant.question.plan import plan

    steps = plan(question)
    assert steps.op == "check" and steps.operands == sides and ("figure" in steps.notes) == figure


@pytest.mark.parametrize("question, kind", [
    ("结果维持加结果纠正跟总计对得上吗", "check"),
    ("最后的总计列填的是多少？我看勾稽关系好像对不上。", "number"),  # a remark, not the question
    ("各类信息条数加起来是多少？和'249条'对不对得上", "number"),  # a figure given: the sum is asked
    ("年份写的是哪年 和报告年度一致吗", "yesno"),  # asks which year
])
def test_the_check_kind_is_a_question_about_two_figures(question, kind):
    from assistant.question.kinds import classify

    assert classify(question).name == kind


def test_a_check_says_whether_the_sides_agree_and_shows_both():
    from assistant.read.compose import Operand, check, joined

    def op(value, label):
        return Operand(value, label, f"{value}件", f"{label} {value}", {}, {"role": "cell", "value": value})

    left = joined([op(10, "结果维持"), op(1, "结果纠正")])
    wrong = check(left, op(0, "总计"))
    assert wrong.short.startswith("对不上") and "结果维持10件 + 结果纠正1件 = 11件" in wrong.working
    right = check(left, op(11, "总计"), figure_first=True)
    assert right.short.startswith("11件，等于总计11件") and right.value == 11


@pytest.mark.parametrize("earlier, follow_up, year", [
    ("平潭综合实验区2019年全区一共收到多少件政府信息公开申请？", "那下一年呢？", 2020),
    ("平潭财政金融局2023年主动公开了多少条政府信息？", "再往后两年呢？", 2025),
    ("平潭财政金融局2023年主动公开了多少条政府信息？", "往前两年呢？", 2021),
    ("平潭财政金融局2021年主动公开了多少条政府信息？", "三年后呢", 2024),
])
def test_a_follow_up_naming_a_year_relative_to_the_earlier_turns(earlier, follow_up, year):
    """Class 8: "下一年", "再往后两年" count from the earlier turn's year; the rest of the question is kept."""
    whole, _ = complete_follow_up(follow_up, [(earlier, "…")])
    assert f"{year}年" in whole and "往" not in whole and "下一年" not in whole


def test_relative_year_words():
    from assistant.question.years import year_offset

    asked = ("下一年呢", "再往后两年呢", "两年以前", "结转到下一年的", "上一年", "上一年结转的")
    assert [year_offset(t) for t in asked] == [1, 2, -2, None, -1, None]


@pytest.mark.parametrize("question", ["那3件申请最后是按什么情形办理的？", "收到的3件申请，办理结果都是哪一类？"])
def test_outcome_asked_as_which_kind(question):
    """Class 6: which result the requests had, asked as a category."""
    from assistant.question.kinds import classify

    assert classify(question).name == "outcome"


def test_the_other_applicant_column_and_a_given_cell_that_says_where():
    """Class 1/5: "申请人为“其他”" is the 其他 column (never 其他处理); a given cell's clause keeps its table."""
    assert parse_cell("表三本机关不掌握相关政府信息这一行里，申请人为“其他”的有几件？").column == "其他"
    assert parse_cell("其他处理的申请有几件").rows == ["其他处理-*"]
    q = "行政复议那张表里总计栏填的是0，结果维持和结果纠正加起来实际是几件？"
    assert parse_cell(q, "结果纠正").table == "四"


def test_a_given_division_beats_the_stated_share_and_a_given_change_points_back():
    """Class 9: "报告说占11.3%，用53条除以467条算" computes; "占比80.29%，较2019年下降10.33个百分点" gives 2019's."""
    from assistant.question.plan import plan

    assert plan("报告说主动公开的占11.3%，用53条除以467条算，精确到两位小数是多少？").notes == ["given"]
    back = plan("报告说主动公开及依申请公开占比80.29%，较2019年下降10.33个百分点，"
                "照这么推算2019年这个占比是百分之多少？")
    assert back.op == "points_back" and back.notes == ["+", "10.33", "2019"]


def test_a_listed_sum_keeps_what_is_listed():
    """Class 9: "正文列出的十一类主动公开信息条数加起来" finds its list by 主动公开信息."""
    from assistant.question.plan import plan

    steps = plan("正文列出的十一类主动公开信息条数加起来一共是多少条？")
    assert steps.op == "sum_listed" and "主动公开信息" in steps.operands[0]


def test_a_note_that_names_the_figure_instead_of_the_cases(doc):
    """Class 6: "是否包含上年度结转的案件" is answered by "注：…数量含上年度结转数量"."""
    from assistant.read.yesno import read_includes

    docs = [doc("四、政府信息公开行政复议、行政诉讼情况\n注：行政复议、行政诉讼数量含上年度结转数量。")]
    found = read_includes("表四里行政复议、行政诉讼的数量是否包含上年度结转的案件？", docs, set())
    assert found is not None and found.short.startswith("包括")


@pytest.mark.parametrize("question, refused", [
    ("沭阳县2025年的政府信息公开申请中，女性申请人有多少？", True),
    ("申请人里外地的占多少", True),
    ("自然人申请人有多少？", False),
])
def test_applicants_by_traits_no_table_counts(question, refused):
    """Class 4: table 三 counts applicants by type only; 女性/外地 applicants are refused, not 总计."""
    from assistant.question.cells import breakdown_not_tabled

    assert (breakdown_not_tabled(question) is not None) == refused


def test_a_list_of_kinds_answers_no_which_county():
    """Class 4: "哪个县区的申请最多" is not answered by the largest of a list of results."""
    from assistant.question.lexicon import breakdown_asked, holds_what_is_asked

    assert not holds_what_is_asked("哪个县区的申请最多？", "结果维持72件；结果纠正64件；其他结果178件")
    assert holds_what_is_asked("哪个县区的申请最多？", "清江浦区120件；淮阴区80件；洪泽区21件")
    assert breakdown_asked("哪个县区的申请最多？").startswith("县区")


def test_among_them_asks_as_the_last_turn_did():
    """Class 8: "其中行政执法相关的呢？" after "…主动公开了多少条信息？" asks 多少条 of that item."""
    whole, _ = complete_follow_up("其中行政执法相关的呢？", [("这份报告里全年主动公开了多少条信息？", "91条")])
    assert whole.endswith("行政执法相关的有多少条？")


def test_two_asks_joined_by_a_comma_are_two_questions():
    """Class 9: "复议多少件、诉讼多少件？先告诉我复议的。" asks each, the first first."""
    from assistant.question.plan import sub_questions

    parts = sub_questions("淮安市政府2024年行政复议多少件、行政诉讼多少件？先告诉我复议的。")
    assert len(parts) == 2 and parts[0].endswith("行政复议多少件？")


@pytest.mark.parametrize("question, op, operands", [
    ("主动公开198条，如果按制作获取总数510条来算，占比应该是多少？", "share", ["198条", "510条"]),
    ("主动公开的信息占11.3%，按53÷467精确算、保留两位小数是多少？", "share", ["53条", "467条"]),
    ("主动公开政府信息的主要类别各项条数加起来是多少？", "sum_listed", None),
])
def test_shares_and_listed_sums_as_people_ask_them(question, op, operands):
    from assistant.question.plan import plan

    steps = plan(question)
    assert steps.op == op and (operands is None or all(o.endswith(w) for o, w in zip(steps.operands, operands)))


def test_a_division_named_after_按_is_no_denominator_phrase():
    from assistant.question.plan import plan

    steps = plan("行政复议的纠正率是多少？按结果纠正数除以复议总数算，百分比保留一位小数。")
    assert steps.op == "share" and steps.operands[0].endswith("结果纠正数") and steps.operands[1].startswith("复议总数")


def test_the_five_reports_of_a_year_list_are_no_division():
    from assistant.question.plan import plan

    steps = plan("平潭全区那五份年报（2019/2020/2021/2023/2025）加起来，一共收到多少件信息公开申请？")
    assert steps is None or steps.op != "share"


def test_a_figure_equal_to_the_whole_restates_it_in_a_list(doc):
    """Class 9: "在主动公开的90条政府信息中，全文电子化的90条，A1条、B10条、C52条…" lists A, B, C."""
    from assistant.read.compose import lists_in

    text = ("在主动公开的90条政府信息中，全文电子化的主动公开信息数90条，机构设置类信息1条，规范性文件类信息10条，"
            "财政资金类信息52条，预决算信息5条。")
    listed = lists_in([doc(text)], "主动公开信息各类别", set())[0]
    assert [i.mention.value for i in listed] == [1, 10, 52, 5]


@pytest.mark.parametrize("question, kind", [
    ("平潭经发局2024年收到的3件申请，为啥都没能提供信息？", "outcome"),
    ("那为什么其他处理这么多？", "why"),
    ("申请信息公开要交钱吗？", "fee"),
    ("这些里面最多的那一类有多少条？", "which_most"),
    ("这个比例的分母是多少条？", "number"),
])
def test_kinds_for_reasons_fees_largest_and_denominators(question, kind):
    from assistant.question.kinds import classify

    assert classify(question).name == kind


def test_a_fee_not_charged_is_0_when_the_amount_is_asked_and_that_zero_is_supported(doc):
    """Class 2/4: "信息处理费一共收了多少元" of "本机关未收取信息公开处理费" is 0元, backed by the sentence."""
    from assistant.read.fee import read_fee
    from eval.support import supported

    docs = [doc("六、其他需要报告的事项 2025年度本机关未收取信息公开处理费。")]
    assert read_fee(docs).short == "未收取"
    found = read_fee(docs, "信息处理费一共收了多少元？")
    assert found.short.startswith("0元") and found.number == 0
    answer = {"found": True, "short_answer": found.short, "citations": [], "support": found.support}
    assert supported(answer)
    assert not supported({**answer, "support": [{"role": "none", "value": 0, "text": "共收取处理费"}]})


def test_results_of_reconsiderations_and_lawsuits_together():
    """Class 8: "复议和诉讼里，被纠正的一共几起" adds all three rows; "复议比诉讼多多少" does not."""
    cell = parse_cell("2025年行政复议和行政诉讼中，结果被纠正的一共几起")
    assert cell.rows == ["行政复议", "行政诉讼-未经复议直接起诉", "行政诉讼-复议后起诉"] and cell.column == "结果纠正"
    assert parse_cell("打官司输掉的有几起").column == "结果纠正"


def test_years_added_up_in_a_follow_up():
    whole, _ = complete_follow_up("两年加起来呢？", [("海坛片区2023年在门户网站公开了多少条政府信息？", "159条"),
                                                  ("那2025年呢？", "129条")])
    assert "2023、2025年" in whole and whole.endswith("加起来一共多少条？")


def test_a_follow_up_starting_with_里面_asks_within_the_last_turn():
    """Class 8: "里面最多的是哪种理由？" after "…不予公开的申请一共多少件？" compares that group's items."""
    whole, _ = complete_follow_up("里面最多的是哪种理由？", [("沭阳县政府2025年不予公开的申请一共多少件？", "32件")])
    assert "不予公开" in whole and whole.endswith("最多的是哪种理由") and "多少件" not in whole


def test_problems_listed_as_clauses_after_主要是():
    """Class 9: "主要是：A不足，B有待提升，C尚需完善等" lists three problems."""
    from assistant.read.part_five import items

    span = "仍存在一些不足，主要是：个别部门研判能力不足，答复文书规范性有待提升，协调处理机制尚需完善等。"
    assert items(span) == ["个别部门研判能力不足", "答复文书规范性有待提升", "协调处理机制尚需完善"]
    assert len(items("主要是：工作力量不足，需加强等。")) == 1  # two short clauses are one problem told in two


def test_whether_a_table_has_a_row():
    """Class 6: "表二里还有“政府集中采购”这一项吗" asks about the template's rows, not a figure."""
    from assistant.question.kinds import classify

    assert classify("2021年年报的表二里，还有“政府集中采购”这一项吗？").name == "has_row"
    assert classify("表二里政府集中采购有多少项？").name != "has_row"


def test_a_year_not_held_is_worked_out_from_a_held_reports_stated_change():
    """Class 4/8: with no 2019 report, "那2019年是多少？" reads the 2020 report when it states its change against
    2019; without such a statement it is refused as before."""
    import datetime as dt

    from assistant.question.plan import stated_change
    from assistant.question.understand import understand
    from ingest.models import Report

    reports = [Report(f"r{y}", f"r{y}.txt", f"{y}年报告", "青山县经济发展局", y, "2021") for y in (2020, 2022)]
    says = {"r2020": "主动公开及依申请公开政府信息占比高达80.29%，较2019年下降10.33个百分点。"}

    def mentions(report_id, words):
        return any(w in says.get(report_id, "") for w in words)

    turns = [("青山县经济发展局2020年主动公开及依申请公开的信息占比是多少？", "80.29%")]
    u = understand("那2019年是多少？", reports, None, turns, dt.date(2026, 12, 1), mentions)
    assert u.refusal is None and u.report_ids == ["r2020"] and u.derived_year == 2019
    u = understand("青山县经济发展局2018年收到几件申请？", reports, None, None, dt.date(2026, 12, 1), mentions)
    assert u.refusal is not None and u.derived_year is None
    [steps] = stated_change(says["r2020"], 2019)
    assert steps.notes == ["+", "10.33", "2019"] and steps.operands[0].endswith("80.29%")


@pytest.mark.parametrize("question, read", [
    ("报道称洪泽区2023年在政府网站上主动公开了一千多条政府信息，准确数字是多少条？",
     "洪泽区2023年在政府网站上主动公开了政府信息，是多少条？"),
    ("有报道称某局主动公开的信息占总数的近八成，年报里写的具体百分比是多少？",
     "某局主动公开的信息占总数的，年报里写的百分比是多少？"),
    ("报道说某局收到200多件申请，属实吗？", "报道说某局收到200多件申请，属实吗？"),  # a claim to check stays
])
def test_hearsay_and_its_rough_figure_are_dropped_when_the_exact_figure_is_asked(question, read):
    """Class 1: a rough figure ("一千多条", "近八成") and who said it name nothing the report states."""
    from assistant.question.hearsay import without_hearsay

    assert without_hearsay(question) == read


def test_an_item_followed_by_等_names_its_group():
    """Class 1: "因“本机关不掌握”等原因无法提供的申请" is the whole 无法提供 group."""
    assert parse_cell("因“本机关不掌握”等原因无法提供的申请有多少件").rows == ["无法提供-*"]
    assert parse_cell("本机关不掌握相关政府信息的申请有多少件").rows != ["无法提供-*"]


def test_a_share_of_two_figures_the_question_gives():
    from assistant.question.plan import plan

    steps = plan("主动公开53条、信息总数467条，精确到两位小数，主动公开占比应是百分之多少？")
    assert (steps.op, steps.operands, steps.precision, steps.notes) == ("share", ["53条", "467条"], 2, ["given"])


def test_short_and_spoken_names():
    """Class 5: "海坛那边" is 海坛片区管理局; "罚了几起" is 行政处罚; "全部给公开的" is 予以公开, not a slip of
    部分公开."""
    from assistant.question.fuzzy import correct
    from assistant.question.names import rule_abbreviations

    assert "海坛" in rule_abbreviations("海坛片区管理局")
    assert correct("收的申请 全部给公开的有几个", frozenset({"部分公开", "予以公开"}))[1] == []
    assert parse_cell("收的申请 全部给公开的有几个").rows == ["予以公开"]
    assert parse_cell("24年 罚了几起").rows == ["行政处罚"]


@pytest.mark.parametrize("question, kind", [("号码再报一遍，我记一下", "phone"), ("给公开了没", "outcome"),
                                            ("文号是多少", "doc_no")])
def test_kinds_of_short_follow_ups(question, kind):
    from assistant.question.kinds import classify

    assert classify(question).name == kind


def test_a_contact_with_no_year_is_the_latest_reports():
    """Class 4/8: "平潭财政金融局电话是多少" with four years held asks no year back: contacts are the latest."""
    from assistant.chain import _latest_for_contacts
    from assistant.question.understand import Understanding
    from ingest.models import Report

    reports = {f"r{y}": Report(f"r{y}", f"r{y}.txt", "", "某局", y, "2021") for y in (2019, 2023, 2025)}
    u = Understanding("某局电话是多少？", "某局电话是多少？", "某局电话是多少？", [], ambiguous=list(reports.values()))
    _latest_for_contacts(u)
    assert u.report_ids == ["r2025"] and not u.ambiguous
    counted = Understanding("某局收到几件申请？", "某局收到几件申请？", "某局收到几件申请？", [],
                            ambiguous=list(reports.values()))
    _latest_for_contacts(counted)
    assert counted.ambiguous  # a figure still asks which year


@pytest.mark.parametrize("question, short", [
    ("青山县2021、2023、2025年本年新收申请的平均值是多少？保留一位小数。", "101.7件"),
    ("青山县2021、2023、2025这三年收到申请，平均每年多少件？", "101.67件"),
    ("青山县2021、2023、2025年里，本年新收申请超过80件的有几年？", "2年"),
    ("青山县2021、2023、2025年里，有几年收到过申请？", "3年"),
])
def test_means_and_counts_of_years_over_one_bodys_reports(question, short):
    """Class 9: "平均每年多少件", "超过50件的有几年", "有几年收到过" over one body's years, from its facts."""
    import datetime as dt

    from assistant.province import answer_province, plan_province
    from assistant.question.understand import understand
    from assistant.replies import Context, Request
    from ingest.facts.template import T3_NEW
    from ingest.models import Fact, Report

    values = {2021: 70, 2023: 81, 2025: 154}
    reports = {f"r{y}": Report(f"r{y}", f"r{y}.txt", "", "青山县人民政府", y, "2021") for y in values}
    facts = {f"r{y}": [Fact(f"r{y}", "三", T3_NEW, "总计", v, f"一、本年新收 {v}")] for y, v in values.items()}
    u = understand(question, list(reports.values()), None, None, dt.date(2026, 12, 1))
    ctx = Context(Request(question), u, reports, facts)
    plan = plan_province(u, ctx)
    assert plan is not None and answer_province(ctx, plan).short_answer == short


def test_a_span_of_years_is_no_count_of_years():
    from assistant.province import _COUNT_YEARS

    assert not _COUNT_YEARS.search("这几年一共收到多少件") and _COUNT_YEARS.search("超过50件的有几年")


def test_listed_sums_asked_with_a_comma_or_as_a_follow_up():
    """Class 9: "括号里列的那11类，加起来" and "后面按类别列的那几项，加起来是多少条？" (那几项 points, not asks)."""
    from assistant.question.plan import plan, sub_questions

    assert plan("括号里列的那11类，加起来实际是多少条？").op == "sum_listed"
    assert sub_questions("后面按类别列的那几项，加起来是多少条？") == ["后面按类别列的那几项，加起来是多少条？"]
    whole, _ = complete_follow_up("后面按类别列的那几项，加起来是多少条？", [("我们2019年主动公开了多少条？", "90条")])
    assert whole == "后面按类别列的那几项，加起来是多少条？"


def test_the_clause_that_asks_names_the_reconsideration_row():
    """Class 1: "…复议、诉讼案件一共74件，这里面行政复议占几件" asks 复议, not the 74 told before."""
    cell = parse_cell("沭阳县2025年行政复议、行政诉讼案件一共74件，这里面行政复议占几件？")
    assert cell.rows == ["行政复议"] and cell.column == "总计"


@pytest.mark.parametrize("question, kind", [
    ("信息处理费是按什么标准收的？", "text"), ("信息处理费收了多少？", "fee"),
    ("被拒了该向哪个机关申请行政复议？", "who"),
])
def test_how_a_fee_is_charged_and_which_organ_are_no_figures(question, kind):
    from assistant.question.kinds import classify

    assert classify(question).name == kind


def test_short_years_in_a_follow_up_compare_as_full_years():
    """Class 5/8: "那24年比22年多了几条？" compares 2024 with 2022."""
    whole, _ = complete_follow_up("那24年比22年多了几条？", [("某局2020年主动公开政府信息多少条？", "117条"),
                                                       ("2022年呢？", "121条")])
    assert whole.startswith("2024年比2022年多了几条")


def test_the_fees_short_name():
    from assistant.question.script import english_read

    assert english_read("沭阳 25年 信息费 收了没")[0] == "沭阳 25年 信息处理费 收了没"


def test_proofreading_against_the_template(doc):
    """Class 6: the body's own staff check slips of the template's words, numbering and missing parts."""
    from assistant.read.proofread import missing_parts, numbering, read_proofread, slips

    assert slips("其中主动公开政府信息53条，不子公开信息数168条。") == [("不子公开", "不予公开")]
    assert slips("本年制发件数本年废止件数先行有效件数") == [("先行有效件数", "现行有效件数")]
    # words that only look like a slip: 反复申请, 不再处理, a stretch across words (坚持以公开), a correct longer label
    assert slips("无正当理由大量反复申请，行政机关不再处理；坚持以公开为常态；本年新制作数量") == []
    assert slips("平潭综合实验区财政全融局", ("平潭综合实验区财政金融局",)) == [("平潭综合实验区财政全融局",
                                                                     "平潭综合实验区财政金融局")]
    assert numbering("一是甲；三是乙；三是丙。下一步，一是丁；二是戊。") == ["缺少“二是”", "重复了“三是”"]
    assert numbering("三三、本年度办理结果") == ["编号写成了“三三、”（重复了“三”）"]
    text = ("一、总体情况…二、主动公开政府信息情况…三、收到和处理政府信息公开申请情况…"
            "四、政府信息公开行政复议、行政诉讼情况…五、存在的主要问题及改进情况…")
    assert missing_parts(text) == ["六、其他需要报告的事项"]
    docs = [doc("二、主动公开政府信息情况 其中主动公开政府信息53条，不子公开信息数168条。", section="二、主动公开")]
    assert read_proofread("“不予公开信息数168条”那句有没有错别字？", docs).short == "有：“不予公开”写成了“不子公开”"


def test_the_dates_at_a_reports_end_compared():
    from assistant.question.kinds import classify
    from assistant.read.proofread import end_dates

    text = ("六、其他需要报告的事项 无 平潭综合实验区经济发展局 2021年1月26日 "
            "平潭综合实验区经济发展局办公室 2020年1月26日印发")
    assert end_dates(text) == [("落款日期", "2021年1月26日"), ("印发日期", "2020年1月26日")]
    assert classify("文末的落款日期和“印发”日期对得上吗？").name == "proofread"


def test_whether_part_twos_table_names_a_row():
    from assistant.single import table_two_names

    part = ("二、主动公开政府信息情况 本年完善了规章制度。第二十条第（一）项信息内容本年制发件数本年废止件数"
            "先行有效件数规范性文件000第二十条第（五）项信息内容本年处理决定数量行政许可0")
    assert not table_two_names(part, "规章")  # the prose's 规章制度 is before the table
    assert table_two_names(part, "行政规范性文件") and table_two_names(part, "行政许可")
    assert not table_two_names(part, "政府集中采购")


def test_the_figure_the_last_turn_asked_as_a_referent_and_prose_operands():
    """Class 8/1: "比正文写的这个数多出多少件" takes the last turn's measure; "正文里写的…" is read from the prose."""
    from assistant.question.followup import referents
    from assistant.single import _IN_PROSE, _IN_PROSE_WORDS

    history = [("我们年报正文里写的受理申请是多少件？", "17件")]
    assert referents("正文写的这个数", history) == ["我们年报正文里写的受理申请"]
    assert referents("这个数", history) and referents("那项工作", history) is None
    assert _IN_PROSE.search("我们年报正文里写的受理申请")
    assert _IN_PROSE_WORDS.sub("", "我们年报正文里写的受理申请") == "受理申请"


def test_table_threes_stated_relation_solved_for_a_row():
    """Class 3/9: "按勾稽关系…这一行的总计应该填多少" is 新收 + 上年结转 − 结转下年度."""
    from assistant.question.plan import plan

    assert plan("表三（七）总计那一行全是0。按勾稽关系（新收＋上年结转＝办理结果＋结转下年），这一行的总计应该填多少？"
                ).operands == ["总计"]
    assert plan("按勾稽关系，结转下年度继续办理应该是多少？").operands == ["结转下年度"]
    assert plan("勾稽关系是什么？") is None


@pytest.mark.parametrize("question, read", [
    ("我奶奶问，平潭那个实验区2023年有几回有人去法院告政府？", "平潭那个实验区2023年有几回有人去法院告政府？"),
    ("她又问，那一年直接去法院告政府的有几件？", "那一年直接去法院告政府的有几件？"),
    ("我奶奶在沭阳县政府申请过信息，人家回复说没找着，她想知道2025年这样回复的有多少件？",
     "在沭阳县政府申请过信息，人家回复说没找着，2025年这样回复的有多少件？"),
    ("他们收到多少申请", "他们收到多少申请"), ("她说的对吗", "她说的对吗"),
])
def test_a_question_relayed_for_someone_else(question, read):
    """Class 5: who the question is asked for is no part of it."""
    from assistant.question.hearsay import without_relay

    assert without_relay(question) == read


def test_everyday_words_for_template_terms():
    """Class 5: 去法院告政府 is 行政诉讼, 没先走复议 the direct suit, 没找着 本机关不掌握, 另外做 另行制作."""
    assert parse_cell("2023年有几回有人去法院告政府？").rows == ["行政诉讼-未经复议直接起诉", "行政诉讼-复议后起诉"]
    assert parse_cell("直接去法院告政府、没先走复议的有几件？").rows == ["行政诉讼-未经复议直接起诉"]
    assert parse_cell("人家回复说没找着的申请有多少件？").rows == ["无法提供-本机关不掌握相关政府信息"]
    assert parse_cell("因为没有现成的、要另外做而给不了的申请有几件？").rows == ["无法提供-没有现成信息需要另行制作"]


def test_a_bureau_called_by_the_commission_it_was():
    from assistant.question.names import parse_body

    assert "发改委" in parse_body("沭阳县发展和改革局").department
    assert "科委" in parse_body("中卫市科学技术局").department


def test_a_claim_that_nothing_happened_is_borne_out_by_a_no():
    from assistant.read.claim import Claim, verdict

    none = Claim("中卫科委2024年一个信息公开申请都没收到吗？", None, "")
    assert verdict(none, "没有（0件）", None).startswith("对")
    some = Claim("沭阳县2025年有行政复议吗？", None, "")
    assert verdict(some, "有（61件）", None).startswith("对") and verdict(some, "没有（0件）", None).startswith("不对")


@pytest.mark.parametrize("question, kind", [
    ("平潭2020年12345热线入驻了哪个小程序？", "text"),
    ("淮安市政府2024年收的信息处理费里，哪个部门收得最多？", "which_most"),
])
def test_a_hotlines_platform_and_the_fees_largest_payer_are_not_contacts_or_amounts(question, kind):
    from assistant.question.kinds import classify

    assert classify(question).name == kind


def test_the_slip_corrector_leaves_the_governments_name_alone():
    """"公开的254条政府信息" must not become "254告政府": 告政府 is a pattern, not a word to correct towards."""
    from assistant.question.fuzzy import correct
    from assistant.question.understand import _template_words

    assert correct("公开的254条政府信息中", _template_words())[1] == []


def test_columns_named_in_brackets_and_abbreviated_lists():
    """Class 9: "法人或其他组织（商业企业、…、其他）合计" is that column's cell, not a sum of phrases; "各类信息
    （机构职能类、政策类……其他类）加起来" is the report's list, abbreviated."""
    from assistant.question.plan import plan

    assert plan("法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）合计多少件？") is None
    assert plan("列出的各类信息（机构职能类、政策类……其他类）条数加起来是多少？").op == "sum_listed"


@pytest.mark.parametrize("question, kind, row", [
    ("收到26个申请，是不是全都给公开了？", "yesno", "予以公开"),
    ("信息公开申请是不是一件都没给公开？", "outcome", None),
])
def test_all_or_none_disclosed(question, kind, row):
    from assistant.question.kinds import classify

    assert classify(question).name == kind
    assert row is None or parse_cell(question).rows == [row]


def test_either_kind_of_case_in_a_yes_no():
    """Class 8: "有没有被复议纠错或者打官司输掉的" asks both rows' 结果纠正."""
    cell = parse_cell("2025年有没有因为依申请公开被复议纠错或者打官司输掉的？")
    assert cell.rows == ["行政复议", "行政诉讼-未经复议直接起诉", "行政诉讼-复议后起诉"] and cell.column == "结果纠正"


def test_a_share_over_the_whole_less_a_part():
    """Class 9: "把尚未审结的去掉，已经审结的复议里被纠正的占多少" divides by the whole less 尚未审结."""
    from assistant.question.plan import plan

    steps = plan("把尚未审结的去掉，已经审结的复议里被纠正的占多少？百分比保留一位小数。")
    assert steps.op == "share" and "less:尚未审结" in steps.notes and steps.precision == 1


def test_round_25_mechanisms():
    """Class 1/4/8/9: what the prose says before "其中" is context; 要回答多少申请 is 办理结果总计;
    "被纠正的占几成？按百分比算" after a 复议 turn; a year worked back when the other year is named."""
    import datetime as dt

    from assistant.question.plan import plan
    from assistant.question.understand import understand
    from assistant.single import _ASKS_PROSE, _STATED_THEN_ASKED
    from ingest.models import Report

    q = "正文说全县共办理相关案件74件，其中行政诉讼是几件？"
    assert _ASKS_PROSE.search(q) and _STATED_THEN_ASKED.search(q)
    assert parse_cell("2023年一整年，政府要回答多少份老百姓的信息公开申请？").rows == ["总计"]
    whole, _ = complete_follow_up("被纠正的占几成？按百分比算，保留一位小数。", [("这一年行政复议有多少起？", "36起")])
    steps = plan(whole)
    assert steps.op == "share" and steps.operands[1] == "" and steps.precision == 1
    reports = [Report(f"r{y}", f"r{y}.txt", "", "青山县经济发展局", y, "2021") for y in (2020, 2022)]
    says = {"r2020": "占比高达80.29%，较2019年下降10.33个百分点"}
    u = understand("按青山县经济发展局2020年报的说法，倒推一下2019年的占比是多少？", reports, None, None,
                   dt.date(2026, 12, 1), lambda rid, words: any(w in says.get(rid, "") for w in words))
    assert u.derived_year == 2019 and u.report_ids == ["r2020"]


def test_where_a_quoted_sentence_comes_from():
    """Class 6: "“…”这句话出自哪份年报" is found in the text, punctuation and spaces aside."""
    from assistant.read.source import holds, quoted_source

    quote = "2024年制作、获取政府信息总数467条"
    assert quoted_source(f"“{quote}”——这句话出自哪份年报？") == quote
    assert quoted_source("“通过市人民政府网站发布共31条”是什么意思？") is None
    assert holds("二、主动公开政府信息情况(一)2024年制作，获取政府信息 总数467条，其中", quote)


def test_a_whole_is_named_by_its_own_words_not_its_clauses():
    """Class 1: "全部办结件数" is not the 189 in "办结1191件（含上年结转189件）"."""
    from assistant.read.compose import Operand, names_total

    bracketed = Operand(189, "含上年结转", "189件", "办结1191件（含上年结转189件）", {}, {"role": "mention"})
    stated = Operand(1191, "办结", "1191件", "办结1191件（含上年结转189件）", {}, {"role": "mention"})
    assert not names_total("全部办结件数", bracketed, set()) and names_total("全部办结件数", stated, set())


def test_round_26_mechanisms():
    """Class 9/6/1: the stated relation checked as a yes/no; every result added against （七）总计 (加起来 is no
    join); a part asked by its heading; a given change worked back even with both years named; 群里说 is hearsay."""
    import re

    from assistant.question.hearsay import without_hearsay
    from assistant.question.kinds import classify
    from assistant.question.lexicon import JOIN_WORDS
    from assistant.question.plan import plan

    steps = plan("表三满足“第一项加第二项之和等于第三项加第四项之和”吗？")
    assert steps.op == "check" and steps.operands == ["本年新收加上年结转", "办理结果总计加结转下年度继续办理"]
    steps = plan("表三：各项办理结果加起来，和“（七）总计”对得上吗？")
    assert steps.op == "check" and steps.operands[0].endswith("各项办理结果加起来")
    assert not re.search(JOIN_WORDS, "加起来") and re.search(JOIN_WORDS, "A加B")
    assert classify("这份年报里有没有单独的“六、其他需要报告的事项”这一部分？").name == "proofread"
    assert plan("2020年报说占比80.29%，较2019年下降10.33个百分点。照此推算，2019年这一占比是多少？").op == "points_back"
    assert without_hearsay("群里说淮安市政务新媒体有一百多个，2024年报里写的是多少个？") == \
        "淮安市政务新媒体有，2024年报里写的是多少个？"


def test_a_remark_about_the_relation_is_no_question_about_it():
    from assistant.question.plan import plan

    steps = plan("表三（七）总计那一行，最后的总计列填的是多少？我看本列数据的勾稽关系好像对不上。")
    assert steps is None or steps.op != "check"
    assert plan("这份表三的勾稽关系成立吗？").op == "check"
