"""The answering snapshot saved in the data folder: a restart loads it (same answers, nothing re-read
from Chroma, no BM25 rebuilt); a changed or removed report is re-read alone; a damaged cache is rebuilt."""

from __future__ import annotations

import json
import logging

import pytest
from conftest import REPORTS, needs_shared

pytestmark = needs_shared()

FILES = ("pingtan-2021.txt", "shuyang-fgj-2023.txt", "zhongwei-kjj-2024.txt")
QUESTIONS = (
    ("平潭综合实验区2021年自然人提出的政府信息公开申请有多少件？", None),
    ("予以公开的申请有多少件？", "shuyang-fgj-2023.txt"),
    ("存在的主要问题有哪些？", "zhongwei-kjj-2024.txt"),
    ("政府信息公开工作的联系电话是多少？", "zhongwei-kjj-2024.txt"),
)


def answers(app) -> list[tuple]:
    out = []
    for q, report in QUESTIONS:
        a = app.ask(q, report=report)
        out.append((a.found, a.short_answer, a.answer, [(c.file, c.section, c.text) for c in a.citations]))
    return out


def restart(make_app):
    """A new process over the same data folder: a new Gongkai whose snapshot is built from scratch."""
    app = make_app()
    app.corpus.snapshot()
    return app


@pytest.fixture
def first(make_app, tmp_path):
    for name in FILES:
        (tmp_path / name).write_bytes((REPORTS / name).read_bytes())
    app = make_app()
    assert all(r.status == "added" for r in app.ingest([tmp_path / n for n in FILES]))
    expected = answers(app)
    app.corpus.wait_saved()
    assert app.corpus.stats["reports_read"] == len(FILES)
    assert (tmp_path / "data" / "snapshot" / "current.json").is_file()
    return app, expected


def test_restart_loads_the_saved_snapshot(first, make_app):
    _, expected = first
    app = restart(make_app)
    assert app.corpus.stats == {"builds": 1, "reports_read": 0, "bm25_built": 0, "cache_loads": 1}
    assert answers(app) == expected
    snap = app.corpus.snapshot()
    assert snap.df and all(n > 0 for n in snap.df.values())


def test_changed_and_removed_reports_are_reread(first, make_app, tmp_path):
    app, _ = first
    changed = tmp_path / "zhongwei-kjj-2024.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("存在的主要问题", "存在的主要问题及原因"),
                       encoding="utf-8")
    assert [r.status for r in app.ingest([changed])] == ["replaced"]
    app.remove("shuyang-fgj-2023.txt")
    other = restart(make_app)  # the first process has not saved this state: the cache is one step behind
    other.corpus.wait_saved()
    assert other.corpus.stats["reports_read"] == 1 and other.corpus.stats["bm25_built"] == 1
    assert {r.file for r in other.corpus.snapshot().reports.values()} == {"pingtan-2021.txt", "zhongwei-kjj-2024.txt"}
    a = other.ask("存在的主要问题有哪些？", report="zhongwei-kjj-2024.txt")
    assert a.found and "及原因" in "".join(c.section + c.text for c in a.citations) + a.answer
    with pytest.raises(Exception, match="没有找到报告"):
        other.ask("予以公开的申请有多少件？", report="shuyang-fgj-2023.txt")
    again = restart(make_app)  # now saved: nothing to read
    assert again.corpus.stats["reports_read"] == 0 and again.corpus.stats["bm25_built"] == 0


def test_a_refresh_in_the_running_process_saves_too(first, make_app):
    app, _ = first
    assert [r.status for r in app.ingest([REPORTS / "pingtan-2023.txt"])] == ["added"]
    app.corpus.snapshot()
    assert app.corpus.stats["reports_read"] == len(FILES) + 1  # only the new one was read
    app.corpus.wait_saved()
    again = restart(make_app)
    assert again.corpus.stats["reports_read"] == 0 and len(again.corpus.snapshot().reports) == len(FILES) + 1


def test_a_damaged_cache_is_rebuilt_with_a_log_line(first, make_app, tmp_path, caplog):
    _, expected = first
    current = json.loads((tmp_path / "data" / "snapshot" / "current.json").read_text(encoding="utf-8"))
    parts = tmp_path / "data" / "snapshot" / current["dir"] / "parts.jsonl"
    parts.write_text(parts.read_text(encoding="utf-8")[:5000], encoding="utf-8")  # cut mid-line
    with caplog.at_level(logging.WARNING, logger="gongkai.corpus"):
        app = restart(make_app)
    assert "快照缓存无法读取" in caplog.text
    assert app.corpus.stats["reports_read"] == len(FILES)
    assert answers(app) == expected


def test_a_cache_of_another_index_is_not_used(first, make_app, tmp_path):
    head = tmp_path / "data" / "snapshot" / "current.json"
    data = json.loads(head.read_text(encoding="utf-8"))
    head.write_text(json.dumps({**data, "key": "another-collection:x:use-multilingual"}), encoding="utf-8")
    app = restart(make_app)
    assert app.corpus.stats["reports_read"] == len(FILES) and app.corpus.stats["cache_loads"] == 0
