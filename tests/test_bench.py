"""`gongkai bench`: the synthetic corpus keeps the tables true, and a tiny run has the SPEC shape."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPORTS, needs_shared

from eval.bench import run, sizes_for
from eval.corpus_gen import generate, load_sources
from ingest.config import Config
from ingest.parse import parse_report

pytestmark = needs_shared()


def test_sizes():
    assert sizes_for(None) == [100, 1000]
    assert sizes_for(5000) == [100, 1000, 5000]
    assert sizes_for(20) == [20]


def test_generated_reports_keep_tables_true(tmp_path):
    sources = {s.path.name: s for s in load_sources(REPORTS)}
    assert sum(len(s.factors) > 1 for s in sources.values()) >= 3  # some sources really are scaled
    manifest = generate(REPORTS, 27, tmp_path, list(sources.values()))
    assert len({g.body for g in manifest}) == 27
    for g in manifest:
        parsed = parse_report(tmp_path / g.file, Config())
        src = sources[g.source]
        assert (parsed.report.body, parsed.report.year) == (g.body, g.year)
        cells = {(f.table, f.row, f.column): f.value for f in parsed.facts if f.table in ("三", "四")}
        assert cells == {k: None if v is None else v * g.k for k, v in src.facts.items()}, g.file
        # Every sum check of the source still holds (same audit findings as the real report).
        original = parse_report(src.path, Config())
        assert parsed.report.audit_findings == original.report.audit_findings, g.file


@pytest.mark.slow
def test_tiny_bench_has_spec_shape():
    result = run([20], Path(REPORTS), serve=False, formats=False)
    keys = {"reports", "chunks", "ingest_s", "ingest_reports_per_s", "query_ms", "rss_mb", "index_mb"}
    for runs in (result["runs"], result["baseline"]["runs"]):
        assert len(runs) == 1 and keys <= set(runs[0]) and runs[0]["reports"] == 20
        assert set(runs[0]["query_ms"]) == {"p50", "p95"} and runs[0]["rss_mb"] > 0
    ours = result["runs"][0]
    assert ours["failed"] == 0 and ours["checked_right"] == ours["checked_questions"] > 0
    assert 0 < ours["embed_s"] < ours["ingest_s"]
