"""Mechanisms closed after the first run of round 18 and the leftovers of rounds 13, 16 and 17, each on
hand-built passages, rows or facts (issue 15's classes named on each test)."""

from __future__ import annotations

from ingest.facts.rows import UNBALANCED, read_sum_row
from ingest.facts.template import T3_COLUMNS
from ingest.models import Fact


def test_a_run_with_one_digit_per_cell_is_read_as_printed_even_when_it_does_not_add_up():
    """Class 3: "2000000" under seven columns has one split only (自然人 2 … 总计 0); the report's own sum
    fails, which the note says, but every cell is what the report prints."""
    row = read_sum_row(" 2000000 二、上年结转", 7)
    assert row.values == [2, 0, 0, 0, 0, 0, 0] and UNBALANCED in row.note
    balanced = read_sum_row(" 1000001 ", 7)
    assert balanced.values == [1, 0, 0, 0, 0, 0, 1] and UNBALANCED not in balanced.note
    longer = read_sum_row(" 21000000 ", 7)  # eight digits: no split adds up, and none is forced
    assert longer.values == [None] * 7


def test_outcomes_of_a_row_whose_total_column_is_wrong_come_from_its_applicant_cells():
    """Class 6: "那2件申请处理结果分别是什么" when the 总计 column reads 0 beside 自然人 1."""
    from assistant.single import _totals_as_printed_or_summed

    def row(name: str, values: list[int], note: str = "") -> list[Fact]:
        return [Fact("r", "三", name, col, v, f"{name} {''.join(map(str, values))}{note}")
                for col, v in zip(T3_COLUMNS, values)]

    wrong = f"（按位数拆分为 …；{UNBALANCED}）"
    facts = row("部分公开", [1, 0, 0, 0, 0, 0, 0], wrong) + row("予以公开", [0, 0, 0, 0, 0, 0, 0])
    totals = [f for f in facts if f.column == "总计"]
    got = _totals_as_printed_or_summed(totals, facts)
    assert [(f.row, f.column, f.value) for f in got] == [("部分公开", "自然人", 1), ("予以公开", "总计", 0)]


def test_a_total_that_its_row_does_not_add_up_to_is_the_row_added_unless_the_column_is_asked():
    """Class 3: "收到几件申请" of a row printed 2 0 0 0 0 0 0 is 2; "总计一栏填的是多少" is the 0 printed."""
    from assistant.question.cells import lookup, parse_cell

    wrong = f"一、本年新收政府信息公开申请数量 2000000（{UNBALANCED}）"
    facts = [Fact("r", "三", "本年新收政府信息公开申请数量", col, v, wrong)
             for col, v in zip(T3_COLUMNS, [2, 0, 0, 0, 0, 0, 0])]
    cell = parse_cell("收到几件申请？")
    assert lookup(cell, facts)[0] == 2
    assert lookup(cell, facts, printed=True)[0] == 0
    balanced = [Fact("r", "三", f.row, f.column, v, "…") for f, v in zip(facts, [2, 0, 0, 0, 0, 0, 2])]
    assert lookup(cell, balanced)[0] == 2 and lookup(cell, balanced, printed=True)[0] == 2


def test_what_a_request_was_about_is_no_cell():
    """Class 4: table 三 counts requests by who and outcome, never by subject."""
    from assistant.question.cells import parse_cell

    assert parse_cell("收到的26件申请分别是要哪方面的信息？") is None
    assert parse_cell("申请主要涉及什么内容？") is None
    assert parse_cell("收到的26件申请里企业申请的有几件？") is not None


def test_a_part_typed_after_a_row_name_without_a_comma_is_what_is_counted():
    """Class 1: "其他处理里申请人主动撤回的有多少件" counts what no cell names (the prose says 157), while a
    row named after 里 is still that row."""
    from assistant.question.cells import parse_cell

    assert parse_cell("其他处理里申请人主动撤回的有多少件") is None
    cell = parse_cell("表三里本年新收申请的总计是多少")
    assert cell is not None and cell.rows == ["本年新收政府信息公开申请数量"]
    assert parse_cell("其他处理里“其他”那一项有多少件") is not None


def test_a_part_of_a_stated_whole_is_a_figure_next_to_its_own_words_and_never_the_whole():
    """Class 1/4: "政策解读117篇里 H5形式的有几篇" when the sentence names H5 among forms but counts only the
    117; "清理的过期信息里 失效废止的有多少条" when 失效废止 is only what the clean-up aimed at."""
    from assistant.read import figures
    from tests.unit.conftest import Doc

    forms = Doc("综合运用图文图表、在线访谈、H5等形式，不断提升政策解读的趣味性，全年发布政策解读117篇。")
    assert figures.read_number("今年政策解读117篇里 H5形式的有几篇", "", [forms], set()) is None
    cleared = Doc("重点清理失效废止、内容过时的信息，累计清理过期信息697条。")
    assert figures.read_number("清理的过期信息里 失效废止的有多少条", "", [cleared], set()) is None
    withdrawn = Doc("其他处理319件（含申请人主动撤回157件）。")
    got = figures.read_number("其他处理的319件里面，申请人主动撤回的有多少件", "", [withdrawn], set())
    assert got is not None and got.number == 157


def test_years_said_as_numbers_and_years_given_with_their_figure():
    """Class 5: voice input writes 两千零二十三年; "2021年是70件 2023年是多少件" asks 2023 only."""
    import datetime as dt

    from assistant.question.years import asked_years, years_in

    today = dt.date(2026, 12, 1)
    assert years_in("两千零二十三年 平潭全区的行政诉讼有几件", today) == [2023]
    assert years_in("二千零一十九年的报告", today) == [2019]
    q = "平潭全区依申请公开 2021年是70件 2023年是多少件？"
    assert asked_years(q, years_in(q, today)) == [2023]
    both = "2021年和2023年各收到多少件？"
    assert asked_years(both, years_in(both, today)) == [2021, 2023]


def test_two_questions_typed_with_a_space_or_without_the_last_mark_are_two():
    """Class 5/8: "…发了多少条 其中专项资金几条" and "…是多少件？比21年多几件"."""
    from assistant.question.plan import sub_questions

    assert sub_questions("2019年财政资金信息发了多少条 其中专项资金几条") == \
        ["2019年财政资金信息发了多少条？", "其中专项资金几条？"]
    assert sub_questions("2023年是多少件？比21年多几件") == ["2023年是多少件？", "比21年多几件？"]
    assert sub_questions("平潭 2023 申请 几件") == ["平潭 2023 申请 几件"]  # keywords, one question
    assert sub_questions("2023年收到多少件？保留一位小数") == ["2023年收到多少件？保留一位小数"]


def test_the_years_on_each_side_of_bi_order_a_difference():
    """Class 8: "2021年收到70件申请，2023年比2021年多几件" is 2023 less 2021, whichever year came first."""
    from assistant.across import _YEAR_THAN_YEAR

    m = _YEAR_THAN_YEAR.search("平潭2021年收到70件申请，2023年比2021年多几件")
    assert m and m.groups() == ("2023", "2021")
    assert _YEAR_THAN_YEAR.search("2023年相比2021年多几件") is None  # 相比 keeps the later-against-earlier rule


def test_the_rest_of_a_whole_is_the_whole_less_the_part_left_out():
    """Class 9: "主动公开的信息里 除了部门工作动态 其余的有多少条" and "159条里面 不算X的有几条" (typed with spaces)."""
    from assistant.question.plan import plan
    from assistant.read.compose import Operand, rest

    steps = plan("主动公开的信息里 除了部门工作动态 其余的有多少条")
    assert steps.op == "rest" and steps.operands == ["部门工作动态", "主动公开的信息"]
    steps = plan("公开的159条里面 不算专题专栏的有几条")
    assert steps.op == "rest" and steps.operands[0] == "专题专栏" and "159条" in steps.operands[1]
    assert plan("除了专题专栏以外，报告列出的其他类别加起来多少条？").op == "sum_except"

    def op(value, shown, label):
        return Operand(value, label, shown, label, {}, {"role": "mention", "value": value, "text": label})

    got = rest(op(91, "91条", "主动公开"), op(67, "67条", "部门工作动态"))
    assert got.short == "24条" and "91条 − 部门工作动态67条" in got.working
    assert rest(op(10, "10条", "a"), op(67, "67条", "b")) is None  # a part is never larger than its whole
    assert rest(op(91, "91条", "a"), op(5, "5万元", "b")) is None  # nor counted in another unit


def test_every_item_of_a_list_added_up_leaves_out_the_total_the_question_checks():
    """Class 9: "主动公开90条 报告里按类别列出来的加起来其实是多少条" is the items (93), not 90 plus them."""
    from assistant.question.plan import plan
    from assistant.read import compose
    from tests.unit.conftest import Doc

    steps = plan("主动公开90条 报告里按类别列出来的加起来其实是多少条")
    assert steps.op == "sum_listed"
    doc = Doc("全文电子化的主动公开信息数90条，其中机构设置类信息1条，规范性文件类信息10条，财政资金信息52条，"
              "预决算信息5条，工作动态25条。")
    listed = compose.lists_in([doc], steps.operands[0], set())[0]
    items = [i for i in listed if i.mention.value != 90]
    assert compose.total([compose.operand_of(i) for i in items]).short == "93条"


def test_every_result_added_up_as_an_auditor_says_it():
    from assistant.question.cells import parse_cell

    cell = parse_cell("表三 办理结果那几项加起来是多少")
    assert cell is not None and cell.label.startswith("各项办理结果之和")


def test_a_follow_up_comparing_with_another_row_or_a_new_year_completes_the_earlier_turn():
    """Class 8: "比行政诉讼多多少件" after "…行政复议多少件"; "那2025年少了多少条" after a 2023 count."""
    from assistant.question.followup import complete_follow_up
    from assistant.question.plan import plan

    whole, _ = complete_follow_up("比行政诉讼多多少件", [("淮安市2024年政府信息公开行政复议多少件", "351件")])
    assert plan(whole).op == "diff" and plan(whole).operands[1] == "行政诉讼"
    assert complete_follow_up("比2023年多多少件", [("2024年行政复议多少件", "3件")])[0] != "比2023年多多少件"
    later, _ = complete_follow_up("那2025年少了多少条", [("平潭财政局2023年主动公开了多少条政府信息", "107条")])
    assert later.startswith("2025年少了多少条，") and "主动公开" in later


def test_a_figure_to_check_said_last_is_a_claim_on_what_comes_before_it():
    """Class 9: "复议61件 加上两类诉讼 是不是正文说的74件" checks a sum against 74; "…跟总计21对得上吗" against 21."""
    from assistant.question.kinds import classify
    from assistant.read.claim import parse_claim, verdict

    claim = parse_claim("复议61件 加上两类诉讼 是不是正文说的74件")
    assert classify("复议61件 加上两类诉讼 是不是正文说的74件").name == "claim"
    assert claim.value == 74 and claim.computed and claim.question.endswith("是多少件？")
    assert verdict(claim, "74件", 74.0).startswith("对，按报告的数字算是")
    other = parse_claim("办理结果各项加起来跟总计21对得上吗")
    assert other.value == 21 and verdict(other, "27件", 27.0).startswith("不对")
    assert parse_claim("是不是收到了74件申请") is None  # no claim: a yes/no about a count
    plain = parse_claim("报告里说全年收到80件申请，对吗？")
    assert plain.value == 80 and not plain.computed


def test_items_joined_by_jiashang_are_the_words_around_it():
    from assistant.question.plan import plan

    assert plan("上海办公厅25年行政诉讼 直接起诉加上复议后起诉 一共多少件").operands == ["直接起诉", "复议后起诉"]
    assert plan("复议61件加上两类诉讼一共多少件").operands == ["复议61件", "两类诉讼"]


def test_a_rate_whose_sentence_never_names_its_owner_answers_nothing():
    """Class 4: "网络问政的办理满意率" is not "人大建议和政协提案办理满意率为100%"; a thing counted
    ("科技局发的部门工作动态") is no owner."""
    from assistant.read import figures
    from tests.unit.conftest import Doc

    doc = Doc("我局承办的县人大建议和政协提案办理满意率为100%。")
    assert figures.read_number("网络问政的办理满意率是多少？", "", [doc], set(), percent=True) is None
    got = figures.read_number("人大建议和政协提案的办理满意率是多少？", "", [doc], set(), percent=True)
    assert got is not None and got.number == 100
    counted = Doc("其中：部门工作动态67条，公示公告5条，政策问答2条。")
    got = figures.read_number("去年科技局发的部门工作动态有多少条？", "", [counted], set())
    assert got is not None and got.number == 67


def test_a_name_asked_is_a_name_of_that_thing_and_a_month_asked_is_a_month():
    """Class 4: 《专栏》 names no 短视频; 《通知》《办法》 beside 政务新媒体 name no account; a list by kind
    answers no "哪个月"."""
    from assistant.question.lexicon import holds_what_is_asked

    columns = "开设《项目进行时》《乡村梦想家》等专栏33个，推送系列原创短视频1113个"
    assert not holds_what_is_asked("那条播放量破亿的短视频叫什么名字？", columns)
    assert holds_what_is_asked("开设的专栏叫什么名字？", columns)
    rules = "按照《政务新媒体检查指标的通知》《政务新媒体管理暂行办法》等要求，先后关停政务新媒体2个"
    assert not holds_what_is_asked("关停的那2个政务新媒体叫什么名字", rules)
    assert holds_what_is_asked("上线的政务新媒体叫什么名字", "上线政务新媒体“平潭发布”")
    assert not holds_what_is_asked("哪个月发得最多", "公示公告信息工作动态")
    assert holds_what_is_asked("哪个月发得最多", "1月12条、2月30条")


def test_which_departments_asks_a_name_not_a_count():
    from assistant.question.kinds import classify

    assert classify("行政诉讼里结果纠正的是哪几个部门的案子").name == "who"
    assert classify("哪几个部门收到的申请最多").name != "who"  # a comparison of counts


def test_a_cell_the_asker_states_is_not_the_cell_asked():
    """Class 1: "自然人一列填了2，那最后的总计列填的是几" asks 总计."""
    from assistant.question.cells import parse_cell

    q = "表三第一项'本年新收'，自然人一列填了2，那最后的总计列填的是几？"
    cell = parse_cell(q, q)
    assert cell is not None and cell.column == "总计" and cell.rows == ["本年新收政府信息公开申请数量"]
    alone = parse_cell("自然人一列填了几？")
    assert alone is not None and alone.column == "自然人"


def test_the_last_clause_of_a_story_counts_what_no_cell_names():
    """Class 1: "…好多人申请了又自己撤回了，撤回的有多少件呐？" is no 本年新收 cell (the prose says 157);
    "这一行，总计列填的是几" names a place in the table."""
    from assistant.question.cells import parse_cell

    assert parse_cell("我听说好多人申请了又自己撤回了，撤回的有多少件呐？") is None
    cell = parse_cell("表三'（二）部分公开'这一行，总计列填的是几？")
    assert cell is not None and cell.rows == ["部分公开"] and cell.column == "总计"


def test_a_no_says_the_verb_the_yes_no_asked_with():
    from assistant.models import Answer
    from assistant.question.cells import parse_cell
    from assistant.single import _as_yes_no

    q = "有没有发生因依申请公开被行政复议纠错的情况？"
    cell = parse_cell("行政复议结果纠正有几件")
    answer = Answer(q, "“行政复议结果纠正”为0件。", "0件", True, [])
    _as_yes_no(answer, cell, 0, [], q)
    assert answer.short_answer == "没有发生（0件）"


def test_which_template_a_report_follows_is_its_basis_and_the_years_offered_are_choices():
    """Class 6: "用的是哪一版年报格式，2019年的还是2021年的？" asks one report (2020's) its basis."""
    import datetime as dt

    from assistant.question.kinds import classify
    from assistant.question.years import asked_years, years_in
    from assistant.read import text
    from tests.unit.conftest import Doc

    q = "平潭综合实验区2020年那份年报用的是哪一版年报格式，2019年的还是2021年的？"
    assert classify(q).name == "basis" and classify("报告参照的是哪个年报格式文件？").name == "basis"
    assert asked_years(q, years_in(q, dt.date(2026, 12, 1))) == [2020]
    later = Doc("根据《关于推进基层政务公开的通知》要求，编制了目录。", n=9)
    front = Doc("根据《条例》、《关于政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）要求，"
                "编制本报告。", n=0)
    got = text.read_basis([later, front])
    assert got is not None and "60号" in got.short  # the preamble's, wherever retrieval ranked it


def test_the_check_note_above_table_three_is_read_when_asked_what_it_means():
    from assistant.question.kinds import classify
    from assistant.read import text
    from tests.unit.conftest import Doc

    q = "表三上面那句勾稽关系是啥意思，哪几项加起来相等"
    assert classify(q).name == "note"
    assert classify("总计列填的是多少？我看本列数据的勾稽关系好像对不上。").name != "note"
    doc = Doc("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况", kind="table")
    got = text.read_note(q, [doc])
    assert got is not None and "第一项加第二项之和" in got.short


def test_a_later_x_ne_asks_the_same_of_x_and_a_precision_asked_rounds_one_figure():
    from assistant.models import Answer
    from assistant.question.plan import sub_questions
    from assistant.single import _to_precision_asked

    assert sub_questions("行政复议有多少起？行政诉讼呢？") == ["行政复议有多少起？", "行政诉讼呢？"]
    assert sub_questions("我们局今年收了几件申请？人家平潭经发局2024年呢") == \
        ["我们局今年收了几件申请？", "人家平潭经发局2024年呢？"]
    assert sub_questions("那企业的呢？") == ["那企业的呢？"]
    a = Answer("q", "…为4166.214619万元。", "4166.214619万元", True, [])
    _to_precision_asked(a, 2)
    assert a.short_answer.startswith("4166.21万元") and "4166.214619" in a.short_answer
    b = Answer("q", "…", "31条", True, [])
    _to_precision_asked(b, 1)
    assert b.short_answer == "31条"  # nothing to round


def test_spoken_forms_and_short_years_are_read_as_the_reports_write():
    """Class 5: "有冇行政诉讼", "收咗几多件"; "23年整了多少条" (整 is only how it asks)."""
    from assistant.question.lexicon import YEAR_WORDS
    from assistant.question.script import english_read

    text, pairs = english_read("平潭2023年有冇行政诉讼，收咗几多件")
    assert text == "平潭2023年有没有行政诉讼，收了多少件" and ("有冇", "有没有") in pairs
    assert YEAR_WORDS.sub("", "沭阳发改局23年整了多少条") == "沭阳发改局整了多少条"
    assert YEAR_WORDS.sub("", "办结率12.5年") == "办结率12.5年"  # a decimal is no year


def test_a_part_share_follow_up_is_that_part_of_what_was_asked():
    from assistant.question.followup import complete_follow_up
    from assistant.question.plan import plan

    earlier = [("淮安市2024年信息公开被申请行政复议多少件？", "351件")]
    whole, _ = complete_follow_up("纠正的占比呢？保留一位小数", earlier)
    steps = plan(whole)
    assert steps.op == "share" and "纠正" in steps.operands[0] and steps.precision == 1


def test_petitions_are_not_the_row_of_applications_that_are_complaints():
    from assistant.question.cells import parse_cell

    assert parse_cell("全县一共收到多少件信访件") is None
    cell = parse_cell("信访举报投诉类申请有几件")
    assert cell is not None and cell.rows == ["不予处理-信访举报投诉类申请"]
    cell = parse_cell("不予处理里信访举报投诉类的有几件")
    assert cell is not None and cell.rows == ["不予处理-信访举报投诉类申请"]


def test_the_items_of_one_group_of_results_are_counted_from_the_table():
    """Class 6: "表三“不予处理”下面一共分了几种情形" is 5 (the template's items), not 19 requests."""
    from assistant.question.kinds import classify

    assert classify("表三“不予处理”下面一共分了几种情形").name == "group_items"
    assert classify("不予处理的有多少件").name == "number"
    assert classify("不予公开的申请有几个").name == "number"


def test_the_share_the_report_gives_a_figure_itself():
    """Class 9: "予以公开和部分公开合起来占多少比例" — the report's "208 件（17.46%）", not 208 over a whole we pick."""
    from assistant.read import compose
    from tests.unit.conftest import Doc

    doc = Doc("予以公开及部分公开 208 件（17.46%），不予公开 20 件（1.68%）。")
    got = compose.stated_share_of(208, "件", [doc])
    assert got is not None and got.number == 17.46
    assert compose.stated_share_of(20, "件", [doc]).number == 1.68
    assert compose.stated_share_of(208, "件", [Doc("予以公开及部分公开208件，比上年增长17.46%。")]) is None


def test_a_comparison_whose_other_side_is_taken_out_drops_its_bi():
    from assistant.across import base_question
    from assistant.question.understand import understand
    from ingest.models import Report

    reports = [Report(f"p{y}", f"p{y}.txt", f"平潭{y}年报", "平潭综合实验区", y, "2021") for y in (2020, 2021)]
    u = understand("平潭全区2021年比2020年多收了多少件信息公开申请？", reports)
    assert "比" not in base_question(u, {r.report_id: r for r in reports})


def _province_ctx(question: str, history=None):
    from assistant.question.understand import understand
    from assistant.replies import Context, Request
    from ingest.models import Report

    rows = [("a", "青山县人民政府", 2025, 713), ("b", "绿水市人民政府办公厅", 2025, 1295),
            ("c", "白云区人民政府", 2025, 154), ("d", "红河市人民政府", 2024, 3119)]
    reports = {rid: Report(rid, f"{rid}.txt", f"{body}{year}年报", body, year, "2021") for rid, body, year, _ in rows}
    facts = {rid: [Fact(rid, "三", "本年新收政府信息公开申请数量", "总计", v, f"一、本年新收 {v}")]
             for rid, _, _, v in rows}
    u = understand(question, list(reports.values()), None, history)
    return Context(Request(question, None, history or []), u, reports, facts)


def test_a_rank_among_every_report_of_the_year_and_the_most_of_all_reports():
    """Class 8/9: "在2025年度的几份报告里按本年新收申请排第几？" after a turn on 青山县; "全部报告里…最多的是哪家"."""
    from assistant.province import answer_province, plan_province

    history = [("青山县2025年新收政府信息公开申请多少件？", "713件")]
    ctx = _province_ctx("在2025年度的几份报告里按本年新收申请排第几？", history)
    plan = plan_province(ctx.u, ctx)
    assert plan is not None and plan.op == "rank" and len(plan.reports) == 3
    assert answer_province(ctx, plan).short_answer.startswith("第2（713件）")
    ctx = _province_ctx("全部报告里，新收政府信息公开申请最多的是哪家、哪一年")
    plan = plan_province(ctx.u, ctx)
    assert plan is not None and plan.op == "max"
    assert answer_province(ctx, plan).short_answer.startswith("红河市人民政府2024年（3119件）")


def test_a_follow_up_takes_every_body_the_turn_before_named():
    earlier = "2025年青山县政府、绿水市政府办公厅、白云区政府新收政府信息公开申请分别多少？"
    ctx = _province_ctx("那一共呢", [(earlier, "…")])
    assert sorted(ctx.u.report_ids) == ["a", "b", "c"]


def test_years_added_to_the_earlier_turns_ask_the_first_turn_over_all_of_them():
    """Class 8: "把2023年也算上，这三年平均每年公开多少条" after turns on 2020 and 2025."""
    from assistant.question.followup import complete_follow_up

    history = [("海坛片区2020年公开了多少条政府信息？", "254条"), ("那2025年呢？", "129条")]
    whole, _ = complete_follow_up("把2023年也算上，这三年平均每年公开多少条？四舍五入到整数", history)
    assert whole.startswith("海坛片区2020、2023、2025年公开了政府信息，") and "平均" in whole
    history = [("平潭财政金融局2021年主动公开了多少条政府信息？", "198条"), ("2019年呢？", "90条")]
    whole, _ = complete_follow_up("再把2023年和2025年的也加上，这四年一共主动公开多少条？", history)
    assert "2019、2021、2023、2025年" in whole and "一共" in whole


def test_a_rate_after_a_comparison_is_of_that_comparison_and_the_year_before_is_the_named_ones():
    """Class 8: "增长了百分之多少？" after "那跟2023年比多了多少件？"; "比上一年" after a 2024 turn is 2023."""
    import datetime as dt

    from assistant.across import _AGAINST_YEAR, _RATE_LEAD
    from assistant.question.followup import complete_follow_up
    from assistant.question.years import years_in

    history = [("平潭2025年全区一年收到多少件政府信息公开申请", "154件"), ("那跟2023年比多了多少件？", "73件")]
    whole, _ = complete_follow_up("增长了百分之多少？保留一位小数就行", history)
    assert whole.startswith("增长了百分之多少，保留一位小数就行，跟2023年比")
    assert _RATE_LEAD.sub("", whole).startswith("跟2023年比")
    assert _AGAINST_YEAR.search(whole).group(1) == "2023"
    today = dt.date(2026, 12, 1)
    assert years_in("2024年比上一年多了多少", today) == [2024, 2023]
    assert years_in("上一年收到多少件", today) == [2025]
    later, _ = complete_follow_up("比上一年多了多少条？", [("洪泽区2024年主动发布了多少条信息？", "2428条")])
    assert later.startswith("比上一年多了多少条，洪泽区2024年")


def test_a_year_given_with_its_figure_further_off_is_not_asked():
    import datetime as dt

    from assistant.question.years import asked_years, years_in

    q = "岚岛（平潭全区）2023年政府信息公开行政复议才2起，2025年变成多少起了？"
    assert asked_years(q, years_in(q, dt.date(2026, 12, 1))) == [2025]


def test_a_fall_asked_without_bi_is_its_size_and_is_a_difference_not_a_sum():
    from assistant.across import OPS

    q = "行政事业性收费，从2021年的7816万元降到2025年，一共降了多少万元？"
    assert next(name for name, pat in OPS if pat.search(q)) == "diff"


def test_withdrawn_requests_and_the_third_item_of_other_outcomes():
    """Class 1/4: "申请人主动撤回的申请" is no row of table 三; "其他处理'里第3小项'其他'" is its row 3."""
    from assistant.question.cells import parse_cell

    assert parse_cell("申请人主动撤回的申请有多少件？") is None
    cell = parse_cell("表三'（六）其他处理'里第3小项'其他'总计是多少？")
    assert cell is not None and cell.rows == ["其他处理-其他"]


def test_a_body_whose_document_is_cited_is_not_the_body_asked():
    """Class 4: "平潭…学习了省财政厅关于信息处理费的哪个通知" asks 平潭's report about a document; a 教育局
    named as the body is still refused."""
    from assistant.question.kinds import classify
    from assistant.question.understand import _issuer

    assert _issuer("平潭2021年组织各单位学习了省财政厅关于信息处理费的哪个通知？", "省财政厅")
    assert not _issuer("平潭教育局2023年收到多少申请", "教育局")
    assert classify("学习了省财政厅关于信息处理费的哪个通知？").name != "fee"
    assert classify("今年收取信息处理费了吗？").name == "fee"


def test_names_a_list_gives_and_a_count_of_things_no_list_is_of():
    """Class 6/4: "三个微信公众号分别是哪几个" lists the quoted names before 公众号; "多少个政务新媒体账号" is
    not the length of a list of documents."""
    from assistant.question.kinds import classify
    from assistant.read import compose
    from tests.unit.conftest import Doc

    assert classify("报告里提到的三个微信公众号分别是哪几个？").name == "named_list"
    assert classify("片区的微信公众号叫什么名字？").name != "named_list"
    doc = Doc("及时更新完善政务网站及“平潭经济发展局”“平潭统计局”“平潭经济发展”微信公众号栏目信息内容，"
              "让群众、企业能更快捷、高效获取政策信息。")
    _, n, run, _, _ = compose.count_listed("报告里提到的三个微信公众号分别是哪几个？", [doc], set())
    assert n == 3 and "平潭统计局" in run
    from assistant.single import _COUNTED_THING

    assert _COUNTED_THING.search("一共运维多少个政务新媒体账号？").group(1) == "账号"
