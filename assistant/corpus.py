"""An in-memory view of the index for answering: reports, chunk texts, BM25, facts.

Built from the store at start-up and refreshed when the committed reports change (another
process may ingest into a shared Chroma server), checked at most every `refresh_s` seconds.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
import time
from dataclasses import dataclass, field

import numpy as np

from ingest.models import Fact, Report
from ingest.store import Store


@dataclass
class ChunkRow:
    chunk_id: str
    report_id: str
    text: str
    section: str
    kind: str
    page: int | None
    ocr: bool


@dataclass
class Snapshot:
    signature: tuple
    reports: dict[str, Report]
    chunks: list[ChunkRow]
    by_report: dict[str, np.ndarray]  # report_id -> chunk indices
    bm25: object | None
    facts: dict[str, list[Fact]] = field(default_factory=dict)
    df: dict[str, int] = field(default_factory=dict)  # in how many chunks each token occurs

    def idf(self, term: str, spellings: tuple[str, ...] = (), seen_only: bool = False) -> float:
        """Rarer words say more about what is asked; an unseen word borrows its synonyms' frequency.
        With seen_only, 0.0 for a word (and synonyms) no chunk contains."""
        df = max([self.df.get(term, 0)] + [self.df.get(s, 0) for s in spellings])
        if seen_only and df == 0:
            return 0.0
        return math.log(1 + max(len(self.chunks), 1) / (1 + df))


class Corpus:
    def __init__(self, store: Store, refresh_s: float = 2.0):
        self.store = store
        self.refresh_s = refresh_s
        self._snap: Snapshot | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        now = time.monotonic()
        if self._snap is not None and now - self._checked < self.refresh_s:
            return self._snap
        with self._lock:
            if self._snap is not None and time.monotonic() - self._checked < self.refresh_s:
                return self._snap
            reports = {r.report_id: r for r in self.store.list_reports()}
            signature = tuple(sorted((r.report_id, r.content_hash) for r in reports.values()))
            if self._snap is None or self._snap.signature != signature:
                self._snap = self._build(signature, reports)
            self._checked = time.monotonic()
            return self._snap

    def invalidate(self) -> None:
        with self._lock:
            self._checked = 0.0

    def _build(self, signature: tuple, reports: dict[str, Report]) -> Snapshot:
        import bm25s

        ids, docs, metas = self.store.all_chunks()
        rows: list[ChunkRow] = []
        token_lists: list[list[str]] = []
        for cid, doc, m in zip(ids, docs, metas):
            r = reports.get(m.get("report_id"))
            if r is None or r.content_hash != m.get("version"):
                continue  # an uncommitted or stale version
            rows.append(ChunkRow(cid, m["report_id"], doc, m.get("section", ""), m.get("kind", "prose"),
                                 m.get("page") or None, bool(m.get("ocr"))))
            token_lists.append((m.get("tokens") or "").split() or ["_"])
        by_report: dict[str, list[int]] = {}
        for i, row in enumerate(rows):
            by_report.setdefault(row.report_id, []).append(i)
        bm25 = None
        if rows:
            bm25 = bm25s.BM25()
            bm25.index(token_lists, show_progress=False)
        df = Counter(t for toks in token_lists for t in set(toks))
        facts: dict[str, list[Fact]] = {}
        for f in self.store.facts_of(None):
            facts.setdefault(f.report_id, []).append(f)
        return Snapshot(signature, reports, rows, {k: np.array(v) for k, v in by_report.items()}, bm25, facts,
                        dict(df))
