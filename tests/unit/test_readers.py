"""Each reader on hand-built passages: figures by their measure words and units, lists, counts, part 五,
text and yes/no answers, contact details (classes 1, 2, 6 and 9 of issue 15)."""

from __future__ import annotations

import pytest

from assistant.read import compose, contact, figures, part_five, text, yesno
from tests.unit.conftest import Doc

WECHAT = "2024年，我局通过微信公众号共发布信息120条，阅读量3500次，关注人数860人。"
LIST = ("2023年，在主动公开的107条政府信息中，全文电子化的主动公开信息数共107条，其中:减税降费22条，"
        "财税金融等政策及解读共2条；财政预算、决算报告共7条；财政资金直达基层9条；其他文件共54条等。")
TOTAL = "2023年制作、获取政府信息总数509条，其中主动公开政府信息107条，依申请公开信息数354条，不予公开信息数48条。"


def _number(q: str, *texts: str, percent: bool = False):
    return figures.read_number(q, q, [Doc(t, n=i) for i, t in enumerate(texts)], set(), percent=percent)


@pytest.mark.parametrize("question, figure", [
    ("公众号一共多少人关注？", "860人"),  # the unit asked decides: 人, not the clause's 120条
    ("公众号发布了多少条信息？", "120条"),
    ("公众号文章阅读量是多少？", "3500次"),
    ("减税降费方面公开了多少条？", "22条"),
    ("主动公开了多少条信息？", "107条"),  # the stated total, not an item of a list
])
def test_a_figure_is_bound_to_its_measure_words(question, figure):
    ex = _number(question, WECHAT, LIST, TOTAL)
    assert ex is not None and ex.short == figure


def test_no_unit_agrees_no_answer():
    # 粉丝 are counted in 人; a passage with only 条 and 次 figures has no answer.
    assert _number("公众号有多少粉丝？", "通过公众号发布信息672条，推送12次。") is None


FANS = ("共发布各类信息13528条，总浏览量为536万；社交媒体账号粉丝总量近45.9万人。“某发布”在15个平台粉丝数累积超"
        "3170万，其中，微信公众号粉丝达1360万，经费支出12万元。")


@pytest.mark.parametrize("question, figure", [
    ("微信公众号粉丝有多少？", "1360万"),  # a bare 万 stands for the elided unit (人), not the loose 15个平台
    ("在各平台粉丝数累积有多少？", "超3170万"),  # a bound stays a bound
    ("总浏览量是多少？", "536万"),
    ("发布了多少条信息？", "13528条"),
])
def test_a_bare_magnitude_counts_people_or_times(question, figure):
    ex = _number(question, FANS)
    assert ex is not None and ex.short == figure


@pytest.mark.parametrize("question, figure", [
    ("全年开展月通报几次？", "7次"),  # 全年开展 governs the whole list; 月 tells the second item apart
    ("全年开展季度通报几次？", "3次"),
    ("通过微博发布了多少条？", "5条"),
    ("全年通过网站发布多少条？", "12条"),
])
def test_the_list_item_the_question_names_by_its_own_words(question, figure):
    ex = _number(question, "全年开展季度通报3次、月通报7次。", "全年通过网站发布12条、微博发布5条，整改问题3个。")
    assert ex is not None and ex.short == figure


def test_the_size_of_a_change_stated_by_its_two_ends():
    docs = "推行一窗通办，群众等候时间由42分钟缩至19分钟。全年主动公开信息较上年增加25条。"
    ex = _number("群众排队等候的时间缩短了多少分钟？", docs)
    assert ex.short.startswith("23分钟") and ex.number == 23 and [s["value"] for s in ex.support] == [42, 19]
    assert _number("群众等候时间缩短到多少分钟？", docs).short == "19分钟"  # the end asked, not the change
    assert _number("主动公开信息增加了多少条？", docs).short == "25条"  # a change stated as such


def test_a_quoted_name_picks_its_sentence_and_the_measure_words_its_figure():
    docs = "“某发布”在15个平台粉丝数累积超3170万，其中，微信公众号粉丝达1360万，海外平台粉丝突破300万。"
    assert _number("那个“某发布”，微信公众号粉丝有多少？", docs).short == "1360万"
    assert _number("“某发布”各平台粉丝数累积多少？", docs).short == "超3170万"


def test_a_bare_magnitude_is_never_money_or_a_unit_of_things():
    assert _number("经费一共多少钱？", "粉丝达1360万，发布信息12条。") is None
    assert _number("发布了多少篇文章？", "阅读量达536万。") is None


def test_a_percentage_only_answers_a_percentage_question():
    assert _number("主动公开的占比是多少？", TOTAL + "主动公开的政府信息占21.02%。", percent=True).short == "21.02%"
    assert _number("主动公开了多少条？", "主动公开的政府信息占21.02%。") is None


def test_the_report_counting_its_own_parts_answers_only_a_question_about_parts():
    preamble = "本报告包括总体情况等六个部分。2024年共召开新闻发布会3场。"
    assert _number("召开了几个新闻发布会？", preamble).short == "3场"


def test_a_figure_stated_as_a_change_carries_the_measure():
    assert _number("群众等候时间缩短到多少分钟？", "群众等候时间由42分钟缩至19分钟。").short == "19分钟"


def test_lists_largest_item_and_count():
    listed = compose.lists_in([Doc(LIST)], "哪一类信息最多", set())[0]
    assert [i.label for i in listed][:2] == ["减税降费", "财税金融等政策及解读"]
    assert len(listed) == 5  # the frame "在主动公开的107条…中" and "共107条" are totals, not items
    assert compose.largest(listed).mention.value == 54
    assert compose.largest(listed, smallest=True).mention.value == 2


def test_the_total_a_figure_itemises():
    item = next(m for m in compose.mentions(TOTAL) if m.value == 107)
    assert compose.stated_total(item, TOTAL).value == 509


def test_share_sum_and_difference_show_their_working():
    def op(v, shown, label):
        return compose.Operand(v, label, shown, f"{label}{shown}", {}, {"role": "mention", "value": v})

    share = compose.share(op(46, "46件", "予以公开"), op(91, "91件", "办理结果总计"), 1)
    assert share.short == "50.5%" and "予以公开46件 ÷ 办理结果总计91件 = 50.5%" in share.working
    assert compose.share(op(22, "22条", "减税降费"), op(107, "107条", "主动公开"), None).short == "20.56%"
    assert compose.total([op(42, "42场", "新闻发布会"), op(19, "19场", "通气会")]).short == "61场"
    diff = compose.difference(op(81, "81件", "2023年"), op(154, "154件", "2025年"))
    assert diff.short == "73件" and "少" in diff.working
    assert not compose.units_compatible(op(162, "162件", "现场解决"), op(19, "19期", "节目"))


def test_count_of_a_plain_list_and_of_quoted_names():
    found = compose.count_listed("列举了哪几类采购项目信息？一共几类", [Doc(
        "做到采购项目公告、采购文件、采购项目预算金额、采购结果、采购合同等采购项目信息及时规范公开。")], set())
    assert found[1] == 5
    found = compose.count_listed("有几个微信公众号",
                                 [Doc("在“平潭经济发展局”“平潭统计局”“平潭经济发展”微信公众号中增设栏目。")], set())
    assert found[1] == 3


FIVE = [Doc("五、存在的主要问题及改进情况（一）存在问题。一是主动公开意识有待加强；二是公开方式灵活性不够；"
            "三是政策解读形式不够丰富。", "五、存在的主要问题及改进情况 > （一）存在问题", 10),
        Doc("（二）改进措施。2024年，我局将补短板。一是坚持公开为常态；二是拓宽公开渠道；三是规范公开行为；四是充实公开内容。",
            "五、存在的主要问题及改进情况 > （二）改进措施", 11)]


def test_part_five_problems_and_measures_whole_and_counted():
    assert "政策解读形式不够丰富" in part_five.read_problems(FIVE).short
    assert "拓宽" not in part_five.read_problems(FIVE).short
    assert "充实公开内容" in part_five.read_measures(FIVE).short
    assert part_five.count_part_five(FIVE, "problems").number == 3
    assert part_five.count_part_five(FIVE, "measures").number == 4


@pytest.mark.parametrize("span, n", [
    ("一是甲；三是乙；三是丙。", 3),  # numbered wrongly, counted as written
    ("如部分干部主动公开意识有待加强、信息公开内容覆盖不够全面、政策解读方式比较单一等。", 3),
    ("基层政务公开水平有待进一步提升；各部门工作开展还不够均衡；少数政务新媒体互动效果有待加强。", 3),
    ("（一）加强培训指导。内容。（二）理顺事项清单。内容。", 2),
])
def test_items_by_markers_or_separators(span, n):
    assert len(part_five.items(span)) == n


def test_text_readers():
    channels = [Doc("一是畅通申请渠道。保证网站、信函、传真等申请渠道实时有效，满足社会公众各种申请需求。"),
                Doc("设立意见箱，向社会公开投诉电话，为公众提供表达意见的渠道。", n=1)]
    assert "信函" in text.read_text("群众可以通过哪些渠道提交申请？", "", channels, set()).short
    years = [Doc("在统一平台公开了2023年政府预算、2022年政府决算。")]
    assert text.read_year_of("公开的是哪一年的政府决算？", years, set()).short == "2022年"
    who = [Doc("全县行政机关收取信息处理费共计380元，其中民政局1件，收取380元。")]
    assert text.read_who("信息处理费是哪个部门收的？", who, set(), "青山县人民政府").short == "民政局"
    compiled = [Doc("本报告由青山县人民政府办公室根据《条例》规定编制。报告所列统计期限自2024年1月1日起。")]
    # the body's own office is another unit than the body: it is who compiled the report
    assert text.read_who("这份年报是哪个部门编制的？", compiled, {"青山县人民政府"}, "青山县人民政府").short == \
        "青山县人民政府办公室"
    numbers = [Doc("根据《平潭综合实验区管委会办公室关于做好年度报告编制公布工作的通知》"
                   "（岚综管办便函〔2021〕95号）要求。")]
    assert text.read_doc_no("引用的通知文号是多少", numbers, set()).short == "岚综管办便函〔2021〕95号"


def test_what_a_question_sets_aside_is_not_what_the_answer_must_say():
    docs = [Doc("1.门户网站在“管委会网站”之“政府信息公开”模块，可以查阅本局主动公开的政府信息。"
                "2.开设政务公开栏在本局楼层大厅电子屏幕，对财政信息进行集中公开。")]
    ex = text.read_text("除了门户网站首页的专栏之外，还在哪里开设了政务公开栏？", "", docs, set())
    assert ex is not None and "电子屏幕" in ex.clause and ex.coverage >= 0.6


def test_yes_no_reads_what_happened():
    docs = [Doc("2024年度未收取信息处理费。"), Doc("下一步将加强收费管理，规范收费行为。", n=1)]
    assert yesno.read_yes_no("有没有收取信息处理费？", "", docs, set()).short.startswith("没有")


def test_contact_phone_is_not_the_fax():
    docs = [Doc("联系地址：青山县政府大楼；电话：0591-23163551；传真：0591-23100206。", "前言")]
    assert contact.read_contact("phone", docs).short == "0591-23163551"
    assert contact.read_contact("fax", docs).short == "0591-23100206"
    both = [Doc("邮编：350400；电话/传真：0591-23165370；电子邮箱：a@b.cn", "前言")]
    assert contact.read_contact("phone", both).short == "0591-23165370"
    assert contact.read_contact("email", both).short == "a@b.cn"
    assert contact.read_contact("postcode", both).short == "350400"


def test_the_counted_words_after_where_decide_the_figure():
    hotline = "组织开展19期问政节目，收到群众诉求348件，现场解决162件，跟进解决186件，办结率100%。"
    assert _number("收到的群众诉求里，现场解决了多少件？", hotline).short == "162件"
    assert _number("收到了多少件群众诉求？", hotline).short == "348件"


def test_a_figure_first_list_item_is_read_by_the_words_after_it():
    assert _number("播放量破百万的有多少条？",
                   "共发布爆款内容52条，其中1条播放量破亿、2条破千万、49条破百万。").short == "49条"


def test_a_clause_cut_inside_brackets_keeps_what_they_hold():
    found = text.read_text("其他处理", "其他处理",
                           [Doc("办结1191件。其中，不予处理80件（6.72%），其他处理319件（26.78%，含申请人主动撤回157件）。")],
                           set())
    assert found.short == "其他处理319件（26.78%，含申请人主动撤回157件）"


def test_a_figure_for_two_things_together_answers_neither_alone():
    joint = "全年接收通过邮寄、网络提交的政府信息公开申请共计81件，涉及自然人80件、商业企业1件。"
    assert _number("通过网络提交的申请有多少件？", joint) is None
    assert _number("通过邮寄、网络提交的申请共多少件？", joint).short == "81件"
    split = "通过网站、公众号发布信息120条，其中网站80条、公众号40条。"
    assert _number("网站发布了多少条信息？", split).short == "80条"


def test_a_modifier_does_not_tell_listed_things_apart():
    text = "主动公开地方性法规、政府规章和规范性文件类信息10条，工作动态类信息50条。"
    assert _number("主动公开的法规、规章和规范性文件类信息有多少条？", text).short == "10条"


def test_a_pair_in_a_clause_with_no_figure_is_no_joint_figure():
    text = ("对全区涉及的权责清单进行梳理、审核，共梳理出4个片区权责清单事项各14项，"
            "12个区直部门权责清单项共4650项。")
    assert _number("权责清单梳理里，12个区直部门的权责清单事项一共多少项？", text).short == "4650项"


def test_a_run_in_heading_counts_its_own_items_up_to_the_next_heading():
    report = [Doc("一、总体情况 1.加强组织领导。一是建立机制，二是压实责任。2.把握工作重点，扎实推进信息公开"
                  "（1）加强政策解读。一是解读文件，二是回应关切。（2）推进扶贫信息公开。（3）推进环保信息公开。"
                  "3.创新公开形式。二、主动公开政府信息情况")]
    found = part_five.named_section("“把握工作重点，扎实推进信息公开”下面一共列了多少项？", report, set())
    assert found.short == "3条"


def test_a_list_of_what_things_are_like_is_not_a_list_of_things():
    doc = Doc("及时关停整合用户关注度低、更新不及时、无力运维的新媒体账号，将相关功能进行集约整合。")
    assert compose.count_listed("关停整合了多少个新媒体账号？", [doc], set()) is None


def test_counting_named_things_needs_the_list_to_be_of_them():
    doc = Doc("加强对区政府网站、政务新媒体动态全面监管，按照管理标准定期检查。")
    assert compose.count_listed("一共有多少个政务新媒体账号？", [doc], set()) is None
    assert compose.count_listed("有几个平台？", [Doc("依托门户网站、微信公众号、政务微博等平台发布。")], set())[1] == 3


def test_yes_no_never_quotes_a_flattened_table_row():
    docs = [Doc("一、本年新收政府信息公开申请数量2000000二、上年结转政府信息公开申请数量0000000")]
    assert yesno.read_yes_no("有没有人申请信息公开？", "", docs, set()) is None


def test_things_named_one_by_one_are_counted_when_no_figure_is_stated():
    doc = Doc("我局于4月份、6月份举办“三提三效”内部运转机制优化交流培训会、“惠企政策信息发布工作培训会”。")
    found = compose.count_named_things("今年他们举办了几场培训会？", [doc], set())
    assert found is not None and found.short == "2场"
    assert compose.count_named_things("今年他们举办了几场发布会？", [doc], set()) is None  # not what is named


def test_a_breakdown_in_brackets_is_a_list_of_its_own():
    doc = Doc("全年共制发政府信息487条，其中，主动公开政府信息117条（涵盖政策文件类10条、规划计划类1条、"
              "重大项目信息7条、其他信息99条）、依申请公开274条、不予公开96条。")
    lists = compose.lists_in([doc], "主动公开的117条信息分了几类？", set())
    assert [i.mention.value for i in lists[0]] == [10, 1, 7, 99]  # not 10 figures of the whole sentence


def test_which_applicant_type_among_organisations_is_read_from_their_columns():
    from assistant.single import _fact_label, _table_list
    from ingest.facts.template import T3_NEW
    from ingest.models import Fact

    values = {"自然人": 3001, "商业企业": 53, "科研机构": 0, "社会公益组织": 0, "法律服务机构": 61, "其他": 4,
              "总计": 3119}
    facts = [Fact("r", "三", T3_NEW, col, v, "") for col, v in values.items()]
    among = _table_list("法人或其他组织提出的申请中，哪类申请人最多？", facts)
    assert max(among, key=lambda f: f.value).column == "法律服务机构" and len(among) == 5
    assert _fact_label(max(_table_list("哪类申请人最多？", facts), key=lambda f: f.value)) == "自然人"


def test_a_long_questions_context_names_no_cell():
    from assistant.question.kinds import by_name
    from assistant.single import _cell_asked

    q = "我们正在答复一封来信，来信人称“申请大多被拒绝”。请问因“补正后申请内容仍不明确”而无法提供的申请有几件？"
    cell = _cell_asked(by_name("number"), q, q, ("2021",))
    assert cell is not None and cell.rows == ["无法提供-补正后申请内容仍不明确"]


def test_the_sentence_before_a_chunk_cut_still_says_what_the_first_sentence_is_about():
    from types import SimpleNamespace as C

    from assistant.search.retriever import _before

    head = "定期对全县各单位信息公开页面开展全面巡查，重点核查公开指南的日常更新情况。"
    chunks = [C(report_id="r", section="s", kind="prose", text="前文。" + head),
              C(report_id="r", section="s", kind="prose", text="更新完善《甲标准目录》、《乙标准目录》2份清单。"),
              C(report_id="r", section="t", kind="prose", text="另一节。")]
    assert _before(chunks, 1).endswith(head) and _before(chunks, 2) == "" and _before(chunks, 0) == ""
    q = "定期网页巡查中更新完善的标准目录分别是什么？"
    alone = Doc(chunks[1].text)
    assert text.read_text(q, "", [alone], set()).coverage < 0.6  # 定期、巡查 are in the chunk before
    alone.metadata["before"] = _before(chunks, 1)
    ex = text.read_text(q, "", [alone], set())
    assert ex.coverage >= 0.6 and "甲标准目录" in ex.short


def test_the_outcome_of_a_table_four_row_lists_its_non_zero_results():
    from assistant.question.cells import parse_cell
    from assistant.single import _outcomes
    from ingest.models import Fact

    row = dict(zip(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"], [0, 0, 0, 1, 1]))
    facts = [Fact("r", "四", "行政复议", col, v, "行政复议 0 0 0 1 1") for col, v in row.items()]
    cell = parse_cell("有没有被申请行政复议？")
    assert _outcomes(cell, facts) == "尚未审结1件"
    assert _outcomes(cell, facts[:2]) == ""  # a result column that cannot be read: say nothing of the results


def test_a_unit_asked_of_counted_cases_is_never_a_count():
    """Class 4: "是哪个部门的答复被纠正了" asks a name; the tables count cases and never name anyone."""
    from assistant.question.kinds import ASKS_UNIT, by_name, classify
    from assistant.single import _cell_asked

    q = "复议里被纠正的那1件，是哪个部门的答复被纠正了？"
    assert classify(q).name == "who" and ASKS_UNIT.search(q)
    # the fallback to a text reading takes no cell ("行政复议结果纠正" is a count, not a unit)
    assert _cell_asked(by_name("text"), q, q, ("2021",)) is None
    counted = [Doc("本年度发生政府信息公开行政复议2件，其中结果纠正1件，有效降低行政复议纠错率。")]
    assert text.read_who(q, counted, set(), "青山县人民政府") is None
    # "谁提的" may still be an applicant type, which a cell does name
    assert not ASKS_UNIT.search("谁提的？个人还是企业")


def test_a_figure_counting_the_noun_the_question_counts_wins_over_one_beside_the_quoted_name():
    """Class 1: "多少个单位部门" is "对24个单位部门进行问政", not "6期《问政平潭》" whose clause holds the name."""
    from assistant.question.lexicon import counted_noun

    assert counted_noun("一共对多少个单位部门进行了问政？", "个") == "单位"
    assert counted_noun("开展了几期《问政平潭》？", "期") == "问政"
    docs = [Doc("2020年，共组织开展6期《问政平潭》，直面社会各界群众提出的实际问题，对24个单位部门进行问政，"
                "曝光了16个问题。")]
    q = "组织的《问政平潭》一共对多少个单位部门进行了问政？"
    assert figures.read_number(q, q, docs, set()).short == "24个"
    q = "《问政平潭》一共开展了几期？"
    assert figures.read_number(q, q, docs, set()).short == "6期"


def test_a_quoted_title_picks_the_sentence_but_its_own_count_is_not_the_figure():
    """Class 1: "通过《中卫日报》发布的信息" is 60条 (the paper picks its clause), and "《问政平潭之有事你说》现场解决的
    诉求" is never the programme's own 19期."""
    from assistant.single import _clean_label

    docs = [Doc("共主动公开发布各类信息91条。通过市人民政府网站发布共31条，通过中卫日报发布共60条。")]
    q = "通过《中卫日报》发布的信息"
    assert figures.read_number(q, q, docs, set(), not_the_titles=True).short == "60条"
    docs = [Doc("组织开展19期《问政平潭之有事你说》，上线部门22家，收到群众诉求348件，现场解决162件。")]
    q = "《问政平潭之有事你说》现场解决的诉求"
    assert figures.read_number(q, q, docs, set(), not_the_titles=True).short == "162件"
    # the body's own words leave a label, but not a title's
    assert _clean_label("通过《中卫日报》发布的信息", {"中卫", "中卫市"}) == "通过《中卫日报》发布的信息"


def test_a_numbered_part_is_read_by_its_heading():
    """Class 6: "第五部分的标题", "第六部分里写的是什么" are the part's heading and its prose."""
    from assistant.question.kinds import classify
    from assistant.read.part import read_part

    docs = [Doc("一、总体情况2024年，本局主动公开信息91条。", "一、总体情况", 0),
            Doc("四、政府信息公开行政复议、行政诉讼情况行政复议 0 0 0 0 0", "四、政府信息公开行政复议、行政诉讼情况", 1,
                kind="table"),
            Doc("五、存在的主要问题及整改措施一是公开内容不够全面。二是解读形式单一。",
                "五、存在的主要问题及整改措施", 2),
            Doc("六、其他需要报告的事项2024年度未收取信息处理费。", "六、其他需要报告的事项", 3)]
    assert classify("这份报告第五部分的标题是怎么写的？").name == "part"
    assert classify("第五部分提到了哪些问题？").name == "problems"  # its problems have their own reader
    assert read_part("这份报告第五部分的标题是怎么写的？", docs).short == "存在的主要问题及整改措施"
    assert read_part("第六部分“其他需要报告的事项”里写的是什么内容？", docs).short == "2024年度未收取信息处理费。"
    assert read_part("第4部分讲什么", docs).short == "政府信息公开行政复议、行政诉讼情况"  # a table part: its heading
    assert read_part("第七部分写了什么", docs) is None


def test_examples_the_asker_gives_illustrate_the_topic():
    docs = [Doc("我局无自建政府信息公开平台，无自有政务新媒体，信息全部依托市政府网站发布，由相关部门统一管理运行。"),
            Doc("下一步将加强平台建设。", n=1)]
    ex = yesno.read_yes_no("有没有自己运营的政务新媒体账号，比如公众号、微博？", "", docs, set())
    assert ex is not None and ex.short.startswith("没有") and ex.coverage >= 0.6


def test_a_directional_complement_is_not_what_is_asked():
    docs = [Doc("2023年全区接收通过邮寄、网络提交的各类政府信息公开申请共计81件。"), Doc("本年度工作情况良好。", n=1)]
    ex = text.read_text("信息公开申请是通过什么方式递交上来的？", "", docs, set())
    assert ex is not None and "邮寄" in ex.clause and ex.coverage >= 0.6
