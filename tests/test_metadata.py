"""Metadata read from each report's content (never from its file name)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPORTS, needs_shared

from ingest.config import LoadLimits
from ingest.loaders import load
from ingest.text.clean import clean
from ingest.text.metadata import read_metadata

# file: (body, year covered, template, publish date or None)
EXPECTED = {
    "zhongwei-kjj-2024.txt": ("中卫市科学技术局", 2024, "2021", None),
    "pingtan-2019.txt": ("平潭综合实验区", 2019, "2019", "2020-01-20"),
    "pingtan-2020.txt": ("平潭综合实验区", 2020, "2019", "2021-03-05"),
    "pingtan-2021.txt": ("平潭综合实验区", 2021, "2021", "2022-02-08"),
    "pingtan-2023.txt": ("平潭综合实验区", 2023, "2021", "2024-03-08"),
    "pingtan-2025.txt": ("平潭综合实验区", 2025, "2021", "2026-03-10"),
    "shuyang-xian-2025.md": ("沭阳县人民政府", 2025, "2021", "2026-01-23"),
    "shuyang-fgj-2023.txt": ("沭阳县发展和改革局", 2023, "2021", "2024-01-17"),
    "shanghai-bgt-2025.md": ("上海市人民政府办公厅", 2025, "2021", None),
    "huaian-shi-2024.pdf": ("淮安市人民政府", 2024, "2021", None),
    "hongze-qu-2023.pdf": ("淮安市洪泽区人民政府", 2023, "2021", None),
    "hongze-qu-2024.pdf": ("淮安市洪泽区人民政府", 2024, "2021", None),
}


def _metadata(path: Path) -> dict:
    doc = load(path, LoadLimits(50))
    return read_metadata(clean(doc.text), doc.hints)


@needs_shared()
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_report_metadata(name, tmp_path):
    # Copied under a meaningless name: the metadata must come from the content.
    copy = tmp_path / f"upload{Path(name).suffix}"
    shutil.copyfile(REPORTS / name, copy)
    md = _metadata(copy)
    body, year, template, published = EXPECTED[name]
    assert md["body"] == body
    assert md["year"] == year
    assert md["template"] == template
    assert md["publish_date"] == published
    assert md["is_report"] is True
    assert str(year) in md["title"] and "报告" in md["title"]


def test_year_is_the_year_covered_not_the_publish_year():
    text = "某某市某某局2023年政府信息公开工作年度报告\n一、总体情况\n……\n某某市某某局\n2024年1月17日"
    md = read_metadata(text, {})
    assert md["year"] == 2023
    assert md["publish_date"] == "2024-01-17"
    assert md["body"] == "某某市某某局"


def test_year_from_statistics_period_when_no_title():
    text = "根据《条例》编制本报告。本报告所列数据统计期限自2022年1月1日起至2022年12月31日止。\n一、总体情况"
    assert read_metadata(text, {})["year"] == 2022


def test_title_from_page_hints_and_site_suffix_dropped():
    md = read_metadata("根据《条例》要求编制本报告。",
                       {"标题": "某某县2022年度政府信息公开工作年度报告-某某县人民政府"})
    assert md["title"] == "某某县2022年度政府信息公开工作年度报告"
    assert md["body"] == "某某县"
    assert md["year"] == 2022


def test_ocr_shuyang_spelling_fixed_in_body():
    md = read_metadata("沐阳县人民政府2025年政府信息公开工作年度报告\n正文", {})
    assert md["body"] == "沭阳县人民政府"


def test_fuller_name_when_text_gives_the_city():
    text = "洪泽区人民政府2023年政府信息公开工作年度报告\n本报告由淮安市洪泽区人民政府办公室根据《条例》编制。"
    assert read_metadata(text, {})["body"] == "淮安市洪泽区人民政府"


def test_title_inside_a_cited_document_is_not_the_report_title():
    text = ("根据《某某省人民政府办公厅关于编制公布2021年政府信息公开工作年度报告有关事项的通知》要求，"
            "我区编制了本报告。")
    md = read_metadata(text, {"标题": "某某区2021年度政府信息公开工作年度报告"})
    assert md["body"] == "某某区"


@pytest.mark.parametrize(
    "text, template",
    [
        ("（国办公开办函〔2021〕30 号）", "2021"),
        ("（国办公开办函〔2019〕60号）", "2019"),
        ("信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数", "2021"),
        ("信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量", "2019"),
        ("8.属于行政查询事项 | 0", "unknown"),  # in both formats
        ("没有任何模板线索", "unknown"),
    ],
)
def test_template(text, template):
    assert read_metadata(text, {})["template"] == template


def test_not_a_report():
    md = read_metadata("关于召开2024年春季运动会的通知\n各单位：定于4月举行运动会。", {})
    assert md["is_report"] is False
