"""👍/👎 on the chat page's answers, kept in `data_dir/feedback.sqlite` for staff and eval."""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

from ui.sqlite_log import opened

REASONS = ("答案数字错误", "出处错误", "没有回答", "其他")
RATINGS = ("up", "down")

# Each entry upgrades the schema by one version; never edit an entry, append a new one.
_MIGRATIONS = (
    """CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        citations TEXT NOT NULL DEFAULT '[]',
        settings TEXT NOT NULL DEFAULT '{}',
        rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
        reason TEXT,
        comment TEXT,
        created_at TEXT NOT NULL
    )""",
)


class FeedbackLog:
    def __init__(self, data_dir: str | Path):
        self.path = Path(data_dir) / "feedback.sqlite"
        self._lock = threading.Lock()

    def _db(self):
        return opened(self.path, self._lock, _MIGRATIONS)

    def add(self, question: str, answer: str, rating: str, citations: list[dict] | None = None,
            settings: dict | None = None, reason: str | None = None, comment: str | None = None) -> int:
        """Store one rating; returns its id (so a reason or comment can be added later)."""
        if rating not in RATINGS:
            raise ValueError(f"rating 应为 {'/'.join(RATINGS)}，收到的是 {rating!r}")
        _check_reason(reason)
        now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        with self._db() as conn:
            cur = conn.execute(
                "INSERT INTO feedback (question, answer, citations, settings, rating, reason, comment, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (question, answer, json.dumps(citations or [], ensure_ascii=False),
                 json.dumps(settings or {}, ensure_ascii=False), rating, reason, _clip(comment), now))
            return int(cur.lastrowid)

    def explain(self, feedback_id: int, reason: str | None, comment: str | None) -> None:
        """Add the reason and comment a person gave after pressing 👎."""
        _check_reason(reason)
        with self._db() as conn:
            conn.execute("UPDATE feedback SET reason = ?, comment = ? WHERE id = ?",
                         (reason, _clip(comment), feedback_id))

    def export(self) -> list[dict]:
        if not self.path.exists():
            return []
        with self._db() as conn:
            rows = conn.execute("SELECT * FROM feedback ORDER BY id").fetchall()
        out = []
        for row in rows:
            d = dict(row)
            d["citations"] = json.loads(d["citations"])
            d["settings"] = json.loads(d["settings"])
            out.append(d)
        return out


def _check_reason(reason: str | None) -> None:
    if reason is not None and reason not in REASONS:
        raise ValueError(f"reason 应为 {'、'.join(REASONS)} 之一，收到的是 {reason!r}")


def _clip(comment: str | None) -> str | None:
    comment = (comment or "").strip()
    return comment[:2000] or None
