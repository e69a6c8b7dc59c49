"""Regression gate: the whole dev set, our assistant only; accuracy must not fall below eval/floor.json.

The floor only ever goes up: raise it when the assistant improves, never lower it to make a change pass.
Outputs (items, summary, report, chart) stay in test-artifacts/eval/ for a person to read.
"""

from __future__ import annotations

import json
import time

import pytest
from conftest import QA, REPO, REPORTS, needs_shared

from eval.runner import evaluate, load_jsonl
from ingest.config import Config

pytestmark = [pytest.mark.slow, needs_shared("reports", "eval/qa.jsonl")]  # the whole dev set, end to end
FLOOR = REPO / "eval" / "floor.json"
OUT = REPO / "test-artifacts" / "eval"


def test_dev_set_accuracy_stays_above_the_floor():
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))["accuracy"]
    items = load_jsonl(QA)
    t0 = time.perf_counter()
    summary = evaluate(Config.from_env(env={}), items, REPORTS, OUT, baseline=False, verbose=False)
    elapsed = time.perf_counter() - t0
    assert summary["n"] == len(items) > 100
    assert (OUT / "items.jsonl").exists() and (OUT / "report.md").exists()
    wrong = [json.loads(line)["id"] for line in (OUT / "items.jsonl").read_text(encoding="utf-8").splitlines()
             if not json.loads(line)["correct"]]
    assert summary["accuracy"] >= floor, (
        f"accuracy {summary['accuracy']:.3f} fell below the floor {floor:.2f}; wrong: {', '.join(wrong)} "
        f"(details in {OUT / 'report.md'})")
    assert elapsed < 120, f"the dev-set eval took {elapsed:.0f} s; keep it under 2 minutes"
