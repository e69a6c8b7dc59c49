"""One SQLite file beside the index for a log (feedback, questions): opened per use, migrated in order."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def opened(path: Path, lock: threading.Lock, migrations: Sequence[str]) -> Iterator[sqlite3.Connection]:
    """A connection with rows by name, the schema brought up to date (PRAGMA user_version counts the
    migrations applied), committed and closed on the way out. One writer at a time in this process."""
    with lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=10)
        try:
            conn.row_factory = sqlite3.Row
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for n, step in enumerate(migrations[version:], version + 1):
                conn.execute(step)
                conn.execute(f"PRAGMA user_version = {n}")
            conn.commit()
            yield conn
            conn.commit()
        finally:
            conn.close()
