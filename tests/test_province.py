"""Questions over a whole place, from the facts (assistant/province.py): the most among a city's 区县, one
figure per year, a sum over all bodies of a place and year; every figure cited, other questions untouched."""

from __future__ import annotations

import re

import pytest
from conftest import REPORTS, needs_shared

from assistant.service import Gongkai
from eval.bench import _source_cells
from eval.corpus_gen import generate
from ingest.config import Config

pytestmark = needs_shared()
N = 24  # generated reports, all in 青都市 (the first 60 places are its)
NEW = "三|本年新收政府信息公开申请数量|总计"


@pytest.fixture(scope="module")
def province(tmp_path_factory, embedder):
    corpus = tmp_path_factory.mktemp("province-corpus")
    manifest = generate(REPORTS, N, corpus)
    app = Gongkai(Config.from_env(env={}, data_dir=tmp_path_factory.mktemp("province")), embedder=embedder)
    files = [corpus / g.file for g in manifest] + sorted(REPORTS.glob("pingtan-*.txt"))
    results = app.ingest(files)
    assert all(r.status == "added" for r in results), [(r.file, r.error) for r in results]
    app.warm_up()  # the snapshot and jieba load outside the answers' time budget
    cells = _source_cells(REPORTS)
    values: dict[int, dict[str, float]] = {}
    for g in manifest:
        assert g.body.startswith("青都市")
        values.setdefault(g.year, {})[g.body] = cells[g.source][NEW] * g.k
    return app, values


def _busiest_year(values) -> int:
    return max(values, key=lambda y: (len(values[y]), y))


def test_most_among_a_citys_counties_names_the_body_and_cites_every_report(province):
    app, values = province
    year = _busiest_year(values)
    body, most = max(values[year].items(), key=lambda kv: kv[1])
    a = app.ask(f"青都市各区县{year}年收到申请最多的是哪个？")
    assert a.found and f"{most:g}件" in a.short_answer
    if list(values[year].values()).count(most) == 1:
        assert body in a.short_answer
    assert {c.body for c in a.citations} == set(values[year])  # every figure compared is cited
    assert all("本年新收" in c.text and c.year == year for c in a.citations)
    assert a.understood["target"] == "表三 本年新收政府信息公开申请数量 / 总计"


def test_sum_over_all_bodies_of_a_city_and_year(province):
    app, values = province
    year = _busiest_year(values)
    a = app.ask(f"青都市{year}年所有单位一共收到多少件申请？")
    assert a.found and a.short_answer == f"{sum(values[year].values()):g}件"
    assert len(a.citations) == len(values[year]) and len(a.understood["reports"]) == len(values[year])
    assert all(s["role"] == "operand" and s["certain"] for s in a.support)


def test_one_figure_per_year_and_the_missing_years_said(province):
    app, _ = province
    a = app.ask("平潭综合实验区2019到2025年每年新收多少申请？")
    assert a.found
    assert a.short_answer == "2019年：23件；2020年：21件；2021年：70件；2023年：81件；2025年：154件"
    assert "2022、2024年" in a.answer  # no report for those years, said so
    assert [c.year for c in a.citations] == [2019, 2020, 2021, 2023, 2025]


def test_sum_per_year_over_a_city(province):
    app, values = province
    years = sorted(values)
    a = app.ask(f"青都市所有单位{years[0]}到{years[-1]}年每年一共收到多少件申请？")
    shown = re.findall(r"(\d{4})年：(\d+)件", a.short_answer)
    assert {int(y): float(v) for y, v in shown} == {y: sum(v.values()) for y, v in values.items()}


def test_named_reports_still_go_through_the_readers(province):
    app, _ = province
    a = app.ask("平潭综合实验区2019年和2020年一共收到多少件申请？")
    assert a.found and a.short_answer == "44件"
    single = app.ask("平潭综合实验区2021年自然人提出的政府信息公开申请有多少件？")
    assert single.short_answer == "64件"


def test_a_place_the_index_lacks_is_refused(province):
    app, _ = province
    a = app.ask("宿迁市各区县2024年收到申请最多的是哪个？")
    assert not a.found and a.short_answer == ""


def test_fast_over_the_whole_index(province):
    app, values = province
    year = _busiest_year(values)
    app.ask("预热：青都市各区县收到申请最多的是哪个？")
    a = app.ask(f"青都市{year}年所有单位合计收到多少件申请？")
    assert a.found and a.latency_ms < 500  # 10,000 reports: see `gongkai bench` (province_ms)
