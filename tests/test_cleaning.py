"""Loader and cleaning on the sample report: wraps joined, headings kept, footers and chrome gone."""

from __future__ import annotations

from conftest import REPORTS, SAMPLE, needs_shared

from ingest.loaders.text import decode, load_text
from ingest.text.clean import clean, normalise
from ingest.text.sections import split_sections


def test_hard_wraps_are_joined_inside_sentences():
    text = clean(load_text(SAMPLE).text)
    assert "通过市人民政府网站发布共31条，通过中卫日报发布共60条。" in text
    assert "（国务院令第711号）" in text


def test_headings_stay_on_their_own_lines():
    lines = clean(load_text(SAMPLE).text).split("\n")
    for heading in ("一、总体情况", "三、收到和处理政府信息公开申请情况", "五、存在的主要问题及改进情况"):
        assert heading in lines


def test_table_rows_keep_their_cells():
    lines = clean(load_text(SAMPLE).text).split("\n")
    assert "行政规范性文件 0 1 1" in lines
    assert "（七）总计 0 0 0 0 0 0 0" in lines


def test_sections_of_the_sample():
    paths = [s.path for s in split_sections(clean(load_text(SAMPLE).text))]
    assert "一、总体情况 > （一）主动公开情况" in paths
    assert "六、其他需要报告的事项" in paths


def test_page_footers_and_fullwidth_digits():
    assert clean("第一段文字没有结束\n- 3 -\n这里继续。") == "第一段文字没有结束这里继续。"
    assert normalise("３１条\u3000") == "31条 "
    assert "— 2 —" not in clean("本年度报告中所列数据 — 2 — 统计期限为2025年。")


def test_encodings(tmp_path):
    text = "中卫市科学技术局2024年政府信息公开工作年度报告"
    for enc in ("utf-8", "utf-8-sig", "gb18030", "gbk"):
        assert decode(text.encode(enc), "x.txt") == text


@needs_shared()
def test_crawler_header_and_web_chrome_dropped():
    doc = load_text(REPORTS / "pingtan-2021.txt")
    assert doc.hints["标题"] == "平潭综合实验区2021年度政府信息公开工作年度报告"
    text = clean(doc.text)
    assert "当前位置" not in text and "微信 微博" not in text and "标题:" not in text
    assert text.startswith("根据《中华人民共和国政府信息公开条例》")
