"""The question log (issue 17 item 11): every question asked on the page or through /api/ask, with its answer,
whether it was found, what it was read as, its citations and latency, kept in `data_dir/questions.sqlite` for
staff (what citizens ask, what went unanswered). No client address unless GONGKAI_QUESTION_LOG_CLIENT; rows
older than GONGKAI_QUESTION_LOG_DAYS are deleted as new ones come; 0 days = no log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from assistant.models import Answer
from ingest.config import Config
from ui.sqlite_log import opened

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


class QuestionLog:
    def __init__(self, config: Config):
        self.path = Path(config.data_dir) / "questions.sqlite"
        self.days, self.with_client = config.question_log_days, config.question_log_client
        self._lock = threading.Lock()

    def _db(self):
        return opened(self.path, self._lock, _MIGRATIONS)

    def add(self, answer: Answer, source: str, client: str | None = None) -> int | None:
        """Log one answered question ("page", "api" or "embed"); None when the log is off."""
        if self.days <= 0:
            return None
        now = dt.datetime.now(dt.timezone.utc)
        cutoff = (now - dt.timedelta(days=self.days)).isoformat(timespec="seconds")
        with self._db() as conn:
            conn.execute("DELETE FROM questions WHERE created_at < ?", (cutoff,))
            cur = conn.execute(
                "INSERT INTO questions (question, answer, short_answer, found, understood, citations, latency_ms,"
                " source, client, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (answer.question, answer.answer, answer.short_answer, int(answer.found),
                 json.dumps(answer.understood or {}, ensure_ascii=False),
                 json.dumps([c.to_dict() for c in answer.citations], ensure_ascii=False),
                 float(answer.latency_ms), source, client if self.with_client else None,
                 now.isoformat(timespec="seconds")))
            return int(cur.lastrowid)

    def rows(self, filters: Filters | None = None, limit: int = 500) -> list[dict]:
        """Newest first, with the filters applied."""
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
