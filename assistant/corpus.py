"""An in-memory view of the index for answering: reports, chunk texts, BM25, facts.

Built from the store at start-up and refreshed when the committed reports change (another
process may ingest into a shared Chroma server), checked at most every `refresh_s` seconds.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

import numpy as np

from ingest.models import Fact, Report
from ingest.store import Store

log = logging.getLogger("gongkai.corpus")
LOCAL_VECTORS_MAX = 5000  # chunks searched in memory for a scoped question; more go to Chroma
VECTOR_CACHE_REPORTS = 300  # reports whose vectors stay cached (about 70 chunks × 2 KB each)


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
    positions: dict[str, int] = field(default_factory=dict)  # chunk_id -> index in `chunks`

    def idf(self, term: str, spellings: tuple[str, ...] = (), seen_only: bool = False) -> float:
        """Rarer words say more about what is asked; an unseen word borrows its synonyms' frequency.
        With seen_only, 0.0 for a word (and synonyms) no chunk contains."""
        df = max([self.df.get(term, 0)] + [self.df.get(s, 0) for s in spellings])
        if seen_only and df == 0:
            return 0.0
        return math.log(1 + max(len(self.chunks), 1) / (1 + df))


@dataclass
class _Part:
    """One committed report's share of the snapshot, kept so a refresh re-reads only what changed."""

    version: str
    rows: list[ChunkRow]
    tokens: list[str]  # space-separated BM25 tokens, one string per row
    facts: list[Fact]


class Corpus:
    """The snapshot, and when to rebuild it.

    After this process writes (`invalidate`), the next call rebuilds before answering. Changes by
    other processes are noticed every `refresh_s` seconds and rebuilt in the background while the
    old snapshot keeps answering. A rebuild reads only the changed reports from the store.
    """

    def __init__(self, store: Store, refresh_s: float = 2.0):
        self.store = store
        self.refresh_s = refresh_s
        self._snap: Snapshot | None = None
        self._parts: dict[str, _Part] = {}
        self._checked = 0.0
        self._stale = False
        self._lock = threading.Lock()
        self._vectors: OrderedDict[tuple[str, str], tuple[list[str], np.ndarray]] = OrderedDict()
        self._vec_lock = threading.Lock()

    def snapshot(self) -> Snapshot:
        snap = self._snap
        if snap is not None and not self._stale and time.monotonic() - self._checked < self.refresh_s:
            return snap
        if snap is not None and not self._stale:
            self._checked = time.monotonic()  # one background check at a time, however many queries
            threading.Thread(target=self._refresh_quietly, name="gongkai-refresh", daemon=True).start()
            return snap
        return self._refresh()

    def _refresh_quietly(self) -> None:
        try:
            self._refresh()
        except Exception as exc:  # noqa: BLE001 - e.g. the Chroma server is away: keep answering from the old one
            log.warning("索引刷新失败，继续使用上一份快照：%s", exc)

    def vectors_of(self, report_ids: list[str]) -> tuple[list[str], np.ndarray] | None:
        """(chunk ids, unit vectors) of these reports' committed chunks; None when they are too many
        to hold (then Chroma searches). Cached per report version, least recently used dropped."""
        snap = self.snapshot()
        if sum(len(snap.by_report.get(r, ())) for r in report_ids) > LOCAL_VECTORS_MAX:
            return None
        keys = [(r, snap.reports[r].content_hash) for r in report_ids if r in snap.reports]
        with self._vec_lock:
            missing = [k for k in keys if k not in self._vectors]
        if missing:
            self._load_vectors(missing)
        with self._vec_lock:
            parts = []
            for k in keys:
                self._vectors.move_to_end(k)
                parts.append(self._vectors[k])
            while len(self._vectors) > VECTOR_CACHE_REPORTS:
                self._vectors.popitem(last=False)
        ids = [cid for p in parts for cid in p[0]]
        matrix = np.concatenate([p[1] for p in parts]) if ids else np.zeros((0, 1), np.float32)
        return ids, matrix

    def _load_vectors(self, keys: list[tuple[str, str]]) -> None:
        got = self.store.vectors_of([rid for rid, _ in keys])
        wanted = dict(keys)
        rows: dict[str, tuple[list[str], list[np.ndarray]]] = {rid: ([], []) for rid, _ in keys}
        for cid, vec, m in got:
            if wanted.get(m.get("report_id")) == m.get("version"):
                rows[m["report_id"]][0].append(cid)
                rows[m["report_id"]][1].append(vec)
        with self._vec_lock:
            for rid, version in keys:
                ids, vecs = rows[rid]
                matrix = np.asarray(vecs, dtype=np.float32).reshape(len(ids), -1)
                norms = np.linalg.norm(matrix, axis=1, keepdims=True) if len(ids) else 1.0
                self._vectors[(rid, version)] = (ids, matrix / np.where(norms == 0, 1.0, norms))

    def invalidate(self) -> None:
        self._stale = True

    def _refresh(self) -> Snapshot:
        seen = self._snap
        with self._lock:
            snap = self._snap
            if snap is not None and snap is not seen and not self._stale:
                return snap  # another thread rebuilt it while this one waited
            self._stale = False
            reports = {r.report_id: r for r in self.store.list_reports()}
            signature = tuple(sorted((r.report_id, r.content_hash) for r in reports.values()))
            if snap is None or snap.signature != signature:
                self._snap = self._build(signature, reports)
            self._checked = time.monotonic()
            return self._snap  # type: ignore[return-value]

    def _build(self, signature: tuple, reports: dict[str, Report]) -> Snapshot:
        changed = [rid for rid, r in reports.items()
                   if rid not in self._parts or self._parts[rid].version != r.content_hash]
        fresh = self._read(changed, reports)
        # Reports in the store's listing order: a refresh gives exactly what a full build would.
        self._parts = {rid: fresh[rid] if rid in fresh else self._parts[rid] for rid in reports}
        return _assemble(signature, reports, self._parts)

    def _read(self, report_ids: list[str], reports: dict[str, Report]) -> dict[str, _Part]:
        if not report_ids:
            return {}
        wanted = set(report_ids)
        ids, docs, metas = self.store.chunks_of(report_ids, {rid: reports[rid].chunks for rid in report_ids})
        parts = {rid: _Part(reports[rid].content_hash, [], [], []) for rid in report_ids}
        for cid, doc, m in zip(ids, docs, metas):
            r = reports.get(m.get("report_id"))
            if r is None or r.content_hash != m.get("version") or r.report_id not in wanted:
                continue  # an uncommitted or stale version
            part = parts[r.report_id]
            part.rows.append(ChunkRow(cid, m["report_id"], doc, m.get("section", ""), m.get("kind", "prose"),
                                      m.get("page") or None, bool(m.get("ocr"))))
            part.tokens.append(m.get("tokens") or "")
        for f in self.store.facts_of(None if len(wanted) == len(reports) else report_ids):
            if f.report_id in wanted:
                parts[f.report_id].facts.append(f)
        return parts


def _assemble(signature: tuple, reports: dict[str, Report], parts: dict[str, _Part]) -> Snapshot:
    import bm25s

    rows: list[ChunkRow] = []
    token_lists: list[list[str]] = []
    by_report: dict[str, np.ndarray] = {}
    for rid, part in parts.items():
        by_report[rid] = np.arange(len(rows), len(rows) + len(part.rows))
        rows.extend(part.rows)
        token_lists.extend(t.split() or ["_"] for t in part.tokens)
    bm25 = None
    if rows:
        bm25 = bm25s.BM25()
        bm25.index(token_lists, show_progress=False)
    df = Counter(t for toks in token_lists for t in set(toks))
    facts = {rid: part.facts for rid, part in parts.items() if part.facts}
    positions = {row.chunk_id: i for i, row in enumerate(rows)}
    return Snapshot(signature, reports, rows, by_report, bm25, facts, dict(df), positions)
