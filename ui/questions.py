"""The question log (issue 17 item 11): every question asked on the page or through /api/ask, with its answer,
whether it was found, what it was read as, its citations and latency, kept in `data_dir/questions.sqlite` for
staff (what citizens ask, what went unanswered). No client address unless GONGKAI_QUESTION_LOG_CLIENT; rows
older than GONGKAI_QUESTION_LOG_DAYS are deleted as new ones come; 0 days = no log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from assistant.models import Answer
from ingest.config import Config
from ui.sqlite_log import opened

log = logging.getLogger(__name__)

# Each entry upgrades the schema by one version; never edit an entry, append a new one.
_MIGRATIONS = (
    """CREATE TABLE questions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        short_answer TEXT NOT NULL DEFAULT '',
        found INTEGER NOT NULL,
        understood TEXT NOT NULL DEFAULT '{}',
        citations TEXT NOT NULL DEFAULT '[]',
        latency_ms REAL NOT NULL DEFAULT 0,
        source TEXT NOT NULL,
        client TEXT,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX questions_created ON questions (created_at)",
)
HEADERS = ["时间", "问题", "是否回答", "简答", "回答", "机关", "年度", "出处", "用时（毫秒）", "来源"]


@dataclass
class Filters:
    unanswered: bool = False
    text: str = ""  # in the question, the bodies or the cited files
    since: str = ""  # YYYY-MM-DD


class _Writer:
    """One background thread per log file, writing rows in batches: an answer never waits for the disk (a
    commit per question, each with its fsync, held the answer queue up under load and turned citizens away
    with 503). Every QuestionLog of one file (the page's, the REST API's, the staff tab's) shares it."""

    QUEUE = 2000  # rows waiting to be written; past it a row is dropped (it is a log; the answer was sent)

    def __init__(self, log: QuestionLog):
        self.log = log
        self.pending: queue.Queue = queue.Queue(self.QUEUE)
        self.thread = threading.Thread(target=self._run, name="gongkai-question-log", daemon=True)
        self.thread.start()

    LINGER_S = 0.25  # rows arriving this soon after the first go in its batch: one commit, not one per row

    def _run(self) -> None:
        while True:
            batch = [self.pending.get()]
            until = time.monotonic() + self.LINGER_S
            while len(batch) < 500:
                left = until - time.monotonic()
                try:
                    batch.append(self.pending.get(timeout=left) if left > 0 else self.pending.get_nowait())
                except queue.Empty:
                    break
            try:
                self.log._write(batch)
            except Exception:  # noqa: BLE001 - a log that cannot be written never stops the writer
                log.exception("question log write failed")
            finally:
                for _ in batch:
                    self.pending.task_done()

    def flush(self, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while self.pending.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.01)


_WRITERS: dict[Path, _Writer] = {}
_WRITERS_LOCK = threading.Lock()
_FILE_LOCKS: dict[Path, threading.Lock] = {}


class QuestionLog:
    def __init__(self, config: Config):
        self.path = Path(config.data_dir) / "questions.sqlite"
        self.days, self.with_client = config.question_log_days, config.question_log_client
        self._key = self.path.resolve()  # once: resolving walks the path with a system call per part
        with _WRITERS_LOCK:
            self._lock = _FILE_LOCKS.setdefault(self._key, threading.Lock())

    def _db(self):
        return opened(self.path, self._lock, _MIGRATIONS)

    def _writer(self, start: bool) -> _Writer | None:
        key = self._key
        with _WRITERS_LOCK:
            writer = _WRITERS.get(key)
            if writer is None and start:
                writer = _WRITERS[key] = _Writer(self)
            return writer

    def add(self, answer: Answer, source: str, client: str | None = None) -> bool:
        """Hand one answered question ("page", "api" or "embed") to the file's writer; False when the log is
        off or its queue is full."""
        if self.days <= 0:
            return False
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        row = (answer.question, answer.answer, answer.short_answer, int(answer.found),
               json.dumps(answer.understood or {}, ensure_ascii=False),
               json.dumps([c.to_dict() for c in answer.citations], ensure_ascii=False),
               float(answer.latency_ms), source, client if self.with_client else None, now)
        try:
            self._writer(start=True).pending.put_nowait(row)
        except queue.Full:
            return False
        return True

    def flush(self, timeout_s: float = 10.0) -> None:
        """Wait until every row handed over so far (by any log of this file in this process) is written."""
        writer = self._writer(start=False)
        if writer is not None:
            writer.flush(timeout_s)

    def _write(self, batch: list[tuple]) -> None:
        with self._db() as conn:
            # Older rows go as new ones come: one indexed DELETE per batch.
            cutoff = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=self.days)).isoformat(timespec="seconds")
            conn.execute("DELETE FROM questions WHERE created_at < ?", (cutoff,))
            conn.executemany(
                "INSERT INTO questions (question, answer, short_answer, found, understood, citations, latency_ms,"
                " source, client, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)

    def rows(self, filters: Filters | None = None, limit: int = 500) -> list[dict]:
        """Newest first, with the filters applied."""
        self.flush()
        f = filters or Filters()
        if not self.path.exists():
            return []
        where, args = [], []
        if f.unanswered:
            where.append("found = 0")
        if f.since:
            where.append("created_at >= ?")
            args.append(f.since)
        sql = "SELECT * FROM questions" + (" WHERE " + " AND ".join(where) if where else "")
        with self._db() as conn:
            got = [dict(r) for r in conn.execute(sql + " ORDER BY id DESC LIMIT ?", (*args, limit))]
        for r in got:
            r["found"], r["understood"], r["citations"] = bool(r["found"]), json.loads(r["understood"]), \
                json.loads(r["citations"])
        words = f.text.split()
        return [r for r in got if all(w in _searchable(r) for w in words)]


def _searchable(r: dict) -> str:
    return " ".join([r["question"], *(c.get("body", "") + c.get("file", "") for c in r["citations"]),
                     *map(str, r["understood"].get("bodies") or [])])


SOURCES = {"page": "问答页", "api": "接口", "embed": "嵌入窗口"}


def table_rows(rows: list[dict]) -> list[list]:
    """The staff tab's table and the export: one line a question, the cited passages in full."""
    out = []
    for r in rows:
        cites = r["citations"]
        out.append([r["created_at"].replace("T", " ")[:19], r["question"], "是" if r["found"] else "否",
                    r["short_answer"], r["answer"], "、".join(dict.fromkeys(c.get("body", "") for c in cites)),
                    "、".join(dict.fromkeys(str(c.get("year") or "") for c in cites)),
                    "\n".join(f"{c.get('file', '')}（{c.get('section', '')}）：{c.get('text', '')}" for c in cites),
                    round(r["latency_ms"], 1), SOURCES.get(r["source"], r["source"])])
    return out


def csv_text(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADERS)
    w.writerows(table_rows(rows))
    return "\ufeff" + buf.getvalue()  # the BOM: Excel opens UTF-8 Chinese correctly only with it
