"""Mechanisms added while working rounds 36–37's misses, each on hand-built questions and passages (issue 15's class
named on each test)."""

from __future__ import annotations

import re

import pytest

from assistant.question.plan import plan


def test_a_change_stated_in_a_clause_with_no_subject_measures_the_clause_before():
    """Class 9 (a figure worked from what the question gives): "…占比80.29%，说是较2019年下降10.33个百分点，那2019年
    这个占比是多少" — "说是" names nothing, the share before it is what changed."""
    steps = plan("某局2020年主动公开及依申请公开占比80.29%，说是较2019年下降10.33个百分点，那2019年这个占比是多少？")
    assert steps.op == "points_back" and steps.notes == ["+", "10.33", "2019"]
    assert steps.operands == ["某局2020年主动公开及依申请公开占比80.29%"]
    own = plan("网上申请占比60%，较2022年上升5个百分点，2022年是多少？")
    assert own.operands == ["网上申请占比60%"] and own.notes[0] == "-"


def test_who_asks_then_what_is_asked_keeps_only_what(doc):
    """Class 9 (the real question after context): "我是做企业合规的律师，想了解下…" names no applicant type; a line
    that asks ("我是企业的，企业申请了几件？") stays."""
    from assistant.question.chatter import without_chatter

    assert without_chatter("我是做企业合规的律师，想了解下某局那26件依申请公开是怎么答复的？") == \
        "想了解下某局那26件依申请公开是怎么答复的？"
    assert without_chatter("我是企业的，企业申请了几件？") == "我是企业的，企业申请了几件？"


def test_how_requests_were_answered_is_told_by_the_prose_sentence_about_them(doc):
    """Class 6 (how requests were handled): the prose's sentence on how the replies went, beside the table's results,
    without the part's heading run into it."""
    from assistant.single import _outcomes_told

    told, _ = _outcomes_told([doc("（二）依申请公开政府信息情况2023年度我局共收到依申请信息公开26件，及时回复申请人，"
                                  "并将申请人所申请的信息通过电子邮箱发送给申请人。（三）其他")])
    assert told.startswith("2023年度我局共收到") and told.endswith("通过电子邮箱发送给申请人")
    assert _outcomes_told([doc("全年共收到申请26件，较上年增加3件。")]) == ("", None)


def test_a_count_asked_again_with_no_subject_is_one_question():
    """Class 9 (counts of enumerated items): "…下面从（1）排到第几项？一共列了多少个小项？" asks one count twice; a
    later question with its own subject is still its own."""
    from assistant.question.kinds import classify
    from assistant.question.plan import sub_questions

    q = "“扎实推进信息公开”下面从（1）排到第几项？一共列了多少个小项？"
    assert sub_questions(q) == [q]
    assert classify(q).name == "count_items"
    assert classify("“扎实推进信息公开”下面从（1）排到第几项？").name == "count_items"
    assert classify("收到的申请数在各区县里排第几？").name == "rank"
    assert len(sub_questions("网站发布了多少条信息？政务微博一共有几个账号？")) == 2


def test_who_the_question_comes_from_and_what_the_asker_is_doing_are_no_part_of_it():
    """Class 9 (context before the question): "公众号小编来问：", "我在整理旧格式年报：" say who asks and why; words
    before a colon that name what is asked stay."""
    from assistant.question.chatter import without_chatter

    assert without_chatter("公众号小编来问：某县2025年的爆款内容里，播放量破百万的有几条？") == \
        "某县2025年的爆款内容里，播放量破百万的有几条？"
    assert without_chatter("我在整理旧格式年报：主动公开的117条信息涵盖了几类？") == "主动公开的117条信息涵盖了几类？"
    assert without_chatter("关于行政复议我想问：结果如何？") == "关于行政复议我想问：结果如何？"


def test_how_many_kinds_a_figure_covers_is_a_count_of_the_list():
    """Class 9 (counts of enumerated items): "117条信息涵盖了几类" counts the list's items, not a figure."""
    from assistant.question.kinds import classify

    assert classify("主动公开的117条信息涵盖了几类？").name == "count_items"
    assert classify("主动公开的信息涵盖了哪几类？").name != "count_items"


def test_a_part_taken_out_in_spoken_words_leaves_the_rest_of_the_list():
    """Class 9 (sums over a list): "刨掉政府网站信息那一块，其余各类加起来" is the list's sum without that item."""
    steps = plan("249条主动公开信息里，刨掉政府网站信息那一块，其余各类加起来有多少条？")
    assert steps.op == "sum_except" and steps.operands == ["政府网站信息"]


def test_a_share_of_two_figures_the_question_gives_by_an():
    """Class 9 (a share to the precision asked): "按它自己给的198条和510条算，应该是百分之多少" divides the two figures
    given (the report's own 41.5% is what is checked, not an operand)."""
    steps = plan("某局年报说主动公开的占41.5%，按它自己给的198条和510条算，应该是百分之多少？保留一位小数")
    assert (steps.op, steps.operands, steps.precision) == ("share", ["198条", "510条"], 1)
    assert plan("主动公开198条，依申请公开12条，一共多少条？") is None or plan(
        "主动公开198条，依申请公开12条，一共多少条？").op != "share"


def test_an_aside_on_where_the_answer_is_is_no_words_a_sentence_must_share():
    """Class 1 (a figure bound to the wrong words): "（问的是正文那句，不是表格）" says where to look; the sentence
    asked for is found on the question's own words."""
    from assistant.single import _ASIDE_ON_WHAT

    q = "区政府办代表区政府受理了多少件申请？（问的是正文那句，不是表格）"
    assert _ASIDE_ON_WHAT.sub("", q) == "区政府办代表区政府受理了多少件申请？"
    assert _ASIDE_ON_WHAT.sub("", "受理了多少件（含转办）？") == "受理了多少件（含转办）？"


def test_what_the_asker_does_before_the_report_named_is_no_part_of_the_question():
    """Class 9 (context before the question) and class 4 (a body no index holds): "我研究乡村治理，" names neither a
    township nor a measure; a clause that names an applicant or a body stays."""
    from assistant.question.bodies import _DEPARTMENT_WORD
    from assistant.question.chatter import without_chatter

    assert without_chatter("我研究乡村治理，某片区管理局2020年报说重点公开哪些内容？") == \
        "某片区管理局2020年报说重点公开哪些内容？"
    assert without_chatter("我在沭阳县工作，2025年报说收到多少申请？").startswith("我在沭阳县工作")
    assert without_chatter("我是个体户，想问问个人申请了几件？").startswith(("我是个体户", "想问问"))
    assert not _DEPARTMENT_WORD.search("研究乡村治理")
    assert _DEPARTMENT_WORD.search("去年城关乡收到几件").group(0).endswith("乡")


def test_which_body_did_it_after_a_yes_no_asks_who_not_yes_no_again():
    """Class 8 (follow-ups): "是哪个部门收的？" after "有没有收信息处理费？" asks which department charged it."""
    from assistant.question.followup import complete_follow_up
    from assistant.question.kinds import classify, kind_of

    whole, focus = complete_follow_up("是哪个部门收的？", [("某县2025年有没有收信息处理费？", "收了，共计380元。")])
    assert "有没有" not in whole and whole.endswith("是哪个部门收的")
    assert kind_of(whole, focus).name == "who"
    assert classify("哪个部门收了信息处理费？").name == "who"
    assert classify("2025年收了多少信息处理费？").name == "fee"


def test_how_many_accounts_is_a_count_of_things_not_of_people():
    """Class 1 (the unit disagrees with the question): "账号有多少个" is not "粉丝近45.9万人"; "多少个人关注" asks 人;
    "公众号有几个" counts the accounts the report names."""
    from assistant.question.kinds import classify
    from assistant.question.lexicon import asked_unit, units_agree
    from assistant.read.figures import read_number

    assert not units_agree("个", None, "万人") and not units_agree("个", None, "人")
    assert units_agree("个", None, "个") and asked_unit("一共多少个人关注？") == "人"
    assert read_number("政务新媒体账号有多少个？", "", [_doc("社交媒体账号粉丝总量近45.9万人。")], set()) is None
    assert classify("这个局的微信公众号有几个？").name == "count_items"


def _doc(text):
    from tests.unit.conftest import Doc

    return Doc(text)


def test_what_the_asker_is_doing_stays_when_it_names_the_place():
    """Class 9 with class 7: "我在写平潭的稿子：…哪一年最多" names the body in the aside; it stays in the question."""
    from assistant.question.chatter import without_chatter

    q = "我在写平潭的稿子：2019、2020这几年收到的申请里，哪一年最多？"
    assert without_chatter(q) == q
    assert without_chatter("我在查平潭2020年表三：各项加起来是多少？").startswith("我在查平潭2020年")


# -- round 38–39's misses -------------------------------------------------------------------------------------------


def test_a_last_part_about_the_asker_typed_without_marks_is_no_part_of_the_question():
    """Class 5 (words people type) and class 4: "…几个申请 我想看看老乡申请的多不多" — the last part says why, and
    老乡 is no township; a last part with a figure or an applicant stays."""
    from assistant.question.bodies import _DEPARTMENT_WORD
    from assistant.question.chatter import without_chatter

    assert without_chatter("平潭20年全区一共受理了几个信息公开申请 我想看看老乡申请的多不多") == \
        "平潭20年全区一共受理了几个信息公开申请"
    assert without_chatter("某县2025年老百姓反映问题有啥渠道 我在外地打工不方便回去") == \
        "某县2025年老百姓反映问题有啥渠道"
    assert without_chatter("用什么方式把信息给申请人的？我不信是当面给的。") == "用什么方式把信息给申请人的？"
    kept = "列举的各类信息逐项加起来是多少？我要核一下和'249条'对不对得上。"
    assert without_chatter(kept) == kept
    assert without_chatter("平潭2020年收到多少申请 我们企业申请了几件").endswith("我们企业申请了几件")
    assert not _DEPARTMENT_WORD.search("我想看看老乡申请的")


def test_a_sentence_about_the_asker_that_names_a_body_stays():
    """Class 7 (the body asked): "我刚调到海坛片区管理局，…。2023年的年报里说…" names the body only there; "我在学习中国
    的地方政府。" names none."""
    from assistant.question.chatter import without_chatter

    q = "我刚调到某片区管理局，领导让我今年多做民意征集。2023年的年报里说围绕哪些工作发布了问卷调查？"
    assert without_chatter(q) == q
    assert without_chatter("我在学习中国的地方政府。某局2024年一共主动公开了几条信息？") == \
        "某局2024年一共主动公开了几条信息？"


def test_some_unnamed_township_is_no_body_to_refuse():
    """Class 4 (a body no index holds): "某乡镇", "一个局" name no particular body."""
    from assistant.question.bodies import unknown_departments

    assert unknown_departments("我是沭阳县某乡镇新任党政办主任", []) == []
    assert unknown_departments("青山县教育局2024年收到几件申请", []) == ["教育局"]


def test_a_same_sound_slip_in_what_is_asked_is_read_as_the_word():
    """Class 5 (typos): "这个报告有留邮相吗" is 邮箱, said on the answer."""
    from assistant.question.fuzzy import correct
    from assistant.question.lexicon import ASKED_TERMS

    fixed, corrected = correct("这个报告有留邮相吗 是啥", ASKED_TERMS)
    assert "邮箱" in fixed and ("邮相", "邮箱") in corrected


def test_everyday_words_for_channels_and_the_public_find_the_reports_words():
    """Class 5 (spoken forms): 老百姓反映问题 ~ 民意反映, 途径 ~ 渠道, 交上去 ~ 提交, 管道 (Taiwan) ~ 渠道; 大家 says
    nothing of what is asked."""
    from assistant.question.lexicon import QUESTION_WORDS, REGIONAL_PHRASES, SYNONYMS

    assert "民意" in SYNONYMS["老百姓"] and "渠道" in SYNONYMS["途径"] and "提交" in SYNONYMS["交上去"]
    assert REGIONAL_PHRASES["管道"] == "渠道" and "大家" in QUESTION_WORDS


def test_a_heading_run_into_its_sentence_does_not_pull_the_next_part_in(doc):
    """Class 6 (text answers cut short or run on): in a crawled page "（二）依申请公开政府信息情况2023年度…发送给申请人
    （三）完善公开制度…" the sentence ends before the next heading, and a heading followed by a sentence is no list."""
    from assistant.read.common import clauses_in_sentences
    from assistant.read.text import _heads_items, read_text

    text = ("（二）依申请公开政府信息情况2023年度我局共收到依申请信息公开26件，及时回复申请人，并将申请人所申请的信息"
            "通过电子邮箱发送给申请人（三）完善公开制度规范，加强政府信息管理我局所有发布信息均按照原则执行。")
    assert {s for *_, s in clauses_in_sentences(text)} >= {text[: text.index("（三）")]}
    assert not _heads_items(text) and _heads_items("(三)主动公开政府信息的主要形式1.门户网站在网站公开")
    assert len({s for *_, s in clauses_in_sentences("依据第二十条第（一）项规定办理本年度的各类申请。")}) == 1
    found = read_text("他们是用什么方式把信息给申请人的？", "", [doc(text)], set())
    assert "电子邮箱" in found.short and "（三）" not in found.short


def test_a_quoted_problem_the_question_points_at_is_where_not_what(doc):
    """Class 6 (problems and measures): "针对“联系群众工作需要进一步巩固”，提到要把服务点延伸到哪些场所" is answered by
    the measure, not by the problem's heading."""
    from assistant.read.text import read_text

    docs = [doc("三是联系群众工作需要进一步巩固。针对上述问题，我县精准施策；一是增加解读的形式。"
                "持续强化专区建设，推动政务公开服务点向村（居）、便民服务中心等场所延伸。",
                "五、存在的主要问题及改进情况")]
    found = read_text("年报针对“联系群众工作需要进一步巩固”，提到要把政务公开服务点延伸到哪些场所？", "", docs, set())
    assert "便民服务中心" in found.short


def test_cells_named_tersely_as_a_spreadsheet_names_them():
    """Class 3 (rows and columns): "法人 商业企业" is the sub-column, "法人或其他组织 其他" the last one,
    "不予公开 第5项" the group's fifth item; brackets that list a sum's parts name no one of them, a bracketed gloss
    does."""
    from assistant.question.cells import parse_cell

    def cell(q):
        c = parse_cell(q, q, ("2021",))
        return c.rows[0], c.column

    assert cell("一、本年新收 法人 商业企业") == ("本年新收政府信息公开申请数量", "商业企业")
    assert cell("一、本年新收 法人或其他组织 其他") == ("本年新收政府信息公开申请数量", "其他")
    assert cell("结果 不予公开 第5项 总计") == ("不予公开-属于三类内部事务信息", "总计")
    assert cell("无法提供第二项") == ("无法提供-没有现成信息需要另行制作", "总计")
    assert cell("法人或其他组织申请了多少件")[1] == "法人或其他组织"
    assert cell("新收的申请里，法人或其他组织（商业企业、科研机构、其他）合计多少件？")[1] == "法人或其他组织"
    assert cell("律所（法律服务机构）提交了多少件申请？")[1] == "法律服务机构"


def test_a_rough_figure_put_as_a_yes_no_is_answered_with_the_exact_figure():
    """Class 9 (a yes/no that is a count in disguise) and class 5 (spoken numbers): "是不是一百出头？" asks the figure
    and whether it fits; the verdict leads with the report's figure, never a year."""
    from assistant.question.kinds import classify
    from assistant.read.claim import parse_claim, verdict

    c = parse_claim("某局2024年主动公开的信息是不是一百出头？一共多少条？")
    assert c.rough == (100.0, 130.0) and c.question.startswith("某局2024年主动公开的信息是多少")
    assert verdict(c, "91条", 91.0).startswith("不是，报告写的是91条")
    c = parse_claim("那个微信公众号2023年推送的文章是八百多篇吗？")
    assert c.rough == (800.0, 900.0) and c.question.endswith("是多少篇？") and "是是" not in c.question
    assert verdict(c, "877余篇", 877.0).startswith("是，报告写的是877")
    low, high = parse_claim("收到两百件左右吗").rough
    assert (round(low), round(high)) == (170, 230)
    assert parse_claim("是不是上千条").rough == (1000.0, float("inf"))
    assert parse_claim("九十多条信息里有几条是动态？") is None
    assert classify("文章是八百多篇吗？").name == "claim"


def test_follow_ups_on_table_two_columns_and_the_year_before():
    """Class 8 (follow-ups): "那“现行有效件数”呢？" swaps table 二's column; "上一年度同一栏目的数字" is the earlier
    question a year before; "还有几件没办完转到明年的" is 结转下年度."""
    from assistant.question.cells import parse_cell
    from assistant.question.followup import complete_follow_up

    prev = [("某市2024年“行政规范性文件”的“本年废止件数”是多少？", "26件")]
    assert "现行有效件数" in complete_follow_up("那“现行有效件数”呢？", prev)[0]
    prev = [("某区2024年“行政许可”本年处理决定数量为多少？", "123")]
    assert complete_follow_up("上一年度同一栏目的数字是多少？", prev)[0] == \
        "某区2023年“行政许可”本年处理决定数量为多少？"
    assert "结转" in complete_follow_up("上一年结转了多少？", prev)[0]
    assert parse_cell("还有几件没办完转到明年的申请").rows == ["结转下年度继续办理"]
    assert parse_cell("办结了多少件申请").rows == ["总计"]


def test_measures_no_cell_or_sentence_states_are_refused(doc):
    """Class 4 (a measure no cell or sentence states): "全年访问量" typed as keywords is a figure question, and
    "发布问卷调查4份" is no count of "收回…有效问卷"; "这36起行政复议里，涉及征地拆迁信息的" names no table-四 cell."""
    from assistant.question.cells import parse_cell
    from assistant.question.kinds import classify
    from assistant.read.figures import read_number

    assert classify("县政府门户网站 全年访问量").name == "number"
    passage = doc("2025年围绕防汛等工作发布问卷调查4份、开展意见征集4次。")
    assert read_number("发布的问卷调查一共收回了多少份有效问卷？", "", [passage], set()) is None
    assert read_number("发布了多少份问卷调查？", "", [passage], set()).short == "4份"
    assert parse_cell("这36起行政复议里，涉及征地拆迁信息的有几起？") is None
    assert parse_cell("行政复议纠正的有几起").column == "结果纠正"


def test_a_person_asked_by_name_is_refused_when_the_report_names_only_roles(doc):
    """Class 6 and class 4: "由哪位领导分管？" asks a name; "经分管领导把关" names a role. A thing's name ("那个短视频
    品牌叫什么名字") is no person."""
    from assistant.question.kinds import classify
    from assistant.read.contact import read_person

    assert classify("报告里写了局里政务公开工作由哪位领导分管吗？").name == "person"
    assert classify("上海打造的那个政策解读短视频品牌叫什么名字？").name != "person"
    assert read_person([doc("由各处室根据各自职责，经分管领导把关后，将主动公开的文件及时上传。")]) is None
    assert read_person([doc("联系人：王小明，电话：0591-1234567。")]).short == "王小明"


def test_generic_places_and_spoken_verbs_name_nothing():
    """Class 4 and class 5: "各县区" is no place to refuse; in "片区这边 …还能去哪查" neither 这边 nor jieba's 要查/哪查
    weigh (查 is how the asker asks)."""
    from assistant.question.bodies import unknown_places
    from assistant.read.common import key_terms

    assert unknown_places("市里要对各县区政务公开队伍搞摸底", []) == []
    terms = key_terms("片区这边 群众要查政府信息 还能去哪查", "", set())
    assert set(terms) == {"片区", "群众"}


def test_the_pages_own_fields_are_read_beside_their_labels(doc):
    """Class 6 (text questions outside the listed kinds): "索引号是多少" is the page's field, not a figure."""
    from assistant.question.kinds import classify
    from assistant.read.contact import read_field

    page = doc("名称 | 某局2023年政府信息公开年度报告\n索引号 | 014314799/2024-00002 | 分类 | 信息公开年报\n", "前言")
    assert classify("某局2023年政府信息公开年度报告的索引号是多少？").name == "field"
    assert read_field("索引号是多少？", [page]).short == "014314799/2024-00002"
    assert read_field("发布机构是哪个？", [page]) is None


def test_which_rule_the_report_was_compiled_under_in_other_words():
    """Class 6: "还依据了哪一部上海本地的规定编制" asks the report's basis."""
    from assistant.question.kinds import classify

    assert classify("除了国家的《条例》，还依据了哪一部上海本地的规定编制？").name == "basis"


def test_how_the_other_request_was_handled_is_an_outcome():
    """Class 8 (follow-ups) and class 6: "一件公开答复了，另一件呢？" asks the other's outcome."""
    from assistant.question.kinds import classify

    assert classify("这一年收到2件申请，一件公开答复了，另一件呢？").name == "outcome"


def test_a_figure_to_verify_by_the_relation_is_asked_and_checked():
    """Class 9: "…总计是多少？请用“第一项加第二项之和等于第三项加第四项之和”验证。" asks the cell, then the check."""
    from assistant.question.plan import plan, verification_asked

    q = "表三“四、结转下年度继续办理”总计是多少？请用“第一项加第二项之和等于第三项加第四项之和”验证。"
    assert verification_asked(q) == ("表三“四、结转下年度继续办理”总计是多少？", True)
    assert plan(q) is None
    assert verification_asked("收到多少件？请核对一下。") == ("收到多少件？", False)


def test_a_figure_in_a_part_on_another_year_speaks_of_that_year(doc):
    """Class 7 (years): "针对2024年问题的改进里…多少个政策文件" on the 2025 report is answered from the part headed
    "（一）2024年工作中存在问题的改进情况"."""
    from assistant.read.common import Extract
    from assistant.single import _of_years

    passage = "全市已有近1400个政策文件实现“阅办联动”。"
    ex = Extract("近1400个", passage, passage, {"section": "五、问题 > （一）2024 年工作中存在问题的改进情况"}, 1.0)
    assert _of_years(ex, [2024]) and not _of_years(ex, [2023])


def test_rankings_of_a_stated_share_across_reports():
    """Class 8 (across reports): "比例最高是百分之多少" is a maximum, not a difference (比例 compares nothing); the
    follow-up "那最低的…" swaps the end of the ranking; a quoted "“…占”" share is read as stated."""
    from assistant.across import OPS
    from assistant.question.followup import complete_follow_up
    from assistant.question.plan import plan

    q = "某局2019、2021、2023、2025四年的年报里，“主动公开的政府信息占”的比例最高是百分之多少？"
    assert next(name for name, pat in OPS if pat.search(q) and name != "share") == "max"  # (share: two bodies)
    assert "最低" in complete_follow_up("那最低的占比是百分之多少？", [(q, "41.5%")])[0]
    assert next(name for name, pat in OPS if pat.search("那最低的占比是百分之多少") and name != "share") == "min"
    assert plan("“主动公开的政府信息占”的比例是百分之多少？") is None
    assert plan("予以公开占办理结果总计的百分之几？").op == "share"


def test_an_item_set_aside_before_ranking():
    """Class 9 (the largest item of a list): "（不算“其他应主动公开政府信息”），哪类最多"."""
    from assistant.read.compose import left_out, without_item

    q = "平潭全区2020年报告列的各类政府信息里（不算“其他应主动公开政府信息”），哪类最多，多少条？"
    assert left_out(q) == "其他应主动公开政府信息"
    items = ["重大建设项目信息", "其他应主动公开政府信息", "机构职能类信息"]
    assert without_item(items, str, left_out(q)) == ["重大建设项目信息", "机构职能类信息"]
    assert without_item(items, str, "") == items


def test_what_a_numbered_item_of_table_two_registers():
    """Class 3 (the 2019 template's table 二): "第二十条第（九）项登记的是什么内容" is the layout's item."""
    from assistant.question.kinds import classify

    assert classify("老模板的表二最后那个第二十条第（九）项登记的是什么内容？").name == "layout"
    assert classify("表二第二十条第（一）项规章本年制发多少件？").name != "layout"


def test_a_word_the_report_misspells_still_counts():
    """Class 5 (variant characters), on the report's side: "残差不齐" is 参差不齐 at one character; a short word is
    never read so."""
    from assistant.read.common import _misspelt, coverage

    clause = "导致信息公开工作规范程度残差不齐"
    assert _misspelt("参差不齐", clause) and not _misspelt("参差", clause) and not _misspelt("整齐划一", clause)
    assert coverage(clause, {"参差不齐": 4.0}) > 0


def test_a_why_is_answered_by_what_comes_before_its_consequence(doc):
    """Class 6: "…规范程度参差不齐，是因为什么" is answered by the causes before "导致…", not by the effect."""
    from assistant.read.text import read_text

    sentence = ("二是受人员编制限制，各单位信息公开多由办公室人员兼职经办，流动性较大，"
                "导致信息公开工作规范程度残差不齐；三是宣传不够。")
    found = read_text("各单位信息公开工作规范程度参差不齐", "", [doc(sentence)], set())
    assert "残差不齐" in found.clause


def test_what_the_brackets_after_a_label_say(doc):
    """Class 6: "部分公开后面括号注的计数规则是什么" is the bracket right after the words in the report."""
    from assistant.question.kinds import classify
    from assistant.read.text import read_bracket

    q = "年报表三里部分公开后面括号注的计数规则是什么"
    assert classify(q).name == "bracket"
    table = doc("（二）部分公开（区分处理的，只计这一情形，不计其他情形） 0 0 0", "三、收到和处理政府信息公开申请情况")
    assert read_bracket(q, [table]).short == "区分处理的，只计这一情形，不计其他情形"
    assert read_bracket("不予公开后面括号里写的什么", [table]) is None


def test_where_in_the_office_building_is_a_place_in_the_reports_words():
    """Class 5 (everyday words): 办公楼 ~ 楼层大厅."""
    from assistant.question.lexicon import SYNONYMS

    assert "大厅" in SYNONYMS["办公楼"]


# -- round 40–41's misses -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("question, whole, parts", [
    ("本年新收的申请里面，除了自然人以外的申请人一共提了几件？", "本年新收政府信息公开申请数量（总计）", ["自然人"]),
    ("全年收到的申请里，不是自然人提出的有几件？", "本年新收政府信息公开申请数量（总计）", ["自然人"]),
    ("81件里面，没有公开的（予以公开、部分公开都不算）有多少件？", "办理结果总计", ["予以公开", "部分公开"]),
    ("办理结果里头，既不是予以公开、也不是部分公开的，一共有多少件？", "办理结果总计", ["予以公开", "部分公开"]),
    ("收到的申请里，没有被“予以公开”的有多少件？", "办理结果总计", ["予以公开"]),
    ("行政复议那61件，结果不是“维持”的有多少件？", "行政复议总计", ["结果维持"]),
])
def test_what_something_is_not_is_its_whole_less_it(question, whole, parts):
    """Class 9 (a count in disguise): the whole less the cells named after 不是/除了/没有被/都不算."""
    from assistant.question.cells import complement_cells

    found_whole, found_parts = complement_cells(question)
    assert found_whole.label == whole
    assert [p.column if p.table == "四" or p.column != "总计" else p.label for p in found_parts] == parts


def test_what_something_is_not_only_when_a_cell_is_named():
    from assistant.question.cells import complement_cells

    assert complement_cells("是不是全部都予以公开了？") is None
    assert complement_cells("除了门户网站以外还发布了多少条？") is None
    assert complement_cells("申请人主动撤回的申请有多少件？") is None


def test_english_mixed_in_is_read_as_the_reports_words():
    """Class 5 (words people type): "table 三 里，本年新收 applications 的总计", "What percentage of the information was
    主动公开 this year?" — template terms and question words read; joining words read as nothing (and not noted)."""
    from assistant.question.script import english_read

    text, pairs = english_read("What percentage of the information was 主动公开 this year?")
    assert "百分之多少" in text and "信息" in text and "本年" in text and "of" not in text
    assert ("of", "") not in pairs and ("this year", "本年") in pairs
    assert english_read("administrative reconsideration（行政复议）的总计")[0].startswith("行政复议")


def test_a_short_year_typed_after_the_place_and_the_year_carried_into():
    """Class 5: "平潭全区25 复议维持" is 2025; "结转至2026年", "结转 to 2026" name no report's year."""
    from assistant.question.years import normalise_years, without_carried_into

    assert normalise_years("平潭全区25 复议维持").startswith("平潭全区2025年")
    assert normalise_years("共25 件") == "共25 件" and normalise_years("收到25 份") == "收到25 份"
    assert "2026" not in without_carried_into("结转至2026年6件") and "2026" not in without_carried_into("结转 to 2026")


def test_an_amount_in_the_money_unit_asked():
    """Class 1 (the unit asked): "是多少元？四舍五入到元" of 4166.214619万元, "折合多少亿元" of 96171.6万元."""
    from assistant.models import Answer
    from assistant.question.followup import complete_follow_up
    from assistant.question.plan import precision
    from assistant.single import _to_money_unit_asked, _to_precision_asked

    a = Answer("q", "根据表格：4166.214619万元。", "4166.214619万元", True, [])
    _to_money_unit_asked(a, "行政事业性收费是多少元？四舍五入到元")
    _to_precision_asked(a, precision("四舍五入到元"))
    assert a.short_answer.startswith("41662146元（报告原数为4166.214619万元）")
    b = Answer("q", "96171.6万元。", "96171.6万元", True, [])
    _to_money_unit_asked(b, "折合多少亿元？保留两位小数")
    _to_precision_asked(b, 2)
    assert b.short_answer.startswith("9.62亿元")
    assert complete_follow_up("折合多少亿元？", [("淮安市2024年行政事业性收费多少？", "96171.6万元")])[0].startswith(
        "折合多少亿元，淮安市2024年")


def test_where_a_board_was_set_up_is_no_address_question():
    from assistant.question.kinds import classify

    assert classify("政务公开栏设立在什么地方？").name != "address"
    assert classify("你们办公地址在哪？").name == "address"


def test_full_width_digits_are_read_as_digits():
    """Class 5 (how people type): "平潭财政金融局２０１９年主动公开的９０条" names 2019 and 90."""
    from assistant.question.script import half_width

    assert half_width("２０１９年主动公开的９０条，ＷｅＣｈａｔ") == "2019年主动公开的90条，WeChat"


def test_puzzlement_before_the_figure_asked_is_one_question():
    """Class 9 (the real question after context): "…一条一条加起来，怎么对不上？括号里各类加起来到底是多少条？" asks
    the list's sum; "括号里那十一类信息的条数，合计" is the list in the brackets."""
    from assistant.question.plan import plan, sub_questions

    q = "年报上说全区共公布政府信息2599条，我把括号里那十一类一条一条加起来，怎么对不上？括号里各类加起来到底是多少条？"
    assert sub_questions(q) == [q] and plan(q).op == "sum_listed"
    assert plan("括号里那十一类信息的条数，合计是多少条？").op == "sum_listed"
    assert len(sub_questions("收到多少件申请？行政复议有几起？")) == 2


def test_sums_and_exclusions_in_other_words():
    """Class 9: "两年加一起", "除掉…那一项，其余各项加起来", "再把上年结转过来的也算上，…总共…多少件"."""
    from assistant.question.followup import complete_follow_up
    from assistant.question.lexicon import IN_ALL

    assert re.search(IN_ALL, "2023年和2024年本年新收的申请两年加一起是多少件")
    assert plan("主动公开的249条，除掉“政府网站信息”那一项，其余各项加起来是多少条？").op == "sum_except"
    whole, _ = complete_follow_up("那再把上年结转过来的也算上，这一年总共要处理的申请是多少件？",
                                  [("市政府受理了多少件政府信息公开申请？", "1295件")])
    assert "上年结转" in whole and "加起来" in whole
    earlier = [("召开了多少场新闻发布会？", "5场")]
    assert "新闻通气会" in complete_follow_up("那加上新闻通气会一共是多少场？", earlier)[0]


def test_a_figure_put_with_a_tag_question_is_checked():
    """Class 9 (a claim to check): "…梳理的也是26个试点领域的公开目录吧？" asks whether 26 is right."""
    from assistant.question.kinds import classify
    from assistant.read.claim import parse_claim

    c = parse_claim("某局2020年的报告里梳理的也是26个试点领域的公开目录吧？")
    assert c.value == 26 and c.question.endswith("梳理的也是多少个试点领域的公开目录？")
    assert classify("某局2020年的报告里梳理的也是26个试点领域的公开目录吧？").name == "claim"
    assert parse_claim("平潭2020年收到多少申请吧？") is None


def test_a_follow_up_on_another_group_of_results_counts_its_items():
    """Class 8: "那“（五）不予处理”呢？分几种？" after "“（三）不予公开”一共细分成几种情形？"."""
    from assistant.question.kinds import classify

    assert classify("那“（五）不予处理”呢？分几种？").name == "group_items"


def test_a_room_number_is_part_of_the_address():
    from assistant.question.kinds import classify

    assert classify("办公室几号房").name == "address"


def test_a_year_the_question_gives_a_sum_of_money_for_is_given_not_asked():
    """Class 7 (years): "洪泽区2024年信息处理费是0元，那2022年收了多少" asks 2022 (refused when not held); "从2021年的
    7816万元降到2025年，一共降了多少" compares both."""
    from assistant.question.years import asked_years

    assert asked_years("洪泽区2024年信息处理费是0元，那洪泽区2022年收了多少信息处理费？", [2024, 2022]) == [2022]
    assert asked_years("从2021年的7816万元降到2025年，一共降了多少万元？", [2021, 2025]) == [2021, 2025]


def test_a_thing_quoted_by_name_is_what_the_figures_sentence_is_about(doc):
    """Class 1 and class 4: "“意见建议箱”收到了多少条意见" is not answered by "“政府开放日”期间共收到群众意见建议4条";
    a quote with a figure in it, or a phrase, is no such constraint."""
    from assistant.read.figures import read_number

    passages = [doc("通过设立意见建议箱，并向社会公开发布我局政府信息公开监督电话。"),
                doc("2024年“政府开放日”期间共收到群众意见建议4条。")]
    assert read_number("“意见建议箱”收到了多少条意见？", "", passages, set()) is None
    assert read_number("“政府开放日”期间收到多少条意见建议？", "", passages, set()).short == "4条"


def test_the_same_figure_put_for_another_year_in_a_follow_up():
    """Class 8 (follow-ups) with class 9: "2025年也是八百多篇吧？" asks the last turn's figure for 2025, and checks
    it."""
    from assistant.question.followup import complete_follow_up

    whole, _ = complete_follow_up("2025年也是八百多篇吧？", [("某片区2023年公众号推送了多少篇文章？", "877余篇")])
    assert whole.startswith("某片区2025年公众号推送了多少篇文章") and whole.endswith("八百多篇吧")
    assert complete_follow_up("2025年呢？", [("某片区2023年公众号推送了多少篇文章？", "877余篇")])[0] == \
        "某片区2025年公众号推送了多少篇文章？"


def test_a_publication_date_put_to_check_asks_the_date():
    from assistant.question.kinds import classify

    assert classify("沭阳县发改局2023年的年报是2023年12月就发出来了吧？").name == "date"


def test_questions_on_the_templates_own_form():
    """Class 6 (text questions outside the listed kinds): which other row an item has, the relation's own sentence, a
    header the report misspells; "区管委会" is the body's own committee, not another body."""
    from assistant.question.bodies import unknown_departments
    from assistant.question.kinds import classify

    assert classify("这份报告用的是旧格式，第二十条第（五）项里除了“行政许可”还有哪一行？").name == "layout"
    assert classify("表三上面括号里关于勾稽关系的那句说明，原文是怎么写的？").name == "note"
    assert classify("第二十条第（一）项的表头里“现行有效件数”好像打错了字，原文写成了什么？").name == "proofread"
    assert unknown_departments("对区管委会全部规范性文件先后进行了几次专项清理？", []) == []


def test_the_other_problem_and_the_content_of_requests_pointed_at():
    """Class 6: "除了政策解读质量，报告说的另一个问题" asks the problems; "这17件都是啥内容" is not answered by a
    sentence about something else's 内容."""
    from assistant.question.kinds import classify
    from assistant.question.lexicon import holds_what_is_asked

    assert classify("除了政策解读质量，报告说的另一个问题是哪方面的？").name == "problems"
    assert not holds_what_is_asked("这17件都是啥内容", "将政府网站平台信息公开工作纳入全区高质量发展考核内容")
    assert holds_what_is_asked("这17件都是啥内容", "17件申请主要涉及征地拆迁、规划审批等内容")


# -- round 42–43's misses -------------------------------------------------------------------------------------------


def test_a_part_named_by_its_title(doc):
    """Class 6: "“其他需要报告的事项”这一部分写了什么" reads that part."""
    from assistant.question.kinds import classify
    from assistant.read.part import read_part

    q = "“其他需要报告的事项”这一部分写了什么？"
    assert classify(q).name == "part"
    docs = [doc("五、存在的主要问题及改进情况一是……", "五、存在的主要问题及改进情况"),
            doc("六、其他需要报告的事项无其他需要报告的事项。", "六、其他需要报告的事项")]
    assert read_part(q, docs).short == "无其他需要报告的事项。"


def test_which_typed_as_that_and_cantonese_measure_words():
    """Class 5 (typos and spoken forms): "是那个部门收的" asks which; "咁入面…幾多宗" is 那里面…多少件; "啥时候发的"."""
    from assistant.question.kinds import classify
    from assistant.question.script import english_read

    assert english_read("是那个部门收的")[0] == "是哪个部门收的"
    assert english_read("是那个部门收的吗")[0] == "是那个部门收的吗"
    assert english_read("咁入面结果纠正嘅有几多宗？")[0] == "那里面结果纠正的有多少件？"
    assert classify("沭阳发改局23年的年报啥时候发的").name == "date"


def test_a_rate_the_measure_is_to_lower_is_why_not_what():
    """Class 6: "要靠什么来有效降低…发生率和纠错率" asks the measure, not a rate."""
    from assistant.question.kinds import classify

    assert classify("改进措施里说要靠什么来有效降低行政复议、行政诉讼的发生率和纠错率？").name != "percent"


def test_a_caller_relayed_with_a_filler_or_a_follow_up_verb():
    """Class 9 (context before the question): "嗯，市民还追问，", "有位家长打电话说" say who asks."""
    from assistant.question.chatter import without_chatter

    assert without_chatter("嗯，市民还追问，那里面真正办完的是多少件？") == "那里面真正办完的是多少件？"
    assert without_chatter("有位家长打电话说很关心平潭的教育信息公开，他问2019年全区教育领域一共发布了多少条信息？") \
        .startswith("很关心平潭")


def test_the_count_behind_a_share_given_and_an_either_or_outcome():
    """Class 9 and class 8: "占47.36%，这个百分比对应的件数是多少" asks the count beside it; "结果是维持还是纠正" asks
    the outcome (neither, when it is pending)."""
    from assistant.question.kinds import classify
    from assistant.read.figures import _POINTED_SHARE

    q = "报告说因本机关不掌握等原因无法提供占47.36%，这个百分比对应的件数是多少呢？"
    assert classify(q).name != "percent" and _POINTED_SHARE.search(q).group(1) == "47.36"
    assert classify("有1件政府信息公开行政复议，结果是维持还是纠正？").name == "outcome"


def test_the_signature_date_is_not_the_issuing_lines(doc):
    """Class 6: "…经济发展局 2021年1月26日 …办公室 2020年1月26日印发": the signature's date is 2021年1月26日."""
    from assistant.read.contact import read_signed_date

    end = doc("六、其他需要报告的事项 无 某经济发展局 2021年1月26日 某经济发展局办公室 2020年1月26日印发 附件下载",
              "六、其他需要报告的事项")
    assert read_signed_date([end]).short == "2021年1月26日"
    plain = doc("六、其他需要报告的事项 无 某经济发展局 2021年1月26日", "六、其他需要报告的事项")
    assert read_signed_date([plain]).short == "2021年1月26日"


def test_the_issuing_lines_date_when_it_is_asked(doc):
    from assistant.read.contact import read_signed_date

    end = doc("六、其他需要报告的事项 无 某经济发展局 2021年1月26日 某经济发展局办公室 2020年1月26日印发 附件下载",
              "六、其他需要报告的事项")
    assert read_signed_date([end], issued=True).short == "2020年1月26日"
