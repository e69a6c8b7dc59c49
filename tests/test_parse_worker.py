"""Large ingests parse in a second process: same reports as parsing in-process, and a parsing process
that dies mid-way costs nothing but time."""

from __future__ import annotations

from conftest import REPORTS

import ingest.ingester as pipeline
from ingest.parse_worker import ParseWorker

FILES = sorted(p for p in REPORTS.iterdir() if p.suffix in (".txt", ".md"))


def _index(app) -> dict:
    """What a reader gets: per report its record's figures, chunk texts and facts."""
    out = {}
    for rid in sorted(app.corpus.snapshot().reports):
        snap = app.corpus.snapshot()
        r = snap.reports[rid]
        out[rid] = (r.body, r.year, r.chunks, r.facts, r.content_hash,
                    [(snap.chunks[i].text, snap.chunks[i].key) for i in snap.by_report[rid]],
                    sorted((f.table, f.row, f.column, str(f.value)) for f in snap.facts.get(rid, [])))
    return out


def test_parsing_process_gives_the_same_index(make_app, tmp_path, monkeypatch):
    here = make_app(data_dir=tmp_path / "here")
    here.ingest(FILES)
    started = []
    original = ParseWorker.__init__
    monkeypatch.setattr(ParseWorker, "__init__", lambda self, config: started.append(1) or original(self, config))
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 2)
    there = make_app(data_dir=tmp_path / "there")
    results = there.ingest(FILES)
    assert started == [1]
    assert all(r.status == "added" for r in results), [(r.file, r.error) for r in results]
    assert _index(there) == _index(here)
    bm25_here = here.corpus.snapshot().bm25.get_scores(["主动", "公开"]).tolist()
    assert there.corpus.snapshot().bm25.get_scores(["主动", "公开"]).tolist() == bm25_here


def test_a_parsing_process_that_dies_leaves_the_rest_to_this_one(make_app, tmp_path, monkeypatch):
    answered = []
    original = ParseWorker.result

    def dies_after_two(self):
        if len(answered) == 2:
            self._proc.kill()
            self._proc.wait()
        answered.append(1)
        return original(self)

    monkeypatch.setattr(ParseWorker, "result", dies_after_two)
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 2)
    app = make_app()
    results = app.ingest(FILES)
    assert len(answered) == 3  # two answers, then the dead process was noticed once
    assert [r.status for r in results] == ["added"] * len(FILES)
    assert len(app.reports()) == len(FILES)


def test_a_bad_file_fails_alone_in_the_parsing_process(make_app, tmp_path, monkeypatch):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 2)
    results = make_app().ingest([*FILES[:3], bad])
    assert [r.status for r in results] == ["added"] * 3 + ["failed"]
    assert results[-1].error
