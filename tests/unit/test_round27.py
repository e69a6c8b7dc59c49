"""Mechanisms added in the stop of rounds 27 and 28 (and round 26's letters), each on hand-built questions and
passages (issue 15's class named on each test)."""

from __future__ import annotations

import pytest

from assistant.question.bodies import unknown_places
from assistant.question.hearsay import without_recollection
from assistant.question.numerals import figures_in_digits
from assistant.question.plan import plan
from assistant.question.years import written_years
from assistant.single import _given_first, _in_unit_asked
from ingest.models import Report
from ingest.text.mentions import mentions


@pytest.mark.parametrize("letter, plain", [
    ("拜读甲县人民政府2025年政府信息公开年报，见其言政务新媒体年度涌现爆款内容，余记为六十余条，其中播放破百万者四十九条。"
     "老朽疑总数记错，敢请示其确数。", "甲县人民政府2025年政府信息公开年报，政务新媒体年度涌现爆款内容是多少条？"),
    ("老朽平素关心政务，尝读乙市人民政府办公厅2025年度政府信息公开年报，其中述及全年召开新闻发布会之场次，余记为二十四场，"
     "不知有无记错？请示正确场数。", "乙市人民政府办公厅2025年度政府信息公开年报，全年召开新闻发布会之场次是多少场？"),
    ("敬启者：老朽读丙局2020年政府信息公开年报，见其述全年制发政府信息四百八十余条，其中不予公开者，余记约百条，然未敢自信，"
     "请示其确数。", "丙局2020年政府信息公开年报，不予公开者是多少条？"),
    ("前翻丁区2019年度政府信息公开年报，依稀记得其中言及区财政局全年累计公开采购信息三千余条，然记忆恐有不确，敢请示其确数为几何？",
     "丁区2019年度政府信息公开年报，区财政局全年累计公开采购信息是多少条？"),
])
def test_a_letter_citing_a_figure_from_memory_asks_the_plain_question(letter, plain):
    """Class 1 and 9 (a long question whose real question hides in courtesies): the remembered figure, the doubt
    and the formula of the request go; the report named and the measure remembered stay."""
    assert without_recollection(letter) == plain


@pytest.mark.parametrize("question", [
    "平潭2023年主动公开了多少条信息？",
    "我记得平潭2023年主动公开的信息比2022年多，是吗？",  # a memory with no figure: read as asked
    "报道说平潭2023年公开了一千多条，准确数字是多少？",  # hearsay: without_hearsay's job
    "中卫市科技局2024年通过网站发布了31条信息，对吗？",
])
def test_other_questions_are_left_as_asked(question):
    assert without_recollection(question) == question


def test_years_and_figures_written_in_characters_are_read_as_digits():
    """Class 5: a letter writes 二〇二一年 and 五百一十条; the template's own 第二十条 and words like 一是, 十四五,
    一条龙 stay."""
    assert written_years("二〇二一年度报告") == "2021年度报告"
    assert figures_in_digits("总数五百一十条，其中主动公开一百九十八条") == "总数510条，其中主动公开198条"
    assert figures_in_digits("余记为二十四场") == "余记为24场"
    for kept in ("第二十条第（一）项", "一是加强", "十四五规划", "一条龙服务", "六十余条"):
        assert figures_in_digits(kept) == kept


def test_a_mention_keeps_who_its_sentence_part_is_about():
    """Class 1 (a figure's subject): a figure many clauses after the body that did it still has the body in its
    context; after a "；" the part's own first clause is its subject."""
    text = ("区自然资源局推进征地信息公开，共发布征地信息61条；区财政局加大政府采购公开，指定专人发布信息，"
            "维护平台网站，确保内容准确，便于公众查询，今年累计公开政府采购项目信息2536条。")
    m = next(m for m in mentions(text) if m.value == 2536)
    assert m.context.startswith("区财政局加大政府采购公开")
    assert "区自然资源局" not in m.context


def test_a_place_visited_is_not_a_body_asked_about():
    """Class 4 (refusal by understanding, the other way): "选派人员赴福安市调研学习" names where someone went."""
    reports = [Report("a", "a.txt", "t", "平潭综合实验区海坛片区管理局", 2020, "2019")]
    assert unknown_places("海坛片区管理局2020年选派人员赴福清市调研学习，是吗？", reports) == []
    assert unknown_places("海坛片区管理局2020年到福清市考察了吗？", reports) == []
    assert unknown_places("福清市2020年公开了多少条信息？", reports) == ["福清市"]


def test_the_figures_a_question_gives_beat_a_by_what_clause():
    """Class 9: "按其所列两数核算，实占百分之几" computes the share of the two figures given, not a denominator
    named 其所列两数."""
    q = ("丙局2021年报言当年制作、获取政府信息总数510条，其中主动公开198条，复谓占41.5%。敢问按其所列两数核算，"
         "实占百分之几（保留两位小数）？")
    steps = _given_first(q, "敢问按其所列两数核算，实占百分之几（保留两位小数）？")
    assert (steps.op, steps.operands, steps.precision) == ("share", ["198条", "510条"], 2)
    # a denominator named on its own is still one
    assert plan("按办理结果总计来算，予以公开占百分之几？").operands == ["予以公开", "办理结果总计"]


@pytest.mark.parametrize("short, question, ok", [
    ("2536条", "全年累计公开政府采购项目信息是多少条？", True),
    ("2536条", "政府采购项目有多少个？", False),
    ("12件", "采购了多少？", False),
])
def test_a_stated_figure_in_the_unit_asked(short, question, ok):
    """Class 3: a cell that cannot be read gives way only to a prose figure in the very unit asked."""
    assert _in_unit_asked(short, question) is ok


def test_a_compound_written_with_a_word_between_its_parts_is_found():
    """Class 5 (words people type): 获取信息 of "制作、获取信息总数" is the report's "获取政府信息"; its pieces
    (取信) count with it; words far apart do not."""
    from assistant.read.common import coverage

    weights = {"制作": 4.0, "获取": 4.0, "取信": 4.0, "获取信息": 8.0}
    assert coverage("2024年制作、获取政府信息总数467条", weights) > 0.75
    assert coverage("获取了大量关于本年度的各类信息共467条", {"获取信息": 8.0}) == 0.0


@pytest.mark.parametrize("question, digits", [
    ("占百分之多少？按两位小数算。", 2), ("按1位小数计算占比", 1), ("保留两位小数", 2), ("占百分之几", None),
])
def test_how_many_decimals_said_with_an(question, digits):
    """Class 9: "按两位小数算" asks the precision, and is no denominator ("按…算")."""
    from assistant.question.plan import precision

    assert precision(question) == digits


class _Doc:
    def __init__(self, text):
        self.page_content, self.metadata = text, {"report_id": "r"}


_TABLE_2019 = _Doc("二、主动公开政府信息情况第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000"
                   "规范性文件898989第二十条第（九）项采购项目数量采购总金额政府集中采购22832995元")


def test_every_row_of_table_two_stands_under_an_item_of_the_regulation():
    """One template vocabulary: the layout reader's data covers every row both templates have."""
    from ingest.facts.template import T2_ITEMS, T2_ROWS, TEMPLATE_NAMES

    assert set(T2_ROWS) == set(TEMPLATE_NAMES)
    assert {r.name for rows in T2_ROWS.values() for r in rows} <= set(T2_ITEMS)


@pytest.mark.parametrize("question, template, has, lacks", [
    ("2019年版格式表二里“第二十条第（九）项”统计的是什么内容？", "2021", ["政府集中采购", "采购总金额"], ["规章"]),
    ("这份年报表二第二十条第（一）项的三列分别叫什么？", "2019", ["本年新制作数量", "对外公开总数量"],
     ["本年制发件数"]),
    ("表二第二十条第（一）项的三列分别叫什么？和2021版的有什么不同？", "2019",
     ["本年新制作数量", "2021年版格式", "本年制发件数"], []),
    ("表二规范性文件那一栏的列名是什么？", "2021", ["行政规范性文件（本年制发件数"], ["行政许可"]),
])
def test_the_templates_layout_is_read_from_the_vocabulary(question, template, has, lacks):
    """Class 6 (text kinds): the template's rows and columns, in the template the question names (else the
    report's), and the other's when it compares them; cited to the report's own table 二."""
    from assistant.question.kinds import kind_of
    from assistant.read.layout import read_layout

    assert kind_of(question).name == "layout"
    found = read_layout(question, template, [_Doc("一、总体情况"), _TABLE_2019])
    assert all(h in found.short for h in has) and not any(x in found.short for x in lacks), found.short
    assert found.clause.startswith("第二十条")


def test_a_layout_question_names_no_figure():
    from assistant.question.kinds import kind_of

    assert kind_of("表二规范性文件本年新制作数量是多少件？").name != "layout"


def test_a_comparison_with_the_first_part_is_no_question_of_its_own():
    """Class 8: "…三列分别叫什么？和2021版的有什么不同？" is one question."""
    from assistant.question.plan import sub_questions

    assert len(sub_questions("表二第（一）项的三列分别叫什么？和2021版格式的有什么不同？")) == 1
    assert len(sub_questions("平潭2023年收到多少件申请？予以公开的有多少件？")) == 2


def test_a_figure_stated_of_what_is_named_is_found_in_the_unit_asked(doc):
    """Class 1: "6期的《问政平潭》曝光了几个问题" is stated in so many words (16个), in the unit asked; the single
    reader takes it over counting part 五's list of problems."""
    from assistant.read.figures import read_number
    from assistant.scoring import SCORING

    q = "那个6期的《问政平潭》曝光了几个问题？"
    passage = doc("共组织开展6期《问政平潭》，直面社会各界群众提出的实际问题，对24个单位部门进行问政，曝光了16个问题。")
    found = read_number(q, q, [passage], set())
    assert found.short == "16个" and found.coverage >= SCORING.prose_in_unit and _in_unit_asked(found.short, q)


def test_a_locative_before_a_department_is_no_part_of_its_name():
    """Class 4: "年报上面领导小组办公室的电话" names the report's own office, not a body "上面领导小组办公室"."""
    from assistant.question.bodies import unknown_departments

    reports = [Report("a", "a.txt", "t", "平潭综合实验区", 2020, "2019")]
    assert not any(d.startswith("上面") for d in unknown_departments("年报上面领导小组办公室的电话是多少？", reports))


def test_a_figure_the_question_gives_is_not_what_it_asks_of_it(doc):
    """Class 4 (a measure no sentence states): "发布的4份问卷调查回收了多少份有效问卷" is not answered with the 4份 it
    gives; a figure given with its own words (主动公开的53条) or quoted still finds its sentence."""
    from assistant.read.figures import read_number

    passage = doc("围绕防汛、安全生产相关工作发布问卷调查4份，开展意见征集3次。")
    assert read_number("今年发布的4份问卷调查一共回收了多少份有效问卷？", "", [passage], set()) is None
    assert read_number("问卷调查发布了多少份？", "", [passage], set()).short == "4份"
    stated = doc("2025年主动公开政府信息53条。")
    assert read_number("主动公开的53条", "", [stated], set()).short == "53条"


def test_an_items_place_in_a_list_the_report_gives(doc):
    """Class 9 (combining what one report states): the place of the named item, from the largest, or from the
    smallest when the question says so; equal figures share a place; an item the list lacks has none."""
    from assistant.question.kinds import kind_of
    from assistant.read import compose

    passage = doc("共公布政府信息500条，其中机构职能类信息25条，规划计划类信息28条，安全生产、应急管理类信息124条，"
                  "重大建设项目信息90条，其他应主动公开政府信息233条。")
    q = "按条数从多到少排，安全生产、应急管理类信息排第几？"
    assert kind_of(q).name == "rank"
    listed = compose.lists_in([passage], q, set())[0]
    place, item, order = compose.ranked(listed, q)
    assert (place, item.mention.value, order[0].mention.value) == (2, 124, 233)
    assert compose.ranked(listed, "从少到多排，规划计划类排第几？")[0] == 2
    assert compose.ranked(listed, "教育类信息排第几？") is None


@pytest.mark.parametrize("message, question", [
    ("@管理员 群里有人问：平潭2021年全区主动公开了多少条政府信息啊？还有人问那年台风多不多[捂脸]，那个不用管",
     "平潭2021年全区主动公开了多少条政府信息啊？"),
    ("你好，我在学习中国的地方政府。中卫市科技局2024年一共主动公开了几个条信息？",
     "中卫市科技局2024年一共主动公开了几条信息？"),
    ("有人问“上海发布”微信公众号粉丝有多少万？另一个人问明天上海下不下雨，忽略哈",
     "“上海发布”微信公众号粉丝有多少万？"),
    ("我是留学生。海坛片区管理局2020年一共公开了几个条政府信息呢？", "海坛片区管理局2020年一共公开了几条政府信息呢？"),
    ("有人申请复议吗？", "有人申请复议吗？"),  # who applied is asked, not who forwarded
    ("我们是否公开了规章？", "我们是否公开了规章？"),
    ("沭阳县政务新媒体开了哪些专栏？说几个名字就行", "沭阳县政务新媒体开了哪些专栏？说几个名字就行"),
])
def test_what_surrounds_a_question_in_a_chat_message(message, question):
    """Class 5 (words people type) and 9 (the real question after context): the @mention, emoji codes, greeting,
    a line about the asker, who forwarded it and a second question set aside go; a learner's 几个条 is 几条."""
    from assistant.question.chatter import without_chatter

    assert without_chatter(message) == question


def test_a_figure_in_another_unit_counting_another_noun_is_no_answer(doc):
    """Class 1 (the unit disagrees with the question): "收到了多少条意见" is not "对3件政策性文件进行意见征集"."""
    from assistant.read.figures import read_number

    passage = doc("开展意见征集9期，对3件主动公开政策性文件进行意见征集并公开征集结果。")
    assert read_number("开展的9期意见征集一共收到了多少条意见？", "", [passage], set()) is None
    assert read_number("对多少件政策性文件进行了意见征集？", "", [passage], set()).short == "3件"


def test_items_of_information_asked_in_tiao_are_not_table_three_requests():
    """Class 1 (the unit disagrees): "不予公开 信息 条数" counts published items (条), not requests (件)."""
    from assistant.question.cells import CellQuery
    from assistant.single import _cell_unit_agrees

    cell = CellQuery("三", ["不予公开"], "总计", "不予公开（总计）")
    assert not _cell_unit_agrees("平潭经发局2022 不予公开 信息 条数", "", cell, 0)
    assert _cell_unit_agrees("不予公开的申请有多少件", "", cell, 0)


def test_the_part_a_question_names_is_read_from_its_heading(doc):
    """Class 6: "监督保障部分说，…开展了哪两种培训" names the part by its heading, whose words the sentence lacks;
    a name asked with 名称 asks the name (名称 is no word the passage must have)."""
    from assistant.read.text import read_text

    passage = doc("针对具体问题，创新开展调研式培训、过堂式培训，不断提高工作人员的能力。",
                  section="一、总体情况 > （五）政府信息公开监督保障情况")
    q = "监督保障部分说，针对具体问题创新开展了哪两种培训？"
    assert read_text(q, q, [passage], set()).coverage >= 0.6
    other = doc("针对具体问题，创新开展调研式培训、过堂式培训，不断提高工作人员的能力。",
                section="一、总体情况 > （一）主动公开")
    assert read_text(q, q, [other], set()).coverage < 0.6
    named = doc("开展“企话岚图”茶叙会等政企交流活动10余场。")
    assert read_text("茶叙会 名称", "茶叙会 名称", [named], set()).coverage == 1.0


def test_a_sum_spelled_out_in_brackets_with_plus_signs():
    """Class 9: "“无法提供”（本机关不掌握+补正后仍不明确）一共多少件" adds what the brackets list."""
    assert plan("“无法提供”（本机关不掌握+补正后仍不明确）一共多少件？").operands == ["本机关不掌握", "补正后仍不明确"]
    assert plan("（予以公开、部分公开）一共多少件？").operands == ["予以公开", "部分公开"]


def test_a_month_asked_is_no_count_and_a_rate_no_total(doc):
    """Class 4 (a measure no sentence states): "几月份上线的" is not "10个语种"; "每件多少钱" is not a total fee."""
    from assistant.read.figures import read_number

    site = doc("新增意大利语网站，目前已覆盖10个语种。")
    assert read_number("新增的意大利语网站是几月份上线的？", "", [site], set()) is None
    fee = doc("全年收取政府信息公开信息处理费3940元。")
    assert read_number("收信息处理费是按每件多少钱的标准收的？", "", [fee], set()) is None
    assert read_number("收了多少信息处理费？", "", [fee], set()).short == "3940元"


def test_a_figure_pointed_at_says_which_sentence_answers(doc):
    """Class 8 (follow-ups): "这380元是从几件申请里收来的" is the count beside 380元; none beside 3940元 is none."""
    from assistant.read.figures import read_number

    shuyang = doc("全县收取信息处理费共计380元，其中民政局1件，收取380元。全县共受理申请713件。")
    assert read_number("这380元是从几件申请里收来的？", "", [shuyang], set()).short == "1件"
    huaian = doc("全年收取政府信息公开信息处理费3940元。全市共受理政府信息公开申请3119件。")
    assert read_number("这3940元是从多少件申请里收的？", "", [huaian], set()) is None


def test_people_invited_are_no_applicants_cell():
    """Class 1: "邀请了多少名企业和群众代表" counts people; 企业 alone names no table-三 column then."""
    from assistant.question.cells import parse_cell

    assert parse_cell("“政府开放日”那天一共邀请了多少名企业和群众代表来恳谈？") is None
    assert parse_cell("商业企业提了几件申请？").column == "商业企业"


def test_what_an_item_counts_and_what_it_relates_to_are_no_operands():
    """Class 9: "行政诉讼（直接起诉、复议后起诉都算）" says what one item counts; "跟信息公开有关的" is no join."""
    steps = plan("上海市政府办公厅2025年跟信息公开有关的行政复议和行政诉讼（直接起诉、复议后起诉都算）"
                 "加起来一共多少件？")
    assert steps.op == "sum" and len(steps.operands) == 2 and steps.operands[-1] == "行政诉讼"
    assert plan("政策问答和行政执法相关信息加起来一共多少条？").operands == ["政策问答", "行政执法相关信息"]


def test_the_counted_part_may_be_named_in_the_clauses_before_its_figure(doc):
    """Class 1: "主动公开的信息中，基层政务公开（稳岗就业…）公开了多少条" is the figure whose sentence names the part,
    even in an earlier clause; the whole's own total ("累计清理过期信息697条") is never its part."""
    from assistant.read.figures import read_number

    part = doc("四是强化基层政务公开，持续做好稳岗就业、生态环境等重点民生领域的信息公开，公开信息1654条。")
    q = "全区主动公开了政府信息中，基层政务公开（稳岗就业、生态环境这些民生领域）公开了多少条"
    assert read_number(q, q, [part], set()).short == "1654条"
    whole = doc("重点清理失效废止、内容过时、与现行政策不符的信息，累计清理过期信息697条。")
    q = "清理的过期信息里，失效废止的有多少条"
    assert read_number(q, q, [whole], set()) is None


def test_a_follow_up_asking_one_cell_alone_drops_the_last_turns_sum():
    """Class 8: "那表三里单独“部分公开”那一行是几件" after "予以公开和部分公开一共多少件" asks one cell."""
    whole = "表三里单独“部分公开”那一行总计是几件，这一年予以公开和部分公开一共多少件？"
    assert _given_first(whole, "表三里单独“部分公开”那一行总计是几件") is None
    assert _given_first(whole.replace("单独", ""), "表三里“部分公开”那一行总计是几件") is not None


def test_two_years_compared_with_figures_given_for_both():
    """Class 8 (two reports): "…13561条，2021年是2645条，2023年是2021年的几倍" compares both years, though it gives
    2021's figure; "2019年是50件，2020年呢" still asks only 2020."""
    from assistant.question.years import asked_years

    q = "平潭实验区2023年主动公开政府信息13561条，2021年是2645条，2023年是2021年的几倍？"
    assert asked_years(q, [2023, 2021]) == [2023, 2021]
    assert asked_years("2019年是50件，2020年呢？", [2019, 2020]) == [2020]


def test_the_document_a_fee_follows_is_no_question_of_the_reports_basis():
    """Class 6: "信息处理费按哪个文件规定的标准" asks the fee's sentence, not the report's 编制依据."""
    from assistant.question.kinds import kind_of

    assert kind_of("报告说信息处理费按哪个文件规定的标准？").name != "basis"
    assert kind_of("这份报告是根据哪个文件编制的？").name == "basis"


def test_the_rest_of_a_list_of_names_is_a_named_list_question():
    """Class 6: "三个微信公众号，除了“A”和“B”，还有哪个" asks the names of the list not yet named."""
    from assistant.question.kinds import kind_of

    assert kind_of("提到的三个微信公众号，除了“甲”和“乙”，还有哪个？").name == "named_list"
    assert kind_of("提到的三个微信公众号分别是哪几个？").name == "named_list"
