"""Understanding on report records alone: kinds, plans, names, misspellings, refusals, follow-ups, the
picked report (classes 4, 5, 7 and 8 of issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.question.fuzzy import correct
from assistant.question.kinds import classify, kind_of
from assistant.question.names import parse_body, rule_abbreviations
from assistant.question.plan import plan, precision, real_question
from assistant.question.understand import understand
from ingest.models import Report

TODAY = dt.date(2026, 12, 1)
BODIES = [("平潭综合实验区", 2019), ("平潭综合实验区", 2023), ("平潭综合实验区财政金融局", 2019),
          ("平潭综合实验区财政金融局", 2023), ("平潭综合实验区经济发展局", 2022),
          ("平潭综合实验区海坛片区管理局", 2023),
          ("沭阳县发展和改革局", 2023), ("中卫市科学技术局", 2024)]
REPORTS = [Report(f"r{i}", f"r{i}.txt", f"{b}{y}年报告", b, y, "2021") for i, (b, y) in enumerate(BODIES)]


def _ids(u) -> list[str]:
    return sorted(u.report_ids)


@pytest.mark.parametrize("question, kind", [
    ("联系电话是多少", "phone"), ("传真号码", "fax"), ("电子邮箱是什么", "email"),
    ("咨询热线全年一共接听了多少个电话？", "number"),  # calls counted, not a phone number
    ("通过电子邮件提交的申请有多少件？", "number"),
    ("报告是哪天发布的", "date"), ("这份报告落款是哪天？", "signed"), ("统计期限是什么", "period"),
    ("有没有收取信息处理费", "fee"), ("报告一共分几个部分", "parts"), ("改进措施一共写了几条", "count_items"),
    ("存在的问题有几个方面", "count_items"), ("有几个微信公众号", "count_items"),
    ("那起行政复议结果如何", "outcome"), ("哪一类信息最多", "which_most"), ("予以公开的占比是多少", "percent"),
    ("公开的是哪一年的决算", "year_of"), ("引用的通知文号是多少", "doc_no"), ("有哪些改进措施", "measures"),
    ("存在哪些问题", "problems"), ("主动公开了多少条", "number"), ("规划计划类信息有多少条", "number"),
    ("信息处理费是哪个部门收的", "who"), ("是否被起诉过", "yesno"), ("群众通过哪些渠道申请", "text"),
    ("占比比2019年降了多少个百分点", "number"),
    ("办公地址在哪里", "address"), ("政务公开栏是设在哪里的", "text"),
    ("在哪几个公众号里增设了栏目", "text"), ("还在哪里开设了政务公开栏", "text"), ("在哪里可以查看年报", "text"),
])
def test_kinds(question, kind):
    assert classify(question).name == kind


def test_a_follow_ups_own_words_decide_its_kind():
    assert kind_of("传真号码呢，联系电话是多少？", "传真号码").name == "fax"


@pytest.mark.parametrize("question, op, operands", [
    ("予以公开的申请占办理结果总数的百分之几？保留一位小数", "share", ["予以公开的申请", "办理结果总数"]),
    ("主动公开的占比是多少", "share", ["主动公开", ""]),
    ("减税降费信息在全部主动公开信息里占多大比重", "share", ["减税降费信息", "全部主动公开信息"]),
    ("收到的申请，予以公开的比例是百分之多少", "share", ["予以公开", "收到的申请"]),
    ("行政复议的纠错率（结果纠正占复议总数）是多少", "share", ["结果纠正", "复议总数"]),
    ("新闻发布会和新闻通气会一共几场", "sum", ["新闻发布会", "新闻通气会"]),
    ("列出的类别（减税降费、政策解读、其他文件）加起来是多少条", "sum", ["减税降费", "政策解读", "其他文件"]),
    ("予以公开的比部分公开的多多少件", "diff", ["予以公开", "部分公开"]),
    ("“四、结转下年度继续办理”的总计数比“二、上年结转政府信息公开申请数量”多出多少件", "diff",
     ["“四、结转下年度继续办理”的总计数", "“二、上年结转政府信息公开申请数量”"]),
    ("除了专题专栏以外，其他类别信息加起来多少条", "sum_except", ["专题专栏"]),
    ("如果直接用198除以510，占比是多少", "share", ["198条", "510条"]),
    ("以表三（七）总计为分母，“本机关不掌握相关政府信息”的件数占比是多少？保留一位小数", "share",
     ["“本机关不掌握相关政府信息”的件数", "表三总计"]),
])
def test_plans(question, op, operands):
    p = plan(question)
    assert p is not None and (p.op, p.operands) == (op, operands)


@pytest.mark.parametrize("question", [
    "2023年共收到多少件申请？", "行政诉讼一共多少件（未经复议直接起诉和复议后起诉合计）？",
    "采购项目信息一共几类", "2025年比2023年增长了百分之多少",
])
def test_questions_with_no_plan(question):
    assert plan(question) is None


def test_precision_and_the_real_question_of_a_long_one():
    assert precision("保留两位小数") == 2 and precision("精确到小数点后一位") == 1 and precision("占比") is None
    long = "我在做一个调研。他们建立了倒计时报警器，化解了不少纠纷。我想确认一下：这一年办前主动沟通开展了多少次？"
    assert real_question(long) == "这一年办前主动沟通开展了多少次？"


@pytest.mark.parametrize("department, shorts", [
    ("经济发展局", ["经发局", "经济局"]), ("财政金融局", ["财金局", "财政局"]),
    ("海坛片区管理局", ["海坛管理局", "海坛片区"]),
])
def test_abbreviations_by_rule(department, shorts):
    assert set(shorts) <= set(rule_abbreviations(department))


def test_fixed_abbreviations_and_departments_that_are_not_places():
    assert "科技局" in parse_body("中卫市科学技术局").department
    assert parse_body("青山县住房和城乡建设局").places == [["青山县", "青山"]]
    assert parse_body("平潭综合实验区").is_government and not parse_body("平潭综合实验区财政金融局").is_government


@pytest.mark.parametrize("question, fixed, pairs", [
    ("平谭财正局2019年", "平潭财政局2019年", [("平谭", "平潭"), ("财正局", "财政局")]),
    ("沐阳县发该局", "沭阳县发改局", [("沐阳县", "沭阳县"), ("发该局", "发改局")]),
    ("公开率是多少", "公开率是多少", []),  # 率是 sounds like 律师: not a name the index holds
    ("平潭财政厅", "平潭财政厅", []),  # the suffix is never changed
])
def test_misspellings_read_as_the_index_words(question, fixed, pairs):
    words = frozenset(["平潭综合实验区", "平潭", "财政金融局", "财金局", "财政局", "沭阳县", "沭阳", "发改局"])
    assert correct(question, words) == (fixed, pairs)


@pytest.mark.parametrize("question, fixed", [
    ("那个行政附议有几起啊", "那个行政复议有几起啊"),  # voice input: same sounds, other characters
    ("全区收到的信息公开身请是多少件", "全区收到的信息公开申请是多少件"),
    ("收信息处理废一共收了多少钱", "收信息处理费一共收了多少钱"),
    ("施工开始了吗", "施工开始了吗"),  # 工开 sounds like 公开 but is part of two words as written
    ("这是附议吗", "这是附议吗"),  # 附议 is a word: never changed
    ("有没有结转到下一年继续办的？几件", "有没有结转到下一年继续办的？几件"),  # was read as 没审结
])
def test_template_terms_misheard_read_as_the_template(question, fixed):
    """Class 5: the template's own terms are corrected like the index's names."""
    from assistant.question.understand import _template_words

    assert correct(question, _template_words())[0] == fixed


def test_a_place_alone_names_the_places_government():
    u = understand("平潭综合实验区2019年收到多少件申请？", REPORTS, today=TODAY)
    assert _ids(u) == ["r0"] and u.bodies == ["平潭综合实验区"]
    u = understand("平潭财政金融局2019年收到多少件申请？", REPORTS, today=TODAY)
    assert _ids(u) == ["r2"]


def test_short_and_misspelt_names():
    assert _ids(understand("平谭财金局2023年主动公开多少条？", REPORTS, today=TODAY)) == ["r3"]
    assert _ids(understand("经发局2022年主动公开多少条？", REPORTS, today=TODAY)) == ["r4"]
    assert _ids(understand("海坛管理局2023年公开了多少条？", REPORTS, today=TODAY)) == ["r5"]
    u = understand("平谭2023年收到多少件申请？", REPORTS, today=TODAY)
    assert u.corrected == [("平谭", "平潭")] and u.to_dict()["corrected"] == [["平谭", "平潭"]]


def test_an_unknown_department_is_refused_with_the_nearest_bodies():
    u = understand("平潭综合实验区教育局2023年收到几件申请？", REPORTS, today=TODAY)
    assert u.refusal and "教育局" in u.refusal and "平潭综合实验区" in u.refusal
    u = understand("平潭市场监管局2023年主动公开多少条？", REPORTS, today=TODAY)
    assert u.refusal and "市场监管局" in u.refusal


def test_the_askers_own_office_is_not_a_body_named():
    u = understand("我们办公室正在准备材料。平潭综合实验区2019年收到多少件申请？", REPORTS, today=TODAY)
    assert u.refusal is None and _ids(u) == ["r0"]
    u = understand("咱们单位的办公室想了解：平潭综合实验区教育局2023年收到几件申请？", REPORTS, today=TODAY)
    assert u.refusal and "教育局" in u.refusal


def test_a_missing_year_is_refused_with_the_years_held():
    u = understand("平潭综合实验区财政金融局2022年收到几件申请？", REPORTS, today=TODAY)
    assert u.refusal and "2022" in u.refusal and "已有2019、2023年的" in u.refusal


def test_the_question_beats_the_picked_report():
    zhongwei = REPORTS[7]
    u = understand("平潭综合实验区2023年收到多少件申请？", REPORTS, scope=zhongwei, today=TODAY)
    assert _ids(u) == ["r1"] and "您选择的是中卫市科学技术局2024年的报告" in u.retargeted
    u = understand("去年收到多少件申请？", REPORTS, scope=zhongwei, today=TODAY)
    assert _ids(u) == ["r7"] and not u.retargeted
    # a picked report that speaks of the department the question names keeps answering
    u = understand("区财政金融局发布了多少条？", REPORTS, scope=REPORTS[0], today=TODAY,
                   mentions=lambda rid, words: rid == "r0" and "财政金融局" in words)
    assert _ids(u) == ["r0"]


def test_follow_ups_say_what_they_carried():
    u = understand("2023年呢？", REPORTS, history=[("平潭财政金融局2019年收到几件申请？", "0件")], today=TODAY)
    assert _ids(u) == ["r3"] and u.carried
    u = understand("那主动公开了多少条？", REPORTS, history=[("经发局2022年收到几件申请？", "3件")], today=TODAY)
    assert _ids(u) == ["r4"] and any("单位" in c or "上一问" in c for c in u.carried)


@pytest.mark.parametrize("question, parts", [
    ("有没有人因为信息公开的事把他们告上法院？有的话几起？", 1),  # one thing: how many, if any
    ("办信息公开申请有收过钱吗？收了多少？", 1),
    ("网络提交的有多少件？邮寄的又有多少件？", 2),
    ("收到几件申请？都是企业申请的吗？", 2),
])
def test_a_part_that_only_goes_on_from_a_yes_no_joins_it(question, parts):
    from assistant.question.plan import sub_questions

    assert len(sub_questions(question)) == parts


def test_two_words_written_as_meant_are_no_slip():
    fixed, changes = correct("其中结果维持的有多少？", frozenset({"其他结果", "结果维持"}))
    assert changes == [] and fixed == "其中结果维持的有多少？"


@pytest.mark.parametrize("question, kind", [
    ("针对队伍人员不足、流动快的问题，说要建立什么机制带新人？", "measures"),  # what will be done about a problem
    ("依申请公开方面建立了什么工作机制？", "text"),  # what was done: not a plan
])
def test_a_plan_for_a_problem_is_asked_as_a_measure(question, kind):
    assert classify(question).name == kind


def test_another_years_share_from_a_change_in_points():
    steps = plan("报告说主动公开加依申请公开的占比比2019年下降了10.33个百分点，那2019年这个占比是多少？")
    assert (steps.op, steps.operands) == ("points_back", ["主动公开加依申请公开的占比"])
    assert steps.notes == ["+", "10.33", "2019"]  # it went down since: the earlier share was higher
    assert plan("办结率比2023年提高了2个百分点，2023年办结率是多少？").notes[0] == "-"
    assert plan("用198除以510是多少？").op == "share"


def test_the_report_is_the_body_named_before_what_it_says():
    u = understand("平潭实验区2019年的全区年报里提到，区财政金融局当年发布了一批财政资金信息，专项资金有多少条？",
                   REPORTS, None, [], TODAY)
    assert [REPORTS[int(r[1:])].body for r in u.report_ids] == ["平潭综合实验区"]
    u = understand("沭阳县发展和改革局的年报里提到中卫市科学技术局的做法，2023年一共受理了多少件申请？",
                   REPORTS, None, [], TODAY)
    assert [REPORTS[int(r[1:])].body for r in u.report_ids] == ["沭阳县发展和改革局"]
    u = understand("平潭财政金融局2019年发布了多少条财政资金信息？", REPORTS, None, [], TODAY)
    assert [REPORTS[int(r[1:])].body for r in u.report_ids] == ["平潭综合实验区财政金融局"]


def test_the_next_year_of_a_follow_up_is_counted_from_the_earlier_turn():
    earlier = [("平潭综合实验区2019年的栏目搞了几期？", "19期")]
    u = understand("第二年这个栏目收到了多少件群众诉求？", REPORTS, None, earlier, TODAY)
    assert u.years == [2020]


def test_a_plus_joins_what_a_share_adds_up():
    steps = plan("“主动公开+依申请公开”占制发总数的比例是多少？")
    assert steps.op == "share" and steps.operands[1] == "制发总数"


def test_higher_and_lower_are_comparisons():
    from assistant.across import OPS

    diff = dict(OPS)["diff"]
    assert diff.search("2024年的比例比2022年高了几个百分点？") and diff.search("比2022年低了多少？")


def test_a_comparison_with_a_year_not_held_is_refused_naming_the_years_held():
    u = understand("平潭综合实验区2023年收到的申请比2022年增加了多少件？", REPORTS, None, [], TODAY)
    assert u.refusal and "2022" in u.refusal and "2019、2023" in u.refusal
    u = understand("平潭综合实验区2023年收到的申请比2019年增加了多少件？", REPORTS, None, [], TODAY)
    assert not u.refusal


def test_a_misspelt_body_in_an_earlier_turn_is_carried():
    u = understand("联系电话是多少？", REPORTS, None, [("沐阳县发展和改革局2023年收到几件申请", "26件")], TODAY)
    assert [REPORTS[int(r[1:])].body for r in u.report_ids] == ["沭阳县发展和改革局"]


@pytest.mark.parametrize("question, kind", [
    ("主动公开的占比较上年下降了多少个百分点？", "number"),  # the change the report states, in points
    ("主动公开的占比是多少？", "percent"),
])
def test_a_change_in_points_is_a_figure_not_a_share(question, kind):
    assert classify(question).name == kind


def test_how_many_times_compares_two_reports():
    from assistant.across import OPS

    assert next(name for name, pat in OPS if pat.search("2021年收到的申请数是2020年的多少倍？")) == "ratio"


@pytest.mark.parametrize("question, operands", [
    ("复议纠错率（结果纠正件数除以复议总数）是多少？保留一位小数", ["结果纠正件数", "复议总数"]),
    ("用予以公开的件数除以办理结果总计，得到的百分比是多少", ["予以公开的件数", "办理结果总计"]),
    ("用户申请的占比", ["用户申请", ""]),  # 用 of 用户 is no "use … to divide"
])
def test_a_division_in_words_is_a_share(question, operands):
    """Class 9: "A除以B" says the share's two operands as plainly as "A占B"."""
    steps = plan(question)
    assert steps is not None and steps.op == "share" and steps.operands == operands


@pytest.mark.parametrize("question, kind", [
    ("那件复议目前是什么结果？", "outcome"),  # the result asked before the noun as well as after it
    ("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理的申请有几件？", "number"),  # table 三's row, not the fee
    ("收了多少信息处理费", "fee"),
])
def test_kinds_by_what_is_asked(question, kind):
    assert classify(question).name == kind


def test_who_takes_a_cell_only_for_an_applicant_type():
    from assistant.question.kinds import names_applicant_type

    assert names_applicant_type("谁提的？个人还是企业")
    assert not names_applicant_type("该复议案件的申请人是谁，复议机关又是哪个？")


def test_the_sentence_that_says_what_to_add_names_the_items():
    """Class 9: "行政诉讼一共多少件？把A和B加在一起算" adds A and B, not 行政诉讼 and B."""
    steps = plan("行政诉讼一共多少件？把未经复议直接起诉和复议后起诉加在一起算")
    assert steps is not None and steps.operands == ["未经复议直接起诉", "复议后起诉"]


@pytest.mark.parametrize("question, simplified", [
    ("沭陽縣2025年透過縣政府入口網站主動公開了多少條政府資訊？",
     "沭阳县2025年通过县政府门户网站主动公开了多少条政府信息？"),
    ("對規範性文件進行專項清理", "对规范性文件进行专项清理"),  # OpenCC's phrase tables would write 文档
    ("中卫市科技局收到几件申请", "中卫市科技局收到几件申请"),  # simplified already: left as typed
    ("收到的资讯类申请", "收到的资讯类申请"),  # mainland wording is never rewritten
])
def test_traditional_characters_read_as_the_reports_write(question, simplified):
    """Class 5: questions from Hong Kong and Taiwan, in their characters and wording."""
    from assistant.question.script import to_simplified

    assert to_simplified(question) == simplified


def test_to_whom_a_thing_was_published_is_not_what_is_counted():
    from assistant.read.common import key_terms

    weights = key_terms("俺就想问问，这个科技局一共给老百姓公开了多少条信息啊？", "", set())
    assert "老百姓" not in weights and "俺" not in weights


def test_a_follow_up_compared_with_a_named_year_keeps_the_earlier_turns_year():
    from assistant.question.understand import _AGAINST_NAMED_YEAR

    assert _AGAINST_NAMED_YEAR.match("比2023年多了多少条？")
    assert not _AGAINST_NAMED_YEAR.match("2023年多了多少条？")


@pytest.mark.parametrize("query, years", [
    ("平潭综合实验区 2019 依申请 收到几件", [2019]),  # a keyword search: the year typed alone
    ("海坛片区 2020 公开政府信息 条数", [2020]),
    ("共2019条", []),  # a count, not a year
    ("0591-62881269", []),
])
def test_a_year_typed_alone_is_a_year(query, years):
    from assistant.question.years import years_in

    assert years_in(query, dt.date(2026, 12, 1)) == years


def test_keyword_queries_english_words_and_carried_over_requests():
    """Class 5: "条数" asks a figure; English words read as the reports' words; 结转到下一年 is no year."""
    from assistant.question.script import english_read
    from assistant.question.years import _NEXT_YEAR

    assert classify("海坛片区 2020 公开政府信息 条数").name == "number"
    assert english_read("官网上post了多少条，公众号的followers有多少")[0] == "官网上发布了多少条，公众号的粉丝有多少"
    assert english_read("postcode是多少")[0] == "postcode是多少"  # a word's piece is no word
    assert not _NEXT_YEAR.search("结转到下一年继续办的有多少？") and _NEXT_YEAR.search("下一年呢？")
