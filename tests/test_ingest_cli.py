"""`gongkai ingest/reports/facts/audit` end to end: every bad file fails alone with a one-line reason,
the good files in the same run are still ingested, and nothing half-ingested is left behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest
from conftest import REPO, REPORTS, SAMPLE, needs_shared, require_shared

pytestmark = pytest.mark.slow  # every test runs `gongkai` in a new Python process


def gk(*args, data):
    env = {**os.environ, "GONGKAI_DATA": str(data)}
    return subprocess.run([sys.executable, "-m", "ui.cli", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)


def _bad_files(folder):
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.pdf").write_bytes(os.urandom(4096))
    pdf = (REPORTS / "hongze-qu-2024.pdf").read_bytes()
    (folder / "truncated.pdf").write_bytes(pdf[: len(pdf) // 2])
    (folder / "notazip.docx").write_bytes(b"this is not a word file at all" * 10)
    (folder / "notes.xlsx").write_bytes(b"PK\x03\x04")
    with zipfile.ZipFile(folder / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"0" * (300 * 1024 * 1024))
    return {"empty.txt": "空", "random.pdf": "PDF", "truncated.pdf": "PDF", "notazip.docx": "Word",
            "notes.xlsx": "不支持", "bomb.docx": ""}


@needs_shared("reports/hongze-qu-2024.pdf")
def test_bad_files_fail_alone_and_good_ones_land(tmp_path):
    folder = tmp_path / "in"
    expected = _bad_files(folder)
    (folder / SAMPLE.name).write_bytes(SAMPLE.read_bytes())
    data = tmp_path / "data"
    r = gk("ingest", str(folder), "--json", data=data)
    assert r.returncode == 1, r.stderr
    rows = {row["file"]: row for row in json.loads(r.stdout)["reports"]}
    assert rows[SAMPLE.name]["status"] == "added" and rows[SAMPLE.name]["facts"] > 100
    for name, word in expected.items():
        if name == "notes.xlsx":
            continue  # a folder only picks up supported extensions
        assert rows[name]["status"] == "failed", rows[name]
        assert word in rows[name]["error"] and "\n" not in rows[name]["error"]
    listed = json.loads(gk("reports", "--json", data=data).stdout)["reports"]
    assert [x["file"] for x in listed] == [SAMPLE.name]


def test_unsupported_file_named_directly_and_oversize(tmp_path):
    data = tmp_path / "data"
    odd = tmp_path / "notes.xlsx"
    odd.write_bytes(b"PK\x03\x04")
    r = gk("ingest", str(odd), data=data)
    assert r.returncode == 1 and "notes.xlsx" in r.stdout and "不支持" in r.stdout
    env_limit = {"GONGKAI_MAX_FILE_MB": "0.001"}
    r = subprocess.run([sys.executable, "-m", "ui.cli", "ingest", str(SAMPLE), "--json"], cwd=REPO,
                       env={**os.environ, "GONGKAI_DATA": str(data), **env_limit}, capture_output=True, text=True)
    (row,) = json.loads(r.stdout)["reports"]
    assert r.returncode == 1 and row["status"] == "failed" and "超过上限" in row["error"]


def test_not_a_report_is_ingested_with_a_warning(tmp_path):
    doc = tmp_path / "meeting.txt"
    doc.write_text("关于召开春季运动会的通知。各部门：定于四月十日上午在体育场举行春季运动会，请按时参加。",
                   encoding="utf-8")
    r = gk("ingest", str(doc), "--json", data=tmp_path / "data")
    assert r.returncode == 0
    assert json.loads(r.stdout)["reports"][0]["status"] == "added"
    assert "不是政府信息公开工作年度报告" in r.stderr


@pytest.fixture(scope="module")
def all_reports(tmp_path_factory):
    require_shared()
    data = tmp_path_factory.mktemp("all") / "data"
    r = gk("ingest", str(REPORTS), "--json", data=data)
    assert r.returncode == 0, r.stdout + r.stderr
    return data


def test_every_real_report_ingests_with_metadata(all_reports):
    listed = {x["file"]: x for x in json.loads(gk("reports", "--json", data=all_reports).stdout)["reports"]}
    assert len(listed) == 12
    assert listed["pingtan-2019.txt"]["template"] == "2019"
    assert listed["zhongwei-kjj-2024.txt"]["template"] == "2021"
    assert listed["hongze-qu-2024.pdf"]["year"] == 2024
    assert set(listed["zhongwei-kjj-2024.txt"]) >= {"report_id", "file", "title", "body", "year", "template",
                                                    "chunks", "facts", "audit_findings", "table_health"}
    health = listed["zhongwei-kjj-2024.txt"]["table_health"]
    assert health["cells_certain"] == health["cells_total"] == 200
    assert 0 < health["sums_balanced"] == health["sums_checked"]
    pt20 = listed["pingtan-2020.txt"]["table_health"]  # its results add up to 27 where its total says 21
    assert pt20["sums_balanced"] < pt20["sums_checked"] and pt20["cells_unsure"] > 0


def test_audit_finds_the_known_contradictions(all_reports):
    out = json.loads(gk("audit", "--json", data=all_reports).stdout)["reports"]
    by_file = {x["file"]: x["checks"] for x in out}
    assert all(set(x["table_health"]) >= {"cells_certain", "cells_total", "sums_checked", "sums_balanced"} for x in out)
    pt20 = " ".join(c["detail"] for c in by_file["pingtan-2020.txt"] if not c["ok"])
    assert "27" in pt20 and "21" in pt20
    hz24 = " ".join(c["detail"] for c in by_file["hongze-qu-2024.pdf"] if not c["ok"])
    assert "17" in hz24 and "95" in hz24
    assert all(c["ok"] for c in by_file["zhongwei-kjj-2024.txt"])


def test_facts_json_names_cells_like_the_spec(all_reports):
    facts = json.loads(gk("facts", "pingtan-2021.txt", "--json", data=all_reports).stdout)["facts"]
    cell = {(f["table"], f["row"], f["column"]): f["value"] for f in facts}
    assert cell[("三", "本年新收政府信息公开申请数量", "自然人")] == 64
    assert cell[("三", "无法提供-本机关不掌握相关政府信息", "总计")] == 25
    assert cell[("四", "行政复议", "总计")] == 3
    assert all(set(f) == {"report_id", "file", "table", "row", "column", "value", "source"} for f in facts)


def test_remove_by_file_name_leaves_nothing(tmp_path):
    data = tmp_path / "data"
    gk("ingest", str(SAMPLE), data=data)
    assert gk("remove", SAMPLE.name, data=data).returncode == 0
    assert json.loads(gk("reports", "--json", data=data).stdout)["reports"] == []
    assert json.loads(gk("facts", "--json", data=data).stdout)["facts"] == []
    assert gk("remove", SAMPLE.name, data=data).returncode == 1
