"""Table facts of the 12 shared reports against values read by hand from the raw files.

Expected values below were read off the files themselves (the .txt/.md text, the digit runs of
the Pingtan pages split by hand with the row sums, the PDFs' printed tables), not from the parser.
"""

from __future__ import annotations

import pytest
from conftest import load_shared, needs_shared

from ingest.facts.digits import group_candidates, plain_candidates, splits, sum_row_candidates
from ingest.facts.extract import detect_template, extract_facts, fact_sentences
from ingest.facts.rows import UNSURE, read_plain_row, read_sum_row
from ingest.facts.table3 import read_table3
from ingest.models import TableBlock
from ingest.text.clean import clean

T3_ROWS_2021 = [
    "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "予以公开",
    "部分公开",
    "不予公开-属于国家秘密",
    "不予公开-其他法律行政法规禁止公开",
    "不予公开-危及“三安全一稳定”",
    "不予公开-保护第三方合法权益",
    "不予公开-属于三类内部事务信息",
    "不予公开-属于四类过程性信息",
    "不予公开-属于行政执法案卷",
    "不予公开-属于行政查询事项",
    "无法提供-本机关不掌握相关政府信息",
    "无法提供-没有现成信息需要另行制作",
    "无法提供-补正后申请内容仍不明确",
    "不予处理-信访举报投诉类申请",
    "不予处理-重复申请",
    "不予处理-要求提供公开出版物",
    "不予处理-无正当理由大量反复申请",
    "不予处理-要求行政机关确认或重新出具已获取信息",
    "其他处理-申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "其他处理-其他",
    "总计",
    "结转下年度继续办理",
]
# Reports with a single （六）其他处理 row (2019 template, and the Hongze PDFs).
T3_ROWS_SINGLE_OTHER = T3_ROWS_2021[:20] + ["其他处理"] + T3_ROWS_2021[23:]


def _totals(new, carried, open_, partial, withheld, unavailable, not_processed, other, total, nxt):
    """The 总计 column in row order: group lists expand to their sub-rows."""
    return [new, carried, open_, partial, *withheld, *unavailable, *not_processed, *other, total, nxt]


# report file → (template, table 三 总计 column in row order, table 四 15 numbers)
EXPECTED = {
    "zhongwei-kjj-2024.txt": (
        "2021",
        _totals(0, 0, 0, 0, [0] * 8, [0] * 3, [0] * 5, [0] * 3, 0, 0),
        [0] * 15,
    ),
    "shuyang-fgj-2023.txt": (
        "2021",
        _totals(26, 0, 26, 0, [0] * 8, [0] * 3, [0] * 5, [0] * 3, 26, 0),
        [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    ),
    "shanghai-bgt-2025.md": (
        "2021",
        _totals(1295, 189, 206, 2, [4, 0, 1, 0, 9, 1, 0, 5], [513, 48, 3], [62, 16, 1, 1, 0], [43, 0, 276], 1191, 293),
        [40, 0, 10, 5, 55, 2, 0, 4, 6, 12, 6, 0, 9, 7, 22],
    ),
    "shuyang-xian-2025.md": (
        "2021",
        _totals(713, 36, 294, 101, [0, 0, 2, 2, 13, 2, 4, 9], [111, 2, 0], [12, 7, 0, 0, 0], [9, 7, 143], 718, 31),
        [27, 10, 9, 15, 61, 3, 0, 0, 0, 3, 8, 0, 1, 1, 10],
    ),
    "pingtan-2019.txt": (
        "2019",
        _totals(23, 0, 7, 1, [0] * 8, [7, 0, 5], [0, 3, 0, 0, 0], [0], 23, 0),
        [0] * 15,
    ),
    "pingtan-2020.txt": (
        "2019",
        _totals(21, 0, 7, 6, [0] * 8, [4, 0, 3], [0, 3, 0, 0, 0], [4], 21, 0),
        [0] * 15,
    ),
    "pingtan-2021.txt": (
        "2021",
        _totals(70, 0, 30, 5, [0, 0, 0, 0, 1, 0, 6, 1], [25, 0, 0], [0] * 5, [0, 0, 1], 69, 1),
        [1, 0, 2, 0, 3, 12, 0, 0, 0, 12, 0, 0, 0, 0, 0],
    ),
    "pingtan-2023.txt": (
        "2021",
        _totals(81, 0, 22, 20, [0, 0, 0, 1, 0, 1, 1, 2], [31, 0, 0], [0, 1, 0, 0, 0], [1, 0, 1], 81, 0),
        [1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2],
    ),
    "pingtan-2025.txt": (
        "2021",
        _totals(154, 0, 33, 38, [0, 0, 0, 0, 3, 2, 3, 3], [50, 3, 0], [2, 0, 0, 0, 0], [8, 2, 1], 148, 6),
        [25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3],
    ),
    "hongze-qu-2023.pdf": (
        "2021",
        _totals(21, 0, 0, 4, [1, 0, 0, 0, 0, 1, 1, 0], [10, 3, 0], [1, 0, 0, 0, 0], [0], 21, 0),
        # As printed: 复议 10 1 0 0 0 and 复议后起诉 5 0 0 0 0 do not add up in the PDF itself.
        [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0],
    ),
    "hongze-qu-2024.pdf": (
        "2021",
        _totals(95, 0, 50, 9, [0, 0, 1, 0, 0, 1, 1, 0], [31, 1, 0], [1, 0, 0, 0, 0], [0], 95, 0),
        [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3],
    ),
    "huaian-shi-2024.pdf": (
        "2021",
        _totals(
            3119, 34, 1362, 454, [2, 31, 5, 6, 8, 12, 9, 105], [769, 11, 1], [62, 25, 0, 0, 1], [71, 6, 110], 3050, 103
        ),
        [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20],
    ),
}
SINGLE_OTHER = {"pingtan-2019.txt", "pingtan-2020.txt", "hongze-qu-2023.pdf", "hongze-qu-2024.pdf"}
T4_ROWS = ["行政复议", "行政诉讼-未经复议直接起诉", "行政诉讼-复议后起诉"]
T4_COLUMNS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


_CACHE: dict[str, tuple[str, list, str]] = {}


def read_report(name: str):
    """(template, facts, cleaned text) of one report, loaded once per session."""
    if name not in _CACHE:
        doc = load_shared(name)
        text = clean(doc.text)
        template, facts = extract_facts(text, doc.tables, name.rsplit(".", 1)[0])
        _CACHE[name] = (template, facts, text)
    return _CACHE[name]


def cell(facts, table: str, row: str, column: str):
    found = [f for f in facts if (f.table, f.row, f.column) == (table, row, column)]
    assert len(found) == 1, f"{table}/{row}/{column}: {len(found)} facts"
    return found[0]


@pytest.mark.parametrize("name", sorted(EXPECTED))
@needs_shared()
def test_table3_totals(name):
    template, totals, _ = EXPECTED[name]
    got_template, facts, _ = read_report(name)
    assert got_template == template
    rows = T3_ROWS_SINGLE_OTHER if name in SINGLE_OTHER else T3_ROWS_2021
    assert len(rows) == len(totals)
    got = {row: cell(facts, "三", row, "总计").value for row in rows}
    assert got == dict(zip(rows, totals, strict=True))


@pytest.mark.parametrize("name", sorted(EXPECTED))
@needs_shared()
def test_table4(name):
    _, _, numbers = EXPECTED[name]
    _, facts, _ = read_report(name)
    got = [cell(facts, "四", row, col).value for row in T4_ROWS for col in T4_COLUMNS]
    assert got == numbers


@pytest.mark.parametrize("name", sorted(EXPECTED))
@needs_shared()
def test_every_fact_is_well_formed(name):
    _, facts, _ = read_report(name)
    assert {f.table for f in facts} <= {"二", "三", "四"}
    for f in facts:
        assert f.value is None or isinstance(f.value, int | float)
        assert f.source and "\n" not in f.source
        assert not f.row[0].isdigit() and not f.row.startswith(("（", "一、", "二、"))


@needs_shared()
def test_applicant_columns_read_by_hand():
    _, facts, _ = read_report("huaian-shi-2024.pdf")
    row = "本年新收政府信息公开申请数量"
    assert [cell(facts, "三", row, c).value
            for c in ["自然人", "商业企业", "法律服务机构", "其他"]] == [3001, 53, 61, 4]
    _, facts, _ = read_report("pingtan-2021.txt")  # 640020470 = 64|0|0|2|0|4|70
    assert [cell(facts, "三", row, c).value for c in ["自然人", "社会公益组织", "其他"]] == [64, 2, 4]


@needs_shared()
def test_blank_cells_are_null_and_totals_still_read():
    _, facts, _ = read_report("shuyang-fgj-2023.txt")
    row = "予以公开"
    assert cell(facts, "三", row, "自然人").value == 26
    assert cell(facts, "三", row, "商业企业").value is None
    assert cell(facts, "三", row, "其他").value is None
    assert cell(facts, "三", row, "总计").value == 26
    assert "（空）" in cell(facts, "三", row, "商业企业").source


@needs_shared()
def test_table2_values():
    _, facts, _ = read_report("zhongwei-kjj-2024.txt")
    assert [cell(facts, "二", "行政规范性文件", c).value
            for c in ["本年制发件数", "本年废止件数", "现行有效件数"]] == [0, 1, 1]
    _, facts, _ = read_report("shuyang-fgj-2023.txt")  # the report says 规范性文件
    assert cell(facts, "二", "行政规范性文件", "现行有效件数").value == 18
    _, facts, _ = read_report("shuyang-xian-2025.md")
    assert cell(facts, "二", "行政事业性收费", "本年收费金额").value == pytest.approx(4068.208)
    assert cell(facts, "二", "行政许可", "本年处理决定数量").value == 517645


@needs_shared()
def test_table2_unreadable_cells_are_null():
    # Shanghai: “规章 | 22 | 235” gives two numbers for three columns.
    _, facts, _ = read_report("shanghai-bgt-2025.md")
    assert cell(facts, "二", "规章", "本年制发件数").value is None
    assert cell(facts, "二", "行政许可", "本年处理决定数量").value == 0
    # Pingtan: “行政规范性文件693665” has no sum to split by; single-column rows are certain.
    _, facts, _ = read_report("pingtan-2021.txt")
    assert cell(facts, "二", "行政规范性文件", "现行有效件数").value is None
    assert UNSURE in cell(facts, "二", "行政规范性文件", "现行有效件数").source
    assert cell(facts, "二", "规章", "本年制发件数").value == 0
    assert cell(facts, "二", "行政许可", "本年处理决定数量").value == 2293
    assert cell(facts, "二", "行政事业性收费", "本年收费金额").value == pytest.approx(24252.311082)


@needs_shared()
def test_table2_2019_template_words():
    _, facts, _ = read_report("pingtan-2020.txt")
    assert [cell(facts, "二", "规章", c).value
            for c in ["本年新制作数量", "本年新公开数量", "对外公开总数量"]] == [0, 0, 7]
    assert cell(facts, "二", "行政处罚", "本年增/减").value is None  # 2648-18538: cut unknown


@needs_shared()
def test_table2_2019_sign_fixes_the_cut():
    # Only 本年增/减 can be negative: the minus opens it, so the digits before it are 上一年项目数量.
    _, facts, _ = read_report("pingtan-2020.txt")
    assert cell(facts, "二", "行政处罚", "上一年项目数量").value == 2648
    assert cell(facts, "二", "行政处罚", "处理决定数量").value is None  # -1|8538 … or a dash for blank then 18538
    assert [cell(facts, "二", "行政事业性收费", c).value for c in ["上一年项目数量", "本年增/减"]] == [35, -15]
    assert read_plain_row("2648-1", 3, signed=1).values == [2648, None, None]
    assert read_plain_row("1-2-3", 3, signed=1).values == [None, None, None]


@needs_shared()
def test_pdf_tables_alone_give_the_same_facts():
    doc = load_shared("huaian-shi-2024.pdf")
    _, from_tables = extract_facts("", doc.tables, "huaian")
    _, from_text = extract_facts(clean(doc.text), [], "huaian")
    key = {(f.table, f.row, f.column): f.value for f in from_text}
    assert {(f.table, f.row, f.column): f.value for f in from_tables} == key


@needs_shared()
def test_source_shows_the_row():
    _, facts, _ = read_report("zhongwei-kjj-2024.txt")
    assert cell(facts, "三", "予以公开", "总计").source == "（一）予以公开 0 0 0 0 0 0 0"
    _, facts, _ = read_report("pingtan-2021.txt")
    source = cell(facts, "三", "予以公开", "总计").source
    assert "270020130" in source and "27 0 0 2 0 1 30" in source


# ---------------------------------------------------------------- digit runs


def test_splits_have_no_leading_zeros():
    assert list(splits("100", 2)) == [(10, 0)]
    assert list(splits("000", 3)) == [(0, 0, 0)]
    assert list(splits("05", 1)) == []


def test_unique_split():
    assert sum_row_candidates("640020470") == [(64, 0, 0, 2, 0, 4, 70)]
    row = read_sum_row("640020470\n二、上年结转")
    assert row.values == [64, 0, 0, 2, 0, 4, 70]


def test_stray_spaces_inside_a_run():
    assert sum_row_candidates("200 000121") == [(20, 0, 0, 0, 0, 1, 21)]
    assert read_sum_row("20 0 00 0 121").values == [20, 0, 0, 0, 0, 1, 21]


def test_ambiguous_run_is_null():
    # 27|0|0|2|0|1|30 and 2|7|0|0|20|1|30 both add up: the row alone cannot decide.
    assert len(sum_row_candidates("270020130")) == 2
    row = read_sum_row("270020130")
    assert row.values == [None] * 7
    assert row.note == UNSURE


def test_impossible_run_is_null():
    row = read_sum_row("1234567")
    assert row.values == [None] * 7


def test_next_label_number_is_not_a_value():
    # “…00000002.其他法律…”: the 2 numbers the next label.
    assert read_sum_row("00000002.").values == [0] * 7


def test_table4_groups():
    assert group_candidates("110024001510102") == [(1, 1, 0, 0, 2, 4, 0, 0, 1, 5, 1, 0, 1, 0, 2)]
    assert group_candidates("25380363300630003") == [(25, 3, 8, 0, 36, 3, 3, 0, 0, 6, 3, 0, 0, 0, 3)]


def test_plain_rows_only_when_forced():
    assert plain_candidates("000", 3) == [(0, 0, 0)]
    assert read_plain_row("693665", 3).values == [None, None, None]
    assert read_plain_row(" 0 1 1\n第二十条", 3).values == [0, 1, 1]
    assert read_plain_row(" | 8 | 0 | 18\n| 下一行 | 1 |", 3).values == [8, 0, 18]


def _flattened_table3(new: str, opened: str, unavailable: str, total: str) -> str:
    zero = "0000000"
    withheld = "".join(f"{i}.{label}{zero}" for i, label in enumerate(
        ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
         "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"], 1))
    return (
        f"一、本年新收政府信息公开申请数量{new}\n二、上年结转政府信息公开申请数量{zero}\n"
        f"三、本年度办理结果（一）予以公开{opened}\n（二）部分公开（区分处理的，只计这一情形，不计其他情形）{zero}\n"
        f"（三）不予公开{withheld}\n（四）无法提供1.本机关不掌握相关政府信息{unavailable}"
        f"2.没有现成信息需要另行制作{zero}3.补正后申请内容仍不明确{zero}\n"
        f"（五）不予处理1.信访举报投诉类申请{zero}2.重复申请{zero}3.要求提供公开出版物{zero}"
        f"4.无正当理由大量反复申请{zero}5.要求行政机关确认或重新出具已获取信息{zero}\n"
        f"（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请{zero}"
        f"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请{zero}3.其他{zero}\n"
        f"（七）总计{total}\n四、结转下年度继续办理{zero}"
    )


def test_column_relations_settle_an_ambiguous_run():
    # 予以公开 270020130 and 无法提供 220000325 each split two ways; only one pair adds up to 总计.
    _, reads, _ = read_table3(_flattened_table3("490020455", "270020130", "220000325", "490020455"))
    assert reads["予以公开"].values == [27, 0, 0, 2, 0, 1, 30]
    assert reads["无法提供-本机关不掌握相关政府信息"].values == [22, 0, 0, 0, 0, 3, 25]


def test_column_relations_that_cannot_decide_leave_null():
    # Without the 总计 row nothing constrains the columns: both splits stay possible, and only the
    # cells they agree on are certain (27|0|0|2|0|1|30 or 2|7|0|0|20|1|30).
    region = _flattened_table3("490020455", "270020130", "220000325", "490020455").replace("（七）总计490020455", "")
    _, reads, _ = read_table3(region)
    assert reads["予以公开"].values == [None, None, 0, None, None, 1, 30]


# ---------------------------------------------------------------- templates and sentences


def test_detect_template():
    assert detect_template("信息内容 本年制发件数 本年废止件数") == "2021"
    assert detect_template("信息内容本年新制作数量本年新公开数量") == "2019"
    assert detect_template("（国办公开办函〔2021〕30 号）") == "2021"
    assert detect_template("没有表格的文字") == "unknown"


def test_tables_from_a_loader():
    rows = [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "1", "0", "11"]]
    t3 = [["一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3"]]
    template, facts = extract_facts("", [TableBlock(rows), TableBlock(t3)], "r")
    assert template == "2021"
    assert cell(facts, "二", "规章", "现行有效件数").value == 11
    assert cell(facts, "三", "本年新收政府信息公开申请数量", "总计").value == 3


@needs_shared()
def test_fact_sentences():
    _, facts, _ = read_report("shuyang-fgj-2023.txt")
    sentences = dict((s.split("：")[0], (sec, s)) for sec, s in fact_sentences(facts))
    section, sentence = sentences["本年新收政府信息公开申请数量"]
    assert section == "三、收到和处理政府信息公开申请情况"
    assert sentence.startswith("本年新收政府信息公开申请数量：自然人26件，商业企业未填写，")
    assert sentence.endswith("总计26件")
    assert sentences["不予公开（属于国家秘密）"][1].startswith("不予公开（属于国家秘密）：自然人0件")
    assert sentences["行政事业性收费"][1] == "行政事业性收费：本年收费金额0万元"
    assert sentences["行政诉讼（复议后起诉）"][0] == "四、政府信息公开行政复议、行政诉讼情况"


def test_order_and_label_readings_must_agree():
    from ingest.facts.template import t3_rows

    lines = [f"{spec.label} {' '.join(['1', '0', '0', '0', '0', '0', '1'])}" for spec in t3_rows(True)]
    lines[2], lines[3] = lines[3].replace(" 1 0 0 0 0 0 1", " 2 0 0 0 0 0 2"), lines[2]  # 部分公开 printed first
    _, reads, _ = read_table3("\n".join(lines))
    assert reads["予以公开"].values == [None] * 7  # by order 2…2, by its label 1…1: unsure
    assert reads["总计"].values == [1, 0, 0, 0, 0, 0, 1]
