"""Mechanisms added in the stop of rounds 29–31, each on hand-built questions and passages (issue 15's class named on
each test)."""

from __future__ import annotations

import pytest

from assistant.question.kinds import classify
from assistant.question.plan import plan, real_question, sub_questions
from ingest.models import Report


def test_a_thing_no_other_word_stands_for_must_be_in_the_figures_clause(doc):
    """Class 4 (a measure no sentence states): "政务新媒体账号有多少个" is not a count of 新闻稿件, and "政策解读短视频"
    not every form of 政策解读; the thing stated is found."""
    from assistant.read.figures import read_number

    passage = doc("全县政务新媒体策采相关新闻稿件2606篇，通过文字、图片等形式制作政策解读21个。")
    assert read_number("全县政务新媒体账号一共有多少个？", "", [passage], set()) is None
    assert read_number("政策解读短视频有多少个？", "", [passage], set()) is None
    assert read_number("制作政策解读多少个？", "", [passage], set()).short == "21个"
    videos = doc("全市累计发布政策解读短视频近300个。")
    assert read_number("政策解读短视频有多少个？", "", [videos], set()).short.endswith("300个")


def test_where_the_asker_read_it_is_no_word_the_passage_must_share():
    """Class 5 (words people type): "这年报上说…" (jieba: 这年/报上) weighs nothing; what is asked still does."""
    from assistant.read.common import key_terms

    q = "这年报上说申请人可以通过哪些渠道提交申请？"
    weights = key_terms(q, q, set())
    assert "报上" not in weights and "这年" not in weights and "渠道" in weights


def test_a_report_word_before_an_office_is_no_part_of_its_name():
    """Class 4: "2019年报上办公室电话" names the report's own office, not a body "报上办公室"."""
    from assistant.question.bodies import unknown_departments

    reports = [Report("a", "a.txt", "t", "平潭综合实验区财政金融局", 2019, "2019")]
    assert unknown_departments("平潭财政金融局2019年报上办公室电话是多少？", reports) == []


@pytest.mark.parametrize("question, place, smallest", [
    ("其中排第二多的是哪一类？", 2, False), ("哪一类最少？", 1, True), ("倒数第三少的是哪类？", 3, True),
    ("哪类信息最多？", 1, False), ("第7小项是几？", 1, False),  # a 小项 is an item's number, not a place
])
def test_the_place_a_question_asks_for(question, place, smallest):
    """Class 9 (the largest or smallest of a list): the second largest is a place like the largest."""
    from assistant.read import compose

    assert compose.place_asked(question) == (place, smallest)


def test_the_item_at_a_place_in_a_list_the_report_gives(doc):
    """Class 9: "排第二多的是哪一类" picks the second figure of the list; a list too short has none."""
    from assistant.read import compose

    passage = doc("共主动公开信息91条，其中：部门工作动态67条、公示公告5条、政策问答2条、行政执法相关信息8条。")
    q = "其中排第二多的是哪一类？"
    assert classify(q).name == "which_most"
    assert classify("第7小项是几？").name != "which_most"
    listed = compose.lists_in([passage], q, set())[0]
    assert compose.largest(listed, False, 2).mention.value == 8
    assert compose.largest(listed, True, 1).mention.value == 2
    assert compose.largest(listed, False, 9) is None


def test_table_three_results_as_wholes_when_a_kind_of_result_is_asked():
    """Class 9: "占比最高的是哪种处理结果" compares 无法提供 as a whole (its reasons summed), not one reason."""
    from assistant.single import _result_groups
    from ingest.models import Fact

    def fact(row, value):
        return Fact("r", "三", row, "总计", value, f"{row} {value}", None, False)

    groups = _result_groups([fact("予以公开", 208), fact("无法提供-本机关不掌握相关政府信息", 513),
                             fact("无法提供-没有现成信息需要另行制作", 40),
                             fact("无法提供-补正后申请内容仍不明确", 11)])
    assert {(f.row, f.value) for f in groups} == {("予以公开", 208), ("无法提供", 564)}
    unsure = _result_groups([fact("无法提供-本机关不掌握相关政府信息", 513),
                             fact("无法提供-没有现成信息需要另行制作", None)])
    assert unsure[0].value is None


def test_a_second_part_asking_the_figure_of_what_the_first_picks_is_one_question():
    """Class 9: "占比最高的是哪种处理结果？那一类有多少件？" asks the figure of the result picked, not a total."""
    assert len(sub_questions("上海市政府2025年办结件里，占比最高的是哪种处理结果？那一类有多少件？")) == 1
    assert len(sub_questions("平潭2023年收到多少件申请？予以公开的有多少件？")) == 2


def test_an_address_asked_with_its_postcode_is_an_address_question():
    """Class 6 (contacts): "地址邮编是啥" asks where to send it: the address (with its postcode), not the code alone."""
    assert classify("要寄申请的话地址邮编是啥？").name == "address"
    assert classify("邮编是多少？").name == "postcode"


def test_cantonese_and_and_plus_are_read_as_mandarin():
    """Class 5 (spoken forms): "直接起訴同覆議後起訴加埋總共幾宗" is "直接起诉和复议后起诉加上总共几件"; 同 of 同比,
    不同 stays."""
    from assistant.question.script import english_read, to_simplified

    text, _ = english_read(to_simplified("直接起訴同覆議後起訴加埋總共幾宗？"))
    assert text == "直接起诉和复议后起诉加上总共几件？"
    assert english_read("主动公开信息同比增长多少？")[0] == "主动公开信息同比增长多少？"
    assert english_read("和2021年有什么不同？")[0] == "和2021年有什么不同？"


@pytest.mark.parametrize("question, operands", [
    ("平潭综合实验区2023年监督保障方面，季度通报和月通报加起来一共通报了几次？", ["季度通报", "月通报"]),
    ("网站巡检，整改了不规范描述、失效链接、各类错误信息，这三样一共整改了多少处？",
     ["整改了不规范描述", "失效链接", "各类错误信息"]),
])
def test_the_items_of_a_sum_are_the_clause_that_joins_them(question, operands):
    """Class 9 (a sum of figures one report states): the clause before says where, a pointer ("这三样") stands for
    the items named before it, and a verb may stand between 一共 and 多少."""
    found = plan(question)
    assert found.op == "sum" and found.operands == operands


def test_a_single_figure_asked_with_yigong_is_no_sum():
    assert plan("一共整改了多少处？") is None


def test_a_follow_up_adding_one_more_item_adds_it_to_what_was_counted():
    """Class 8 (follow-ups): "那加上新闻通气会一共是多少场？" adds the new item to the last turn's."""
    from assistant.question.followup import complete_follow_up

    history = [("上海市政府2025年开了多少场市政府新闻发布会？", "42场。")]
    whole, _ = complete_follow_up("那加上新闻通气会一共是多少场？", history)
    assert plan(whole).op == "sum" and plan(whole).operands[-1] == "新闻通气会"


def test_a_follow_up_with_its_own_measure_points_back_only_at_body_and_year():
    """Class 8: "那它那一年按程序修订了几份规范性文件？" asks its own measure; only the body and year carry over."""
    from assistant.question.followup import complete_follow_up

    q = "那它那一年按程序修订了几份规范性文件？"
    assert complete_follow_up(q, [("中卫市科技局2024年收到几件政府信息公开申请？", "0件")])[0] == q


def test_a_whole_its_parts_add_up_to_is_their_total(doc):
    """Class 9 (a share of a part): "收到群众诉求348件，现场解决162件，跟进解决186件" — no word says 348 is the whole,
    the figures after it add up to it; a 共 earlier in the passage is not it."""
    from assistant.read import compose
    from ingest.text.mentions import mentions

    text = "12个区直部门权责清单项共4650项。收到群众诉求348件，现场解决162件，跟进解决186件，办结率100%。"
    part = next(m for m in mentions(text) if m.value == 162)
    assert compose.stated_total(part, text).value == 348
    alone = "收到群众诉求348件，现场解决162件。"
    assert compose.stated_total(next(m for m in mentions(alone) if m.value == 162), alone) is None


@pytest.mark.parametrize("message, question", [
    ("做新闻稿要个数：上海2025年粉丝累计超过多少万？", "上海2025年粉丝累计超过多少万？"),
    ("写材料需要个准数，平潭2023年收到多少件申请？", "平潭2023年收到多少件申请？"),
    ("要个数是什么意思？", "要个数是什么意思？"),
])
def test_why_a_figure_is_wanted_is_no_part_of_the_question(message, question):
    """Class 1 ("个数" is no unit: 15个平台 is not asked) and 9 (context before the question)."""
    from assistant.question.chatter import without_chatter

    assert without_chatter(message) == question


@pytest.mark.parametrize("question, tail", [
    ("我们乡镇想对照一下，平潭综合实验区海坛片区管理局2020年一共公开了多少条政府信息？",
     "平潭综合实验区海坛片区管理局2020年一共公开了多少条政府信息？"),
    ("我在对着中卫市科学技术局2024年的政府信息公开年报整理台账，里面说通过中卫日报发布的信息一共多少条？",
     "里面说通过中卫日报发布的信息一共多少条？"),
    ("我们收到了多少件申请？", "我们收到了多少件申请？"),
])
def test_the_askers_purpose_before_the_question_is_context(question, tail):
    """Class 9 (long questions): "我们乡镇想对照一下，" says why; what follows is asked."""
    assert real_question(question) == tail


def test_suggestions_sent_in_are_no_disclosure_requests(doc):
    """Class 6 (how something was handled): the handling of 意见建议 is told in the prose, not table 三; a
    request's handling is still the table's."""
    from assistant.single import _NOT_A_REQUEST

    assert _NOT_A_REQUEST.search("政府开放日收到老百姓提的意见建议后来咋处理的")
    assert classify("政府开放日收到老百姓提的意见建议后来咋处理的").name == "outcome"


@pytest.mark.parametrize("question, kind", [
    ("2025年要不定期更新编制什么模板，来降低复议诉讼的纠错率？", "text"),
    ("复议纠错率是多少？", "percent"),
    ("局里那两场培训会是几月份办的？", "when"),
    ("政务服务平台是什么时候上线的？", "when"),
])
def test_a_thing_asked_by_name_is_text_and_a_month_asked_is_a_date(question, kind):
    """Class 6 (text questions outside the listed kinds): a rate that says why is not what is asked."""
    assert classify(question).name == kind


def test_when_something_was_done_is_read_from_its_sentence(doc):
    """Class 6: the months of the sentence that says what was done; never the statistics period."""
    from assistant.read.text import read_when

    passages = [doc("本报告中所列数据统计期限自2022年1月1日起至2022年12月31日止。"),
                doc("于2022年4月份、6月份举办“三提三效”内部运转机制优化交流培训会、“惠企政策信息发布工作培训会”。")]
    found = read_when("那两场培训会是几月份办的？", passages, set())
    assert found.short == "4月份、6月份"
    assert read_when("那两场培训会是什么时候办的？", passages, set()).short == "2022年4月份、6月份"
    assert read_when("新闻发布会是几月份开的？", passages[:1], set()) is None


def test_who_compiled_the_report_is_read_from_its_own_line(doc):
    """Class 6 (who compiled it): "X编制完成了本报告"; the office's whole name (管委会办公室, not 会办公室)."""
    from assistant.read.text import read_who

    passage = doc("根据《条例》要求，区管委会办公室编制完成了本报告。本报告包括总体情况等六个部分。")
    found = read_who("平潭2019年那份全区的年报是哪个部门编的", [passage], set(), "平潭综合实验区")
    assert found.short == "区管委会办公室"


@pytest.mark.parametrize("question, sentence, holds", [
    ("那2件申请分别是谁申请的、要的是什么信息？", "全年共受理政府信息公开申请2件，按时办结率100%。", False),
    ("那7件行政诉讼具体都是因为什么事被告的", "因政府信息公开引起的行政复议案件2件、行政诉讼案件7件。", False),
    ("那条播放量破亿的视频讲的是什么内容？",
     "年度涌现爆款内容52条，其中1条播放量破亿、2条破千万、49条破百万，让政务声音直抵群众指尖。", False),
    ("申请人要的是什么信息？", "申请人申请公开本机关2023年度财政预算执行情况，已予以公开。", True),
    ("一共收到几件？都是谁申请的？", "全年共受理政府信息公开申请2件。", True),  # (a count is asked too)
])
def test_a_sentence_of_counts_says_nothing_of_what_was_counted(question, sentence, holds):
    """Class 4 (refusals that should have been): who sent the 2 requests, what a case was about, what a video
    showed — a sentence that only counts them answers none of it."""
    from assistant.question.lexicon import holds_what_is_asked

    assert holds_what_is_asked(question, sentence) is holds


def test_a_form_asked_whether_it_was_used_must_be_named(doc):
    """Class 4: "有没有为听障人士做手语视频政策解读" is not answered by 政策解读 in text and pictures; an account
    is also named by what it is (无自有政务新媒体)."""
    from assistant.read.yesno import read_yes_no

    plain = doc("通过文字、图片等形式制作政策解读21个。")
    assert read_yes_no("有没有做手语视频政策解读？", "", [plain], set()) is None
    none = doc("我局无自建政府信息公开平台，无自有政务新媒体。")
    assert read_yes_no("有没有自己运营的政务新媒体账号？", "", [none], set()).short.startswith("没有")


@pytest.mark.parametrize("question, cleaned", [
    ("表三里“本年新收”的申请是多少件？上年结转的不要算进去", "表三里“本年新收”的申请是多少件"),
    ("收到多少件申请？不用算上年结转", "收到多少件申请？不用算上年结转"),  # (said before what: read as asked)
])
def test_what_the_asker_leaves_out_names_no_cell(question, cleaned):
    """Class 1 (a figure bound to the wrong words): "上年结转的不要算进去" leaves 上年结转 out of what is asked."""
    from assistant.question.lexicon import LEFT_OUT

    assert LEFT_OUT.sub("", question) == cleaned


def test_a_quoted_figure_in_the_context_decides_neither_kind_nor_cell():
    """Class 9 (long questions): "报告原文是“…564件（47.36%）”。…这564件里面，单纯“本机关不掌握…”的是多少件" asks
    the sub-row in 件, not a percentage and not the group."""
    from assistant.question.cells import parse_cell
    from assistant.question.kinds import kind_of

    q = ("我准备人大发言，报告原文是“因本机关不掌握等原因无法提供 564 件（47.36%）”。"
         "上海市政府办公厅2025年这564件里面，单纯“本机关不掌握相关政府信息”的是多少件？")
    tail = real_question(q)
    assert kind_of(q, tail).name == "number"
    assert parse_cell(tail, tail, ("2021",)).rows == ["无法提供-本机关不掌握相关政府信息"]


@pytest.mark.parametrize("ending, date", [
    ("六、其他需要报告的事项无平潭综合实验区经济发展局2021年1月26日"
     "平潭综合实验区经济发展局办公室2020年1月26日印发 附件下载", "2021年1月26日"),  # (not the 印发 line's)
    ("本年度未产生信息处理费用。 平潭综合实验区海坛片区管理局 2026年1月26日 （此件主动公开）", "2026年1月26日"),
    ("本报告中所列数据统计期限自2025年1月1日起至2025年12月31日止。六、其他需要报告的事项：无。", None),
    ("2024年12月10日召开培训会，全年收取信息处理费0元。", None),
])
def test_a_signature_date_ends_the_report(doc, ending, date):
    """Class 4 (refusals that should have been): a report with no signature has no 落款日期; its last date is the
    statistics period's or an event's."""
    from assistant.read.contact import read_signed_date

    found = read_signed_date([doc(ending)])
    assert (found.short if found else None) == date


def test_an_english_word_no_report_uses_weighs_nothing():
    """Class 5 (words people type): "international service（上海国际服务门户）" — the Chinese name decides."""
    from assistant.read.common import key_terms

    def idf(term, spellings=(), seen_only=False):
        return term in {"上海", "国际", "服务", "门户", "语种"}

    weights = key_terms("上海 international service（上海国际服务门户）有几个语种", "", set(), "", idf)
    assert "international" not in weights and "service" not in weights and "语种" in weights


def test_about_is_how_a_question_asks():
    """Class 6: "那个听证会是关于什么的" asks about the 听证会; 关于 is no word its sentence must share."""
    from assistant.read.common import key_terms

    assert "关于" not in key_terms("那个听证会是关于什么的？", "", set())


def test_years_counted_as_reports_are_all_asked():
    """Class 8 (across years): "2019、2021、2023、2025四份年报" names four years, the last before 四份."""
    import datetime as dt

    from assistant.question.years import years_in

    q = "平潭财政金融局2019、2021、2023、2025四份年报里主动公开政府信息的条数，平均每年多少条？"
    assert years_in(q, dt.date(2026, 12, 3)) == [2019, 2021, 2023, 2025]


def test_the_largest_year_asked_without_na_is_a_maximum():
    """Class 8: "三年…最多的一年是多少条" picks the largest, not a list of each."""
    from assistant.across import OPS

    q = "2020、2022、2024三年主动公开的政府信息，最多的一年是多少条？"
    ops = [name for name, pattern in OPS if pattern.search(q)]
    assert ops[0] == "max"


@pytest.mark.parametrize("ending, note", [
    ("平潭综合实验区海坛片区管理局 2026年1月26日 （此件主动公开）", "此件主动公开"),
    ("收取信息处理费情况：2024年度未收取信息处理费。", None),
])
def test_the_note_in_brackets_that_ends_the_report(doc, ending, note):
    """Class 6 (text questions outside the listed kinds): "报告最后括号里注明了什么"."""
    from assistant.read.contact import read_end_note

    assert classify("报告最后括号里注明了什么？").name == "end_note"
    found = read_end_note([doc(ending)])
    assert (found.short if found else None) == note


@pytest.mark.parametrize("question, kind", [
    ("洪泽区政府2024年为了降低行政复议、行政诉讼的发生率和纠错率，具体打算怎么做？", "measures"),
    ("公开的129条政府信息里，动态服务类占了多少条？", "number"),
    ("予以公开的占多少？", "percent"),
    ("我这边接了个电话，一位老先生说局里一年主动公开了多少条信息", "number"),
    ("我奶奶想给区政府办打电话问信息公开的事，报告上留的电话是多少？", "phone"),
])
def test_a_rate_that_says_why_and_a_call_that_says_how_decide_no_kind(question, kind):
    """Class 6 and 9: "为了降低纠错率，打算怎么做" asks the measures; "占了多少条" a count; "接了个电话" is how the
    operator heard it, while "打电话问…电话是多少" asks the number."""
    assert classify(question).name == kind


@pytest.mark.parametrize("message, question", [
    ("你好，我这边接了个电话，一位老先生说他看了你们这份报告，里面到底有多少条是部门工作动态，麻烦帮忙查一下",
     "他看了你们这份报告，里面到底有多少条是部门工作动态"),
    ("我这边有个市民打电话说，淮安市政府2024年全市受理了多少件申请，他说他记得是三千多件，具体多少？",
     "淮安市政府2024年全市受理了多少件申请，具体多少？"),
])
def test_a_relayed_call_keeps_only_the_callers_question(message, question):
    """Class 9 (the real question after context): the operator's lead, the remembered figure and the request to
    look it up go."""
    from assistant.question.chatter import without_chatter

    assert without_chatter(message) == question


def test_a_rough_figure_and_a_cut_measure_word_are_no_key_terms():
    """Class 1: "九十多条" is context and jieba's "条是" no word a passage must share."""
    from assistant.read.common import key_terms

    weights = key_terms("说局里一年主动公开了九十多条信息，里面到底有多少条是部门工作动态", "", set())
    assert not {"九十", "多条", "条是", "局里"} & set(weights) and "动态" in weights


def test_a_column_to_compute_by_is_no_denominator():
    """Class 9 (shares): "按表格总计列算" says which column, not the whole."""
    q = "本年新收的申请里，予以公开的占多大比例？按表格总计列算，百分比保留一位小数"
    assert plan(q).operands == ["予以公开", "本年新收的申请里"]
    assert plan("公开的129条政府信息里，动态服务类占了多少条？") is None


def test_a_follow_up_comparing_with_another_year_keeps_both_years():
    """Class 8: "比21年少了多少条？" compares the earlier turn's year with 2021."""
    from assistant.question.understand import _THAN_YEAR

    assert _THAN_YEAR.match("比21年少了多少条？") and _THAN_YEAR.match("那跟2021年比呢")
    assert not _THAN_YEAR.match("2021年比2020年多了多少")


def test_all_of_them_done_answers_how_many_were(doc):
    """Class 1: "采纳了几条" after "共收到群众意见建议4条，已全部采纳": all four."""
    from assistant.read.figures import read_number

    passage = doc("2024年“政府开放日”期间共收到群众意见建议4条，已全部采纳并逐一进行了整改提高。")
    assert read_number("采纳了几条？", "", [passage], set()).short == "4条"
    other = doc("2024年“政府开放日”期间共收到群众意见建议4条，正在研究办理。")
    found = read_number("采纳了几条？", "", [other], set())
    assert found is None or found.coverage < 0.6


def test_a_share_the_report_states_of_the_part_is_read_as_stated():
    """Class 9: "主动公开的占比多少" is the report's "主动公开的政府信息占11.3%", not 53 ÷ 467 worked out again;
    a share asked to a precision is worked out."""
    from assistant.single import _COMPUTE_ASKED

    assert not _COMPUTE_ASKED.search("主动公开的占比多少")
    assert _COMPUTE_ASKED.search("主动公开的占比多少？保留两位小数")


def test_a_net_change_is_what_was_removed_less_what_was_added(doc):
    """Class 9 (combining what one report states): "注销了一些又新开了一些，净减少了几个" — two verbs, one sentence,
    one unit; a sentence without both has no net change."""
    from assistant.read import compose

    q = "政务新媒体这一年注销了一些又新开了一些，算下来净减少了几个？"
    assert classify(q).name == "net"
    passage = doc("坚持“集约开设、及时注销”的原则，注销2个无人维护或重复建设的政务新媒体，新开设1个政务新媒体。")
    value, removed, added, _ = compose.net_change(q, [passage], set())
    assert (value, removed.value, added.value) == (1, 2, 1)
    up = compose.net_change("政务新媒体净增加了几个？", [passage], set())
    assert up[0] == -1
    assert compose.net_change(q, [doc("注销2个无人维护的政务新媒体。")], set()) is None


def test_the_prose_sentence_that_tells_the_results_is_found(doc):
    """Class 6 (how requests were handled): the table's results come with the prose's own words for them."""
    from assistant.single import _outcomes_told

    passage = doc("2025年我局共收到申请2件，办结依申请2件，其中公开答复1件，无法提供1件。其他略。")
    told, where = _outcomes_told([passage])
    assert told.endswith("其中公开答复1件，无法提供1件") and where is passage  # the passage is cited beside the table
    assert _outcomes_told([doc("全年收到申请2件。")]) == ("", None)


def test_a_past_training_of_a_named_form_is_no_plan():
    """Class 6: "针对具体问题创新开展了哪些形式的培训" asks the forms of training done, not part 五's measures."""
    assert classify("淮安市政府2024年报里，针对具体问题创新开展了哪些形式的培训？").name != "measures"
    assert classify("针对存在的问题，下一步有哪些措施？").name == "measures"


def test_a_quoted_sentence_with_words_left_out_is_found_where_it_is():
    """Class 6 (where a quote comes from): "A……B" holds where A then B stand; "这是哪个政府哪年年报里的" asks so."""
    from assistant.read.source import holds, quoted_source

    q = "核实一句话：“新增信息审核发布报备制度……未经审核报备的信息一律不准发布”，这是哪个政府哪年年报里的？"
    quote = quoted_source(q)
    assert quote and quote.startswith("新增信息审核")
    text = "运用第三方检测平台实行常态化监测，新增信息审核发布报备制度。严格执行……未经审核报备的信息一律不准发布。"
    assert holds(text, quote)
    assert not holds("未经审核报备的信息一律不准发布。新增信息审核发布报备制度。", quote)  # (out of order)
