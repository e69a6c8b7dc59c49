"""The scoring rules of QA_FORMAT.md, one test per rule."""

from __future__ import annotations

import pytest

from eval.scorer import cn_to_number, first_number, is_cited, score_item, text_matches


def answer(short="", full="", found=True, files=()):
    return {"question": "q", "answer": full or short, "short_answer": short, "found": found,
            "citations": [{"report_id": f.split(".")[0], "file": f, "body": "", "year": None,
                           "section": "", "text": "…"} for f in files],
            "mode": "extractive", "latency_ms": 1.0}


def gold(kind="number", value="31", accept=(), report="a.txt"):
    return {"id": "t-1", "question": "q", "kind": kind, "answer": value, "accept": list(accept),
            "report": report, "evidence": "", "scope": None}


@pytest.mark.parametrize("text, value", [
    ("三十一", 31), ("一百零五", 105), ("两千三百", 2300), ("〇", 0), ("零", 0), ("十二", 12), ("十", 10),
    ("二十", 20), ("一千零一十", 1010), ("三万五千", 35000), ("二〇二四", 2024), ("九", 9),
])
def test_chinese_numerals(text, value):
    assert cn_to_number(text) == value


@pytest.mark.parametrize("text", ["", "万", "年", "三个"])
def test_not_a_numeral(text):
    assert cn_to_number(text) is None


@pytest.mark.parametrize("text, value", [
    ("31条", 31), ("31件", 31), ("31.0", 31), ("1,295件", 1295), ("共 12 件", 12), ("三十一条", 31),
    ("零件", 0), ("12.5%", 12.5), ("４０６８.２０８万元", 4068.208), ("约 7 个工作日，最多 20 个", 7),
    # "一共" / "一是" are words, not the number 1
    ("一共31条", 31), ("一是加强培训，共三条", 3),
])
def test_first_number(text, value):
    assert first_number(text) == value


@pytest.mark.parametrize("text", [None, "", "未收取", "没有找到"])
def test_first_number_none(text):
    assert first_number(text) is None


def test_number_right_with_unit_and_numerals():
    assert score_item(gold(value="31"), answer("31条"))[0]
    assert score_item(gold(value="31"), answer("三十一件"))[0]
    assert score_item(gold(value="31"), answer("31.0"))[0]
    assert score_item(gold(value="1295"), answer("1,295件"))[0]
    assert score_item(gold(value="0"), answer("0件"))[0]
    assert score_item(gold(value="4068.208"), answer("4068.208万元"))[0]


def test_number_uses_only_the_first_number_of_the_short_answer():
    assert not score_item(gold(value="31"), answer("2024年31条"))[0]
    assert not score_item(gold(value="31"), answer("30条"))[0]
    # the full answer is not looked at for numbers
    assert not score_item(gold(value="31"), answer("", full="共31条"))[0]


def test_number_not_found_is_wrong_even_with_the_right_digits():
    assert not score_item(gold(value="31"), answer("31条", found=False))[0]


def test_text_accept_list_whitespace_removed_both_sides():
    g = gold("text", "0955-7063893", accept=["0955-7063893", "7063893"])
    assert score_item(g, answer("电话：0955 - 7063893"))[0]
    assert score_item(g, answer("", full="联系电话是 706\n3893。"))[0]
    assert not score_item(g, answer("0955-7063894"))[0]
    assert not score_item(g, answer("0955-7063893", found=False))[0]


def test_text_any_accept_string_in_short_or_full_answer():
    g = gold("text", "…", accept=["未收取", "没有收取"])
    assert score_item(g, answer("无", full="2024年度没有 收取信息处理费"))[0]
    assert score_item(g, answer("未 收取"))[0]
    assert not score_item(g, answer("收取了380元"))[0]
    assert text_matches(["a b"], "xaby")


def test_refusals():
    g = gold("none", "", report=None)
    assert score_item(g, answer("", found=False))[0]
    assert not score_item(g, answer("31条", found=True))[0]


def test_cited_when_a_citation_names_the_gold_report():
    g = gold(value="31", report="a.txt")
    assert score_item(g, answer("31条", files=["b.txt", "a.txt"])) == (True, True)
    assert score_item(g, answer("31条", files=["b.txt"])) == (True, False)
    assert score_item(g, answer("31条")) == (True, False)
    # cited is reported for wrong answers too (informational)
    assert score_item(g, answer("30条", files=["a.txt"])) == (False, True)


def test_cited_without_a_gold_report():
    g = gold("number", "5", report=None)
    assert is_cited(g, answer("5件", files=["x.txt"]))
    assert not is_cited(g, answer("5件"))
    # a refusal names no passage: never cited
    assert not is_cited(gold("none", "", report=None), answer("", found=False, files=["x.txt"]))


def test_unknown_kind_is_an_error_naming_the_choices():
    with pytest.raises(ValueError, match="number、text、none"):
        score_item(gold("date"), answer("1"))
