"""Mechanisms closed after the first runs of rounds 15, 16 and 17, each on hand-built passages, records or facts
(classes 1, 4, 6, 8 and 9 of issue 15)."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.question.cells import parse_cell
from assistant.question.followup import complete_follow_up
from assistant.question.kinds import classify
from assistant.question.lexicon import platforms_missing
from assistant.question.plan import sub_questions
from assistant.question.understand import understand
from assistant.question.years import years_in
from assistant.read import text, yesno
from ingest.facts.template import T3_NEW, T3_TOTAL
from ingest.models import Fact, Report
from tests.unit.conftest import Doc

TODAY = dt.date(2026, 12, 1)


def _facts(rows: dict[str, int], column: str = "总计") -> list[Fact]:
    return [Fact("r", "三", row, column, v, f"{row} {v}") for row, v in rows.items()]


@pytest.mark.parametrize("question, kind", [
    ("表三里是记在哪种办理结果下面的？", "outcome"),  # 在哪种 is not an address
    ("不予公开的那3件，都是什么理由？", "outcome"),
    ("收到的那2件申请，处理结果分别是什么？", "outcome"),
    ("不予公开的八种情形加起来一共多少件？", "number"),  # a sum over the reasons, not a listing
    ("政务公开栏设在什么地方？", "text"),  # where a thing is, not the office's address
    ("你们单位在什么地方", "address"),
    ("这份年报是按哪个文件的格式要求编的？", "basis"),
    ("表四的数字包不包括上年结转的？", "includes"),
])
def test_kinds_of_round_15(question, kind):
    assert classify(question).name == kind


def test_the_reasons_of_one_result_are_its_non_zero_items():
    from assistant.single import _ASKS_REASONS

    assert _ASKS_REASONS.search("不予公开的那3件，都是什么理由？")
    cell = parse_cell("不予公开的那3件，都是什么理由？")
    assert cell is not None and cell.rows == ["不予公开-*"]


def test_what_a_question_adds_about_its_figure_names_no_cell():
    new = parse_cell("本年新收的政府信息公开申请有多少件？不算上年结转的")
    assert new is not None and new.rows == [T3_NEW]
    done = parse_cell("今年依申请公开一共办结了多少件（含上年结转）？")
    assert done is not None and done.rows == [T3_TOTAL]
    label = parse_cell("表三（七）总计那一行，总计列填的是多少？")  # a template item's number is a label
    assert label is not None and label.rows == [T3_TOTAL]
    q = "律所（法律服务机构）提交了多少件申请？"
    lawyers = parse_cell(q, q)  # the question's own bracket that names the column stays
    assert lawyers is not None and lawyers.column == "法律服务机构"


def test_a_yes_no_over_a_whole_column_compares_with_every_result():
    from assistant.models import Answer
    from assistant.single import _as_yes_no

    facts = _facts({"予以公开": 26, T3_TOTAL: 26})
    cell = parse_cell("那26件申请是不是全部都予以公开了？")
    answer = Answer("q", "a", "26件", True, [])
    _as_yes_no(answer, cell, 26, facts, "那26件申请是不是全部都予以公开了？")
    assert answer.short_answer.startswith("是，全部予以公开")
    part = Answer("q", "a", "20件", True, [])
    _as_yes_no(part, cell, 20, _facts({"予以公开": 20, T3_TOTAL: 26}), "申请是不是都予以公开了？")
    assert part.short_answer.startswith("不是")


def test_a_cell_in_another_unit_than_money_asked_is_no_answer():
    from assistant.question.cells import CellQuery
    from assistant.single import _cell_unit_agrees

    fees = CellQuery("二", ["行政事业性收费"], "本年增/减", "行政事业性收费本年增/减")
    assert not _cell_unit_agrees("行政事业性收费金额是多少万元？", "", fees, -15)
    cases = CellQuery("四", ["行政复议"], "总计", "行政复议总计")
    assert _cell_unit_agrees("有的话几起？", "", cases, 3)  # 起 and 件 both count cases


def test_a_platform_named_must_be_what_the_figure_counts():
    assert platforms_missing("“上海发布”在抖音上有多少粉丝？", "“上海发布”在海内外15个平台粉丝数累积超3170万")
    assert not platforms_missing("微信公众号推送了多少篇？", "“平潭海坛片区”微信公众号。2023年共推送文章877余篇")


def test_includes_reads_the_note_that_says_what_a_figure_counts():
    docs = [Doc("本年度报告全文包括总体情况、主动公开政府信息情况等六个部分。"),
            Doc("四、行政复议、行政诉讼情况 注：行政复议、行政诉讼数量含上年度结转数量。", n=1)]
    ex = yesno.read_includes("表四那些行政复议、行政诉讼的数字包不包括上年结转的？", docs, set())
    assert ex is not None and ex.short.startswith("包括（注：")
    out = [Doc("本年办结的申请不含上年结转的申请。")]
    assert yesno.read_includes("办结数包不包括上年结转的？", out, set()).short.startswith("不包括")


def test_the_basis_lists_each_document_once_with_its_number():
    docs = [Doc("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《关于年度报告格式的通知》"
                "（国办公开办函〔2021〕30号）要求，编制本报告。")]
    ex = text.read_basis(docs)
    assert ex is not None
    assert ex.short == "《中华人民共和国政府信息公开条例》、《关于年度报告格式的通知》（国办公开办函〔2021〕30号）"


def test_a_stated_count_of_what_was_asked_is_not_a_key_term():
    from assistant.read.common import key_terms

    assert "两件" not in key_terms("收到的那两件申请是从什么渠道来的？", "", set())
    assert "十条" in key_terms("表二第二十条第（一）项的表头", "", set())  # a piece of 第二十条, not a count


@pytest.mark.parametrize("question, history, effective", [
    # a bare count with the verb of an earlier turn counts what that turn counted, in this turn's year
    ("那它2023年收到几件？", [("某局2025年收到几件政府信息公开申请？", "2件"), ("办理结果呢？", "…")],
     "某局2023年收到几件政府信息公开申请？"),
    # several years listed after the earlier turn's question
    ("2023、2025年又各是多少？", [("某局2020年公开了多少条政府信息？", "254条")],
     "某局2023、2025年公开了多少条政府信息？"),
    # a part that goes on from a yes/no asks of what the yes/no was about
    ("收了的话是哪个部门收的？", [("是否收取了信息处理费？", "380元")], "收取了信息处理费，是哪个部门收的"),
])
def test_follow_ups_of_round_15(question, history, effective):
    assert complete_follow_up(question, history)[0].rstrip("？?") == effective.rstrip("？?")


def test_these_two_years_are_the_last_two_turns_years():
    reports = [Report(f"r{y}", f"r{y}.txt", "t", "平潭综合实验区", y, "2021") for y in (2023, 2025)]
    history = [("平潭综合实验区2023年全区收到多少件政府信息公开申请？", "81件"), ("那2025年呢？", "154件")]
    u = understand("这两年相差多少件？", reports, history=history, today=TODAY)
    assert sorted(u.report_ids) == ["r2023", "r2025"]


def test_years_listed_before_how_many_years():
    assert years_in("2019、2021、2023、2025几年里哪年最多", TODAY) == [2019, 2021, 2023, 2025]


def test_the_figure_of_what_the_part_before_picked_joins_it():
    assert len(sub_questions("2019、2020、2021这几年里，哪一年最多？是多少件？")) == 1
    from assistant.across import OPS

    # "是同一个号码吗？是多少？" compares the two reports' numbers as written
    assert next(name for name, p in OPS if p.search("2020年和2023年的电话是同一个号码吗？是多少？")) == "same"


def test_a_government_is_not_answered_from_its_departments():
    reports = [Report("a", "a.txt", "t", "中卫市科学技术局", 2024, "2021"),
               Report("b", "b.txt", "t", "上海市人民政府办公厅", 2025, "2021")]
    u = understand("中卫市人民政府2024年全市一共收到多少件申请？", reports, today=TODAY)
    assert u.refusal and "中卫市人民政府" in u.refusal and "中卫市科学技术局" in u.refusal
    assert not understand("中卫2024年在市政府网站上发布了多少条？", reports, today=TODAY).refusal  # a website
    assert not understand("上海市人民政府2025年受理了多少申请？", reports, today=TODAY).refusal  # its general office


def test_a_share_of_another_bodys_figure_names_both_bodies():
    from assistant.across import across_op
    from assistant.question.bodies import match_several

    reports = [Report("a", "a.txt", "t", "平潭综合实验区财政金融局", 2025, "2021"),
               Report("b", "b.txt", "t", "平潭综合实验区", 2025, "2021")]
    q = "平潭财政金融局2025年收到的申请占当年平潭全区申请数的百分之几？"
    assert [r.report_id for r in match_several(q, reports)][:1] == ["a"]
    assert across_op(understand(q, reports, today=TODAY)) == "share"
    one = [Report("c", "c.txt", "t", "平潭综合实验区", y, "2021") for y in (2023, 2025)]
    # one body's share over two years is a comparison of shares, not a share of another body
    assert across_op(understand("平潭予以公开的占比，2025年比2023年高了几个百分点？", one, today=TODAY)) == "diff"


def test_the_two_bodies_of_the_earlier_turns_each_in_its_own_year():
    from assistant.across import OPS

    reports = [Report("s", "s.txt", "t", "上海市人民政府办公厅", 2025, "2021"),
               Report("h", "h.txt", "t", "淮安市人民政府", 2024, "2021"),
               Report("h5", "h5.txt", "t", "淮安市人民政府", 2025, "2021")]
    history = [("上海市政府办公厅2025年新收了多少件政府信息公开申请？", "1295件"), ("淮安市政府2024年呢？", "3119件")]
    u = understand("那两家加起来一共多少件？", reports, history=history, today=TODAY)
    assert sorted(u.report_ids) == ["h", "s"] and u.joined
    assert next(name for name, p in OPS if p.search("这两个单位谁的多？")) == "max"


def test_a_long_sentence_answers_which_channels_with_its_clause_that_names_them():
    docs = [Doc("（一）基本情况今年，我区共公布政府信息2599条，(其中机构职能类信息25条，规划计划类信息28条，"
                "其他信息856条)对于主动公开的政府信息，主要通过政府门户网站、办公场所的宣传栏、《平潭时报》、"
                "电视广播等媒介发布公开。")]
    ex = text.read_text("这份年报说主动公开的信息主要靠哪些渠道发出去？", "", docs, set())
    assert ex is not None and ex.short.startswith("主要通过政府门户网站") and "2599" not in ex.short


@pytest.mark.parametrize("question, claimed, value", [
    ("我看到有文章说某局2024年主动公开的91条里，通过中卫日报发布的是31条，对吗？", "通过中卫日报发布的是多少条？", 31),
    ("予以公开及部分公开208件，占比写的是17.64%，这个百分比写对了没有？",
     "予以公开及部分公开208件，占比写的是百分之多少？", 17.64),
    ("那26件申请，听说有一部分是部分公开的，是吧？", "有一部分是部分公开的吗？", None),  # a claim of fact
])
def test_a_claim_is_asked_as_the_question_it_answers(question, claimed, value):
    from assistant.read.claim import parse_claim, verdict

    c = parse_claim(question)
    assert c is not None and c.question.endswith(claimed) and c.value == value
    if value is not None:
        assert verdict(c, f"{value:g}{c.unit}", value).startswith("对") and verdict(c, "60条", 60).startswith("不对")


def test_side_questions_and_averages():
    from assistant.across import OPS

    assert sub_questions("平谭2025年全区一共收到了多少件申请啊，打官司的又有几起？") == \
        ["平谭2025年全区一共收到了多少件申请啊？", "打官司的又有几起？"]
    assert len(sub_questions("撤回的有多少件呐？顺便问下他们开了几场新闻发布会")) == 2
    assert next(name for name, p in OPS if p.search("四年主动公开条数的平均值是多少")) == "avg"


def test_the_real_questions_cell_beats_the_contexts():
    from assistant.question.kinds import by_name
    from assistant.single import _cell_asked

    q = "报告里说今年不予公开5件、占6.17%，这个我核过了。无法提供那一类一共是多少件？"
    cell = _cell_asked(by_name("number"), q, q, ("2021",))
    assert cell is not None and cell.rows[0].startswith("无法提供")
    q = "全县办理复议、诉讼相关案件74件，那表四里光行政复议的总计是多少件？"
    cell = _cell_asked(by_name("number"), q, q, ("2021",))
    assert cell is not None and cell.rows == ["行政复议"]


def test_words_that_are_no_cell_or_body():
    from assistant.question.bodies import unknown_departments

    assert parse_cell("这个局负责政务公开的工作人员有几个人？") is None  # 几个人 counts people, not 个人
    reports = [Report("j", "j.txt", "t", "平潭综合实验区经济发展局", 2022, "2021")]
    assert not unknown_departments("平潭经济发展局2022年除了用本局名字命名的那个公众号，还有哪些？", reports)


def test_the_note_under_the_table_named_and_the_signer_as_written():
    from assistant.read import contact

    docs = [Doc("三、收到和处理政府信息公开申请情况 注：本表含上年结转。", section="三、收到和处理申请情况"),
            Doc("四、行政复议 注：行政复议、行政诉讼数量含上年度结转数量。", section="四、行政复议、行政诉讼情况", n=1)]
    assert text.read_note("表四下面那行注是怎么写的？", docs).short == "注：行政复议、行政诉讼数量含上年度结转数量。"
    assert classify("表四下面那行“注”是怎么写的？").name == "note" and classify("今年注重哪些工作？").name != "note"
    signed = [Doc("保证政府信息公开工作持续良好地开展。 平潭综合实验区财政全融局 2022年1月13日")]
    assert contact.read_signer(signed).short == "平潭综合实验区财政全融局"  # the typo kept: it is what is asked
    assert classify("文末落款的单位名称是什么？").name == "signer"
    # asked whether it is misspelt, the proofreader answers (tests/unit/test_round21.py), naming the slip
    assert classify("文末落款的单位名称是不是打错字了？").name == "proofread"


def test_the_same_row_of_the_last_turn_in_another_column():
    history = [("表三里予以公开的总计是多少？", "1362件")]
    effective = complete_follow_up("同一行，法律服务机构那一列是多少？", history)[0]
    cell = parse_cell(effective, effective)
    assert cell is not None and cell.rows == ["予以公开"] and cell.column == "法律服务机构"


def test_hearsay_before_a_claim_is_not_what_is_asked():
    from assistant.read.claim import parse_claim

    c = parse_claim("我看到有文章说某局2024年通过中卫日报发布的是31条，对吗？")
    assert c is not None and c.question == "某局2024年通过中卫日报发布的是多少条？"


def test_what_requests_were_about_is_no_cell_and_a_fee_counted_in_requests_is_no_amount():
    assert parse_cell("今年涉及征地拆迁的政府信息公开申请有多少件？") is None
    q = "涉及商业企业的申请有多少件"  # an applicant type named so is still its column
    assert parse_cell(q, q).column == "商业企业"
    assert classify("收取的那3940元信息处理费，一共涉及多少件申请？").name != "fee"
    assert classify("全年收取了多少信息处理费？").name == "fee"


def test_a_refusal_names_what_was_asked_whole():
    from assistant.single import _measure_words

    assert _measure_words("今年涉及征地拆迁的政府信息公开申请有多少件？", set()) == "涉及征地拆迁申请"


def test_a_follow_ups_own_words_decide_its_cell_not_the_earlier_turns():
    from assistant.question.kinds import by_name
    from assistant.single import _cell_asked

    earlier = "您好。请问平潭综合实验区2020年收到多少件政府信息公开申请？"
    effective, focus = complete_follow_up("行政复议有多少件？", [(earlier, "21件")])
    cell = _cell_asked(by_name("number"), effective, focus, ("2019",))
    assert cell is not None and cell.table == "四"


@pytest.mark.parametrize("question, history, effective", [
    ("这两个加起来", [("某县2025年予以公开的申请有多少件？", "294件"), ("那部分公开呢？", "101件")],
     "某县2025年予以公开的申请和部分公开的申请加起来一共是多少？"),
    ("比例呢", [("某局2023年主动公开了多少条政府信息？", "107条")], "某局2023年主动公开了政府信息的占比是多少？"),
])
def test_follow_ups_of_round_17(question, history, effective):
    assert complete_follow_up(question, history)[0] == effective


def test_every_result_added_and_how_many_bodies_have_one():
    from assistant.across import OPS
    from assistant.question.lexicon import holds_what_is_asked

    cell = parse_cell("平潭2020年表三各项办理结果（予以公开到其他处理）加起来是多少？")
    assert cell is not None and "予以公开" in cell.rows and "其他处理-*" in cell.rows and cell.column == "总计"
    assert next(name for name, p in OPS if p.search("这几家里，有几家发生了行政诉讼？")) == "count"
    # a name or a date asked: a sentence that only counts the thing holds neither
    assert not holds_what_is_asked("修订的那份规范性文件叫什么名字？", "2024年按程序修订规范性文件1份")
    assert holds_what_is_asked("修订的那份规范性文件叫什么名字？", "修订了《科技项目管理办法》")
    assert not holds_what_is_asked("政府开放日是哪天办的？", "通过组织开展“政府开放日”活动")


def test_a_stretch_across_word_edges_is_no_slip():
    from assistant.question.fuzzy import correct

    words = frozenset(["政府办", "沭阳县", "发改局"])
    assert correct("网络问政的办理满意率是多少？", words) == ("网络问政的办理满意率是多少？", [])
    assert correct("沐阳县发改局2023年收到几件", words)[1] == [("沐阳县", "沭阳县")]
