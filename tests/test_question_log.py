"""The question log (issue 17 item 11) over real HTTP: /api/ask's questions land in questions.sqlite with
their answer, understood and citations; filters; the CSV export with the cited passages; retention; no
client address unless configured; 0 days = no log."""

from __future__ import annotations

import shutil
import sqlite3
import time

import pytest
import requests
from conftest import SAMPLE
from live_server import LiveServer

QUESTION = "通过市人民政府网站发布了多少条信息？"
MISSING = "2031年火星基地收到多少件申请？"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, embedder):
    from assistant.service import Gongkai
    from ingest.config import Config

    data = tmp_path_factory.mktemp("qlog-seed") / "data"
    assert Gongkai(Config(data_dir=data), embedder=embedder).ingest([SAMPLE])[0].status == "added"
    return data


@pytest.fixture
def start(tmp_path, seeded, embedder):
    from assistant.service import Gongkai
    from ingest.config import Config
    from ui.server import create_app

    servers = []

    def _start(**flags) -> LiveServer:
        data = tmp_path / f"data{len(servers)}"
        shutil.copytree(seeded, data)
        config = Config(data_dir=data, **flags)
        servers.append(LiveServer(create_app(config, Gongkai(config, embedder=embedder), page=False), data).start())
        return servers[-1]

    yield _start
    for s in servers:
        s.stop()


def _ask(server, q):
    r = requests.post(server.url + "/api/ask", json={"question": q}, timeout=30)
    assert r.status_code == 200
    return r.json()


def test_questions_are_logged_filtered_and_exported(start):
    from ingest.config import Config
    from ui.questions import Filters, QuestionLog, csv_text

    server = start()
    _ask(server, QUESTION)
    missing = _ask(server, MISSING)
    assert missing["found"] is False
    log = QuestionLog(Config(data_dir=server.data))
    rows = log.rows()
    assert [r["question"] for r in rows] == [MISSING, QUESTION]  # newest first
    hit = rows[1]
    assert hit["found"] and hit["short_answer"] == "31条" and hit["source"] == "api"
    assert hit["citations"][0]["file"] == "zhongwei-kjj-2024.txt" and "bodies" in hit["understood"]
    assert hit["client"] is None  # no address unless configured
    assert [r["question"] for r in log.rows(Filters(unanswered=True))] == [MISSING]
    assert [r["question"] for r in log.rows(Filters(text="中卫市科学技术局"))] == [QUESTION]
    assert log.rows(Filters(since="2999-01-01")) == []
    text = csv_text(rows)
    assert text.startswith("\ufeff时间,问题,是否回答")
    assert "通过市人民政府网站发布共" in text.replace(" ", "") and MISSING in text


def _wait_rows(path, n: int, where: str = "1", args: tuple = (), timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if path.exists():
            with sqlite3.connect(path) as db:
                try:
                    if db.execute(f"SELECT COUNT(*) FROM questions WHERE {where}", args).fetchone()[0] >= n:
                        return
                except sqlite3.OperationalError:
                    pass  # the table is being created
        time.sleep(0.05)
    raise AssertionError(f"fewer than {n} rows in {path} after {timeout_s} s")


def test_retention_client_address_and_off(start):
    from ingest.config import Config
    from ui.questions import QuestionLog

    server = start(question_log_client=True, question_log_days=30)
    _ask(server, QUESTION)
    path = server.data / "questions.sqlite"
    _wait_rows(path, 1)  # the server's writer thread writes rows in batches, off the answer's path
    with sqlite3.connect(path) as db:
        db.execute("UPDATE questions SET created_at = '2000-01-01T00:00:00+00:00'")
    _ask(server, MISSING)  # a new question deletes those older than 30 days
    _wait_rows(path, 1, where="question = ?", args=(MISSING,))
    rows = QuestionLog(Config(data_dir=server.data)).rows()
    assert [r["question"] for r in rows] == [MISSING] and rows[0]["client"] == "127.0.0.1"

    off = start(question_log_days=0)
    _ask(off, QUESTION)
    assert not (off.data / "questions.sqlite").exists()
