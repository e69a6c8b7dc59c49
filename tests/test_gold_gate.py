"""Regression gate for every gold round in eval/gold/: each set's accuracy must not fall below its floor in
eval/floor.json, and no found figure may lack support. All rounds are asked over one index of the 22 shared
reports (../shared/reports and ../shared/reports-more), ingested once.

The floors only ever go up: raise one when the assistant improves, never lower it to make a change pass.
Outputs (items, summary, report) stay in test-artifacts/gold/<set>/ for a person to read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.runner import evaluate_sets, load_jsonl
from ingest.config import Config

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FLOOR = REPO / "eval" / "floor.json"
OUT = REPO / "test-artifacts" / "gold"

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not (SHARED / "reports-more").is_dir(),
                                                   reason="../shared/reports-more is not here")]


def test_every_gold_round_stays_above_its_floor():
    floors = json.loads(FLOOR.read_text(encoding="utf-8"))["gold"]
    sets = {name: load_jsonl(REPO / "eval" / "gold" / name) for name in floors}
    assert set(floors) == {p.name for p in (REPO / "eval" / "gold").glob("*.jsonl")}, "a gold file without a floor"
    summaries = evaluate_sets(Config.from_env(env={}), sets, [SHARED / "reports", SHARED / "reports-more"], OUT)
    report = []
    for name, summary in summaries.items():
        wrong = [json.loads(line)["id"]
                 for line in (OUT / name / "items.jsonl").read_text(encoding="utf-8").splitlines()
                 if not json.loads(line)["correct"]]
        report.append(f"{name}: {summary['accuracy']:.3f} (floor {floors[name]}); wrong: {', '.join(wrong)}")
        assert summary["n"] == len(sets[name])
    failing = [line for line, (name, s) in zip(report, summaries.items()) if s["accuracy"] < floors[name]]
    assert not failing, "\n".join(failing)
    unsupported = {name: s["unsupported"] for name, s in summaries.items() if s["unsupported"]}
    assert not unsupported, f"found figures no citation backs: {unsupported}"
    doubled = [json.loads(line)["id"] for name in summaries
               for line in (OUT / name / "items.jsonl").read_text(encoding="utf-8").splitlines()
               if "。。" in (json.loads(line).get("answer") or "")]
    assert not doubled, f"answers with a doubled full stop: {doubled}"
