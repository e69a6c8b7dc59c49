"""End to end: `gongkai eval` over one real report, both forms, plus the distractor generator."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLE

from eval.distractors import find_body_year, make_distractors
from ui.cli import main

REPORT = SAMPLE  # zhongwei-kjj-2024.txt, the same file as ../shared/reports has
SUMMARY_KEYS = {"n", "accuracy", "by_kind", "cited_rate", "latency_ms", "baseline"}
OUTPUTS = ("items.jsonl", "summary.json", "report.md", "accuracy.png")

QA = [
    {"id": "t-01", "question": "通过市人民政府网站发布了多少条信息？", "kind": "number", "answer": "31", "accept": [],
     "report": REPORT.name, "evidence": "通过市人民政府网站发布共 31条", "scope": REPORT.name},
    {"id": "t-02", "question": "中卫市科学技术局2024年度有没有收取信息处理费？", "kind": "text",
     "answer": "未收取信息处理费", "accept": ["未收取", "没有收取"], "report": REPORT.name,
     "evidence": "2024年度未收取信息处理费", "scope": None},
    {"id": "t-03", "question": "科技局2030年的部门预算是多少万元？", "kind": "none", "answer": "", "accept": [],
     "report": None, "evidence": "", "scope": REPORT.name},
]


@pytest.fixture
def qa_file(tmp_path) -> Path:
    path = tmp_path / "qa.jsonl"
    path.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in QA), encoding="utf-8")
    return path


@pytest.fixture
def reports_dir(tmp_path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(REPORT, folder / REPORT.name)
    return folder


def _read(out: Path) -> tuple[list[dict], dict]:
    items = [json.loads(line) for line in (out / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    return items, json.loads((out / "summary.json").read_text(encoding="utf-8"))


def _check_summary(summary: dict, n: int, nested: bool = False) -> None:
    assert SUMMARY_KEYS - ({"baseline"} if nested else set()) <= set(summary)
    assert summary["n"] == n
    assert 0.0 <= summary["accuracy"] <= 1.0
    assert set(summary["latency_ms"]) == {"p50", "p95"}
    for stats in summary["by_kind"].values():
        assert set(stats) == {"n", "accuracy"}


@pytest.mark.slow  # ingests, asks and runs the baseline pipeline too
def test_eval_asks_scores_and_writes_all_outputs(tmp_path, qa_file, reports_dir, capsys):
    out = tmp_path / "out"
    code = main(["eval", "--reports", str(reports_dir), "--qa", str(qa_file), "--out", str(out), "--baseline"])
    assert code == 0
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name
    assert (out / "accuracy.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    items, summary = _read(out)
    _check_summary(summary, 3)
    _check_summary(summary["baseline"], 3, nested=True)
    assert set(summary["by_kind"]) == {"number", "text", "none"}
    assert [i["id"] for i in items] == ["t-01", "t-02", "t-03"]
    for item in items:
        assert {"question", "answer", "short_answer", "found", "citations", "mode", "latency_ms",
                "correct", "cited", "kind", "expected", "rank"} <= set(item)
    # one report indexed: wherever a gold report is set, it is the first candidate
    assert items[0]["rank"] == 1 and items[2]["rank"] is None
    assert summary["retrieval"]["hit@1"] == 1.0
    assert "总体准确率" in capsys.readouterr().out
    assert "| 总体准确率 |" in (out / "report.md").read_text(encoding="utf-8")


def _answers_file(tmp_path: Path) -> Path:
    rows = [
        {"id": "t-01", "question": QA[0]["question"], "answer": "共三十一条", "short_answer": "三十一条", "found": True,
         "citations": [{"report_id": "zw", "file": REPORT.name, "body": "", "year": 2024, "section": "", "text": "…"}],
         "mode": "extractive", "latency_ms": 12.0},
        {"id": "t-03", "question": QA[2]["question"], "answer": "报告中没有", "short_answer": "", "found": False,
         "citations": [], "mode": "extractive", "latency_ms": 4.0},
        {"id": "other", "question": "?", "answer": "", "short_answer": "", "found": False, "citations": [],
         "mode": "extractive", "latency_ms": 1.0},
    ]
    path = tmp_path / "answers.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_eval_scores_answers_from_another_system(tmp_path, qa_file):
    answers = _answers_file(tmp_path)
    out1, out2 = tmp_path / "a1", tmp_path / "a2"
    for out in (out1, out2):
        assert main(["eval", "--qa", str(qa_file), "--answers", str(answers), "--out", str(out)]) == 0
    items, summary = _read(out1)
    _check_summary(summary, 3)
    assert summary["baseline"] is None
    assert [(i["id"], i["correct"], i["cited"]) for i in items] == [
        ("t-01", True, True), ("t-02", False, False), ("t-03", True, False)]
    assert items[1]["error"]  # t-02 had no answer: recorded, scored wrong
    assert summary["accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert summary["cited_rate"] == 1.0  # the refusal has nothing to cite
    assert summary["latency_ms"] == {"p50": 4.0, "p95": 12.0}  # nearest rank; the missing answer has none
    # deterministic: the same input gives the same files
    for name in OUTPUTS:
        assert (out1 / name).read_bytes() == (out2 / name).read_bytes(), name


def test_eval_usage_errors_exit_2(tmp_path, qa_file):
    assert main(["eval", "--qa", str(qa_file), "--out", str(tmp_path / "o")]) == 2
    assert main(["eval", "--qa", str(qa_file), "--reports", str(tmp_path / "missing"), "--out", str(tmp_path)]) == 2
    assert main(["eval", "--qa", str(qa_file), "--answers", str(qa_file), "--ids", "nope", "--out", str(tmp_path)]) == 2


def test_distractors_change_body_and_year_only(tmp_path, reports_dir):
    written = make_distractors(reports_dir, 2, tmp_path / "d")
    assert [p.name for p in written] == ["distractor-01-zhongwei-kjj-2024.txt", "distractor-02-zhongwei-kjj-2024.txt"]
    original = REPORT.read_text(encoding="utf-8")
    bodies = set()
    for path in written:
        text = path.read_text(encoding="utf-8")
        body, year = find_body_year(text)
        bodies.add(body)
        assert "中卫" not in text and year != 2024
        assert "通过市人民政府网站发布共 31条" in text  # the rest is kept
        assert len(text) == pytest.approx(len(original), rel=0.05)
    assert len(bodies) == 2
    assert make_distractors(reports_dir, 2, tmp_path / "d2")[0].read_bytes() == written[0].read_bytes()


def test_chart_falls_back_to_english_without_the_cjk_font(tmp_path, monkeypatch):
    from eval import report

    monkeypatch.setattr(report, "_font", lambda: None)
    summary = {"n": 2, "accuracy": 0.5, "by_kind": {"number": {"n": 2, "accuracy": 0.5}}, "baseline": None}
    assert report._chart_series(summary, cjk=False) == (["overall", "number"], [0.5, 0.5], None)
    report.write_chart(tmp_path / "a.png", summary)
    assert (tmp_path / "a.png").read_bytes()[:4] == b"\x89PNG"
