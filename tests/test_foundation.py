"""The first real answer, end to end: the sample report ingested into real embedded Chroma, then asked."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import REPO, SAMPLE


@pytest.fixture
def app(make_app):
    app = make_app()
    results = app.ingest([SAMPLE])
    assert [r.status for r in results] == ["added"], results
    return app


def test_ingest_records_body_year_and_chunks(app):
    (report,) = app.reports()
    assert report.body == "中卫市科学技术局"
    assert report.year == 2024
    assert report.chunks > 10


def test_reingest_unchanged_is_a_noop(app):
    before = (app.store.texts.count(), app.store.contents.count())
    (result,) = app.ingest([SAMPLE])
    assert result.status == "unchanged"
    assert (app.store.texts.count(), app.store.contents.count()) == before


def test_changed_file_replaces_old_version(app, tmp_path):
    changed = tmp_path / SAMPLE.name
    changed.write_text(SAMPLE.read_text(encoding="utf-8").replace("发布共 31条", "发布共 32条"), encoding="utf-8")
    (result,) = app.ingest([changed])
    assert result.status == "replaced"
    assert len({c.version for c in app.store.all_contents()}) == 1, "old version's chunks must be gone"
    assert app.ask("通过市人民政府网站发布了多少条信息？").short_answer == "32条"


def test_website_count_is_31_with_its_passage(app):
    a = app.ask("通过市人民政府网站发布了多少条信息？")
    assert a.found and a.short_answer == "31条"
    assert any("网站发布共31条" in c.text.replace(" ", "") and c.file == SAMPLE.name for c in a.citations)


def test_total_published_is_91(app):
    a = app.ask("中卫市科学技术局2024年主动公开了多少条信息？")
    assert a.found and a.short_answer == "91条"
    assert any("各类信息91条" in c.text for c in a.citations)


@pytest.mark.parametrize("question", ["中卫市2024年GDP是多少？", "科技局2030年的部门预算是多少万元？"])
def test_unanswerable_is_refused_without_a_number(app, question):
    a = app.ask(question)
    assert not a.found
    assert a.short_answer == ""
    assert a.citations == []


def test_remove_leaves_nothing(app):
    app.remove("zhongwei-kjj-2024.txt")
    assert app.reports() == []
    assert app.store.contents.count() == 0
    assert app.store.texts.count() > 0  # texts outlive their last report for a grace period (see Store)
    app.store.gc_grace_s = 0
    app.store.collect_garbage(texts=True)
    assert app.store.texts.count() == 0


def _cli(*args, data):
    env = {**os.environ, "GONGKAI_DATA": str(data)}
    return subprocess.run([sys.executable, "-m", "ui.cli", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow  # each CLI run starts a Python
def test_cli_ingest_then_ask_json(tmp_path):
    data = tmp_path / "cli-data"
    r = _cli("ingest", str(SAMPLE), "--json", data=data)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["reports"][0]["status"] == "added" and out["reports"][0]["year"] == 2024
    r = _cli("--data", str(data), "ask", "中卫市科学技术局2024年主动公开了多少条信息？", "--json", data=tmp_path / "x")
    assert r.returncode == 0, r.stderr
    answer = json.loads(r.stdout)
    assert set(answer) >= {"question", "answer", "short_answer", "found", "citations", "mode", "latency_ms"}
    assert answer["short_answer"] == "91条" and answer["found"] is True
    assert any("各类信息91条" in c["text"] for c in answer["citations"])
    r = _cli("ask", "中卫市2024年GDP是多少？", "--json", "--data", str(data), data=tmp_path / "x")
    assert json.loads(r.stdout)["found"] is False


@pytest.mark.slow
def test_cli_unknown_report_is_one_line_error(tmp_path):
    r = _cli("remove", "no-such-report", data=tmp_path / "d")
    assert r.returncode == 1
    assert r.stderr.startswith("Error: ") and "no-such-report" in r.stderr


@pytest.mark.slow
def test_cli_usage_error_exits_2(tmp_path):
    r = _cli("ingest", data=tmp_path / "d")
    assert r.returncode == 2
