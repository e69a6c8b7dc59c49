"""The store's layout: each distinct text embedded and stored once, one contents row per report version,
crash leftovers collected without touching a version another process is still writing."""

from __future__ import annotations

import pytest
from conftest import REPORTS, SAMPLE, needs_shared

from ingest.errors import IndexMismatchError
from ingest.index.store import INDEX_ID


class CountingEmbedder:
    """The session's model, counting the texts the ingester asks it to embed."""

    def __init__(self, inner):
        self.inner, self.name, self.asked = inner, inner.name, 0

    def embed(self, texts):
        self.asked += len(texts)
        return self.inner.embed(texts)


def _changed_copy(src, folder, old: str, new: str):
    folder.mkdir(exist_ok=True)
    text = src.read_text(encoding="utf-8")
    assert old in text
    out = folder / src.name
    out.write_text(text.replace(old, new, 1), encoding="utf-8")
    return out


@needs_shared()
def test_boilerplate_is_stored_once_and_never_embedded_again(tmp_path, embedder):
    from assistant.service import Gongkai
    from ingest.config import Config

    files = [REPORTS / "pingtan-2020.txt", REPORTS / "pingtan-2021.txt"]
    first = CountingEmbedder(embedder)
    app = Gongkai(Config.from_env(env={}, data_dir=tmp_path / "data"), embedder=first)
    results = app.ingest(files)
    chunks = sum(r.report.chunks for r in results)
    # The two years share the template's headings and table rows: fewer texts than chunks.
    assert app.store.texts.count() == first.asked < chunks
    assert app.store.contents.count() == 2

    # A later process (its own embedder cache empty) re-reads a report with one sentence changed:
    # only the texts the index lacks go through the model.
    again = CountingEmbedder(embedder)
    later = Gongkai(Config.from_env(env={}, data_dir=tmp_path / "data"), embedder=again)
    changed = _changed_copy(files[1], tmp_path / "changed", "不断调整优化政府网", "持续调整优化政府网")
    (result,) = later.ingest([changed])
    assert result.status == "replaced"
    assert 1 <= again.asked <= 3
    assert later.ask("平潭综合实验区2021年主动公开了多少条政府信息？").found


@needs_shared()
def test_vectors_of_shared_texts_serve_every_report(make_app):
    app = make_app()
    app.ingest([REPORTS / "pingtan-2020.txt", REPORTS / "pingtan-2021.txt"])
    snap = app.corpus.snapshot()
    shared = [k for k, rows in snap.by_key.items() if len({snap.chunks[i].report_id for i in rows}) == 2]
    assert shared, "the two years share no text"
    rid = snap.chunks[snap.by_key[shared[0]][0]].report_id
    vec = app.store.vectors([shared[0]])[shared[0]]
    hits = app.corpus.vector_search(vec, [rid], depth=5)
    assert snap.chunks[snap.positions[hits[0]]].key == shared[0]
    assert all(snap.chunks[snap.positions[h]].report_id == rid for h in hits)


def test_garbage_waits_for_a_version_another_process_may_commit(make_app, tmp_path, monkeypatch):
    app = make_app()
    app.ingest([SAMPLE])
    store = app.store
    (committed,) = list(store.contents_of([SAMPLE.stem]))

    # A writer that stopped between its contents and its commit (or is still on its way to the commit).
    changed = _changed_copy(SAMPLE, tmp_path / "changed", "发布共 31条", "发布共 32条")
    with monkeypatch.context() as m:
        m.setattr(store.reports_col, "upsert", lambda **_: (_ for _ in ()).throw(RuntimeError("crash")))
        (result,) = app.ingest([changed])
    assert result.status == "failed"
    versions = {c.version for c in store.all_contents()}
    assert len(versions) == 2
    assert store.collect_garbage() == 0  # young: perhaps about to be committed elsewhere
    store.gc_grace_s = 0
    assert store.collect_garbage() == 1
    assert {c.version for c in store.all_contents()} == {committed.version}


def test_an_old_version_left_by_a_crash_after_its_commit_goes_at_once(make_app, tmp_path, monkeypatch):
    app = make_app()
    app.ingest([SAMPLE])
    store = app.store
    changed = _changed_copy(SAMPLE, tmp_path / "changed", "发布共 31条", "发布共 32条")
    with monkeypatch.context() as m:
        m.setattr(store, "_delete_other_versions", lambda *a: None)  # killed right after the commit
        m.setattr(store, "collect_garbage", lambda **_: 0)
        (result,) = app.ingest([changed])
    assert result.status == "replaced"
    assert len(list(store.all_contents())) == 2
    assert store.collect_garbage() == 1  # written before the current commit: an old version
    (left,) = list(store.all_contents())
    assert left.version == store.get_report(SAMPLE.stem).content_hash
    assert app.ask("通过市人民政府网站发布了多少条信息？").short_answer == "32条"


def test_index_of_the_old_layout_is_refused_in_plain_words(make_app):
    app = make_app()
    app.ingest([SAMPLE])
    # The record an index of the old layout carries: no format.
    app.store.reports_col.delete(ids=[INDEX_ID])
    app.store.reports_col.add(ids=[INDEX_ID], embeddings=[[1.0]], documents=["index"],
                              metadatas=[{"embedder": app.embedder.name, "kind": "index"}])
    with pytest.raises(IndexMismatchError, match="旧版本"):
        make_app().ask("通过市人民政府网站发布了多少条信息？")
