"""Files are parsed in a second process: the same reports as parsing in-process; a parsing process that
dies mid-way costs nothing but time; a file past its time budget or its text cap fails alone."""

from __future__ import annotations

import time
import zipfile

import pytest
from conftest import REPORTS, SAMPLE, needs_shared

import ingest.ingester as pipeline
from ingest.parse_worker import ParseWorker

pytestmark = [pytest.mark.slow, needs_shared()]  # a second Python process parses the shared reports
FILES = sorted(p for p in REPORTS.iterdir() if p.suffix in (".txt", ".md")) if REPORTS.is_dir() else []


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


def _no_worker(monkeypatch):
    def refuse(*_a, **_k):
        raise OSError("no second process here")

    monkeypatch.setattr(pipeline, "ParseWorker", refuse)


@pytest.mark.parametrize("many", [True, False])
def test_parsing_process_gives_the_same_index(make_app, tmp_path, monkeypatch, many):
    with monkeypatch.context() as m:
        _no_worker(m)
        here = make_app(data_dir=tmp_path / "here")
        here.ingest(FILES)
    started = []
    original = ParseWorker.__init__
    monkeypatch.setattr(ParseWorker, "__init__", lambda self, *a: started.append(a[1:]) or original(self, *a))
    if many:
        monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 2)
    there = make_app(data_dir=tmp_path / "there")
    results = there.ingest(FILES)
    assert started == [(many,)]  # one process; it tokenizes too when there are many files
    assert all(r.status == "added" for r in results), [(r.file, r.error) for r in results]
    assert _index(there) == _index(here)
    bm25_here = here.corpus.snapshot().bm25.get_scores(["主动", "公开"]).tolist()
    assert there.corpus.snapshot().bm25.get_scores(["主动", "公开"]).tolist() == bm25_here


def test_a_parsing_process_that_dies_leaves_the_rest_to_a_new_one(make_app, tmp_path, monkeypatch):
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
    assert len(answered) == len(FILES) + 1  # one answer per file, and the dead process noticed once
    assert [r.status for r in results] == ["added"] * len(FILES)
    assert len(app.reports()) == len(FILES)


def test_a_bad_file_fails_alone_in_the_parsing_process(make_app, tmp_path, monkeypatch):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    monkeypatch.setattr(pipeline, "PARALLEL_MIN_FILES", 2)
    results = make_app().ingest([*FILES[:3], bad])
    assert [r.status for r in results] == ["added"] * 3 + ["failed"]
    assert results[-1].error


def big_docx(path, paragraphs: int = 60_000):
    """A valid Word file inside every size limit (about 2 MB packed) whose text takes a long time to read."""
    body = "".join(f"<w:p><w:r><w:t>第{i}段 政府信息公开工作年度报告 {i * 7919 % 100003} 条</w:t></w:r></w:p>"
                   for i in range(paragraphs))
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                   'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
                   'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {ns}><w:body>{body}'
                                        "</w:body></w:document>")
    return path


def test_a_file_past_its_time_budget_fails_alone_and_quickly(make_app, tmp_path):
    """Issue 16, finding 4: a large .docx kept ingest busy for 25 minutes; now its parsing process is killed at
    the per-file budget, it fails with a clear message, and the small report after it is ingested."""
    big = big_docx(tmp_path / "big-report.docx")
    app = make_app(ingest_file_time_s=2.0)
    t0 = time.monotonic()
    results = app.ingest([big, SAMPLE])
    took = time.monotonic() - t0
    assert [r.status for r in results] == ["failed", "added"], [(r.file, r.error) for r in results]
    assert "解析超过时间上限（2 秒）" in results[0].error
    assert took < 15, took
    assert [r.report_id for r in app.reports()] == ["zhongwei-kjj-2024"]


def test_more_text_than_the_cap_is_refused(make_app, tmp_path):
    big = big_docx(tmp_path / "wordy.docx", paragraphs=3000)
    long_txt = tmp_path / "long.txt"
    long_txt.write_text(SAMPLE.read_text(encoding="utf-8") * 20, encoding="utf-8")
    results = make_app(max_text_chars=50_000).ingest([big, long_txt, SAMPLE])
    assert [r.status for r in results] == ["failed", "failed", "added"], [(r.file, r.error) for r in results]
    assert all("文字超过上限 50,000 字" in r.error for r in results[:2])
