"""An in-memory view of the index for answering: reports, chunk texts, BM25, facts.

Built at start-up and refreshed when the committed reports change (another process may ingest
into a shared Chroma server), checked at most every `refresh_s` seconds. With a cache folder, the
built snapshot is saved there (assistant/snapshot_cache.py) and the next start loads it instead of
re-reading Chroma: unchanged reports come from disk, changed ones from the store.
"""

from __future__ import annotations

import logging
import math
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.search.snapshot_cache import ChunkRow, Loaded, Part, SnapshotCache, compact_facts, shared_text
from ingest.index.store import Store
from ingest.models import Fact, Report

__all__ = ["ChunkRow", "Corpus", "Snapshot"]

log = logging.getLogger("gongkai.corpus")
LOCAL_VECTORS_MAX = 20_000  # distinct texts searched in memory for a scoped question; more go to Chroma
VECTOR_CACHE = 50_000  # text vectors kept in memory (2 KB each)
PREFETCH_PAGE = 2000


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
    by_key: dict[str, list[int]] = field(default_factory=dict)  # text key -> indices of the chunks with it

    def idf(self, term: str, spellings: tuple[str, ...] = (), seen_only: bool = False) -> float:
        """Rarer words say more about what is asked; an unseen word borrows its synonyms' frequency.
        With seen_only, 0.0 for a word (and synonyms) no chunk contains."""
        df = max([self.df.get(term, 0)] + [self.df.get(s, 0) for s in spellings])
        if seen_only and df == 0:
            return 0.0
        return math.log(1 + max(len(self.chunks), 1) / (1 + df))


class Corpus:
    """The snapshot, and when to rebuild it.

    After this process writes (`invalidate`), the next call rebuilds before answering. Changes by
    other processes are noticed every `refresh_s` seconds and rebuilt in the background while the
    old snapshot keeps answering. A rebuild reads only the changed reports from the store.
    """

    def __init__(self, store: Store, refresh_s: float = 2.0, cache_dir: Path | None = None):
        self.store = store
        self.refresh_s = refresh_s
        self._snap: Snapshot | None = None
        self._parts: dict[str, Part] = {}
        self._checked = 0.0
        self._stale = False
        self._lock = threading.Lock()
        self.cache = SnapshotCache(cache_dir, _index_key(store)) if cache_dir is not None else None
        self._saved: Loaded | None = None  # the cache folder whose tokens the parts loaded from disk lack
        self._generation = 0
        self._save_thread: threading.Thread | None = None
        # What the builds did, for tests and the bench: reports read from the store, BM25 indexes built.
        self.stats = {"builds": 0, "reports_read": 0, "bm25_built": 0, "cache_loads": 0}
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()  # text key -> unit vector
        self._vec_lock = threading.Lock()
        self._texts: dict[str, str] = {}  # each distinct chunk text, the one string all its chunks share

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

    def vector_search(self, vector: np.ndarray, report_ids: list[str] | None, depth: int) -> list[str]:
        """Chunk ids nearest to `vector`, best first, within these reports (None: all).

        A scope of up to LOCAL_VECTORS_MAX distinct texts is searched exactly in memory over cached
        vectors (Chroma's filtered search took 100-250 ms at 70,000 chunks); larger ones ask Chroma.
        Chunks sharing a text share its vector and its rank.
        """
        snap = self.snapshot()
        if report_ids == [] or not snap.chunks:
            return []
        unit = vector / (np.linalg.norm(vector) or 1.0)
        if report_ids is not None:
            rows = [int(i) for r in report_ids for i in snap.by_report.get(r, ())]
            keys = list(dict.fromkeys(snap.chunks[i].key for i in rows))
            if len(keys) <= LOCAL_VECTORS_MAX:
                have = self._vectors_for(keys)
                keys = [k for k in keys if k in have]
                if not keys:
                    return []
                sims = np.stack([have[k] for k in keys]) @ unit
                score = {k: float(s) for k, s in zip(keys, sims)}
                ranked = sorted((i for i in rows if snap.chunks[i].key in score),
                                key=lambda i: (-score[snap.chunks[i].key], i))
                return [snap.chunks[i].chunk_id for i in ranked[:depth]]
        allowed = None if report_ids is None else set(report_ids)
        out: list[str] = []
        for key in self.store.query_texts(vector, depth if allowed is None else depth * 10):
            for i in snap.by_key.get(key, ()):
                c = snap.chunks[i]
                if allowed is None or c.report_id in allowed:
                    out.append(c.chunk_id)
            if len(out) >= depth:
                break
        return out[:depth]

    def prefetch_vectors(self) -> int:
        """Read the vectors of the snapshot's texts into the cache now (as many as it holds), so questions
        do not each wait for a Chroma read. Returns how many were read."""
        snap = self.snapshot()
        with self._vec_lock:
            keys = [k for k in snap.by_key if k not in self._vectors][: max(VECTOR_CACHE - len(self._vectors), 0)]
        for i in range(0, len(keys), PREFETCH_PAGE):
            self._vectors_for(keys[i : i + PREFETCH_PAGE])
        return len(keys)

    def _vectors_for(self, keys: list[str]) -> dict[str, np.ndarray]:
        """Unit vectors of these text keys, from the cache or the store; least recently used dropped."""
        with self._vec_lock:
            missing = [k for k in keys if k not in self._vectors]
        got = self.store.vectors(missing) if missing else {}
        with self._vec_lock:
            for k, v in got.items():
                self._vectors[k] = v / (np.linalg.norm(v) or 1.0)
            out = {}
            for k in keys:
                v = self._vectors.get(k)
                if v is not None:
                    self._vectors.move_to_end(k)
                    out[k] = v
            while len(self._vectors) > VECTOR_CACHE:
                self._vectors.popitem(last=False)
        return out

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
        first = self._snap is None and not self._parts
        if first and self.cache is not None:
            self._adopt(self.cache.load(self._texts), reports)
        changed = [rid for rid, r in reports.items() if not _fits(self._parts.get(rid), r)]
        fresh = self._read(changed, reports)
        # Reports in the store's listing order: a refresh gives exactly what a full build would.
        self._parts = {rid: fresh[rid] if rid in fresh else self._parts[rid] for rid in reports}
        order = [(rid, r.content_hash) for rid, r in reports.items()]
        bm25 = None
        if first and order and not fresh and self._saved is not None and self._saved.order == order:
            bm25 = self.cache.bm25(self._saved.folder)  # type: ignore[union-attr]
        if bm25 is None:
            self._fill_tokens(reports)
            self.stats["bm25_built"] += 1
        self.stats["builds"] += 1
        snap = _assemble(signature, reports, self._parts, bm25)
        self._texts = {row.text: row.text for row in snap.chunks}  # texts of removed reports let go
        self._generation += 1
        if self.cache is not None and (fresh or bm25 is None):
            self._save_later(order, snap.bm25)
        _trim_heap()
        return snap

    def _adopt(self, loaded: Loaded | None, reports: dict[str, Report]) -> None:
        """Parts of the saved snapshot whose report is still committed in that version."""
        if loaded is None:
            return
        self._saved = loaded
        self._parts = {rid: p for rid, p in loaded.parts.items() if _fits(p, reports.get(rid))}
        self.stats["cache_loads"] += 1
        log.info("快照缓存：%d 份报告从缓存读取，%d 份需从索引读取", len(self._parts), len(reports) - len(self._parts))

    def _fill_tokens(self, reports: dict[str, Report]) -> None:
        """BM25 is rebuilt: tokens of parts loaded from disk come from the cache, else from the store."""
        lacking = {rid: p.version for rid, p in self._parts.items() if p.tokens is None}
        if not lacking:
            return
        got = self.cache.tokens(self._saved.folder, lacking) if self.cache and self._saved else {}
        for rid, toks in got.items():
            if len(toks) == len(self._parts[rid].rows):
                self._parts[rid].tokens = toks
        missing = [rid for rid in lacking if self._parts[rid].tokens is None]
        self._parts.update(self._read(missing, reports))

    def _save_later(self, order: list[tuple[str, str]], bm25) -> None:
        # Not a daemon: a CLI process that built the snapshot finishes writing it before it exits.
        generation, parts = self._generation, dict(self._parts)
        self._save_thread = threading.Thread(
            target=self.cache.save, args=(order, parts, bm25, lambda: self._generation == generation),  # type: ignore[union-attr]
            name="gongkai-snapshot-save")
        self._save_thread.start()

    def wait_saved(self) -> None:
        thread = self._save_thread
        if thread is not None:
            thread.join()

    def _read(self, report_ids: list[str], reports: dict[str, Report]) -> dict[str, Part]:
        if not report_ids:
            return {}
        self.stats["reports_read"] += len(report_ids)
        parts = {rid: Part(reports[rid].content_hash, [], [], []) for rid in report_ids}
        committed = {rid: reports[rid].content_hash for rid in report_ids}
        for content in self.store.contents_of(report_ids, committed):
            part = parts[content.report_id]
            for sc in content.chunks:
                c = sc.chunk
                part.rows.append(ChunkRow(c.chunk_id, c.report_id, shared_text(self._texts, c.text),
                                          sys.intern(c.section), sys.intern(c.kind), c.page or None, bool(c.ocr),
                                          sc.key))
                part.tokens.append(sc.tokens or "")  # type: ignore[union-attr]
            part.facts = compact_facts(content.facts)
        return parts


def _fits(part: Part | None, report: Report | None) -> bool:
    return part is not None and report is not None and part.version == report.content_hash and (
        not report.chunks or len(part.rows) == report.chunks)


def _index_key(store: Store) -> str:
    """Which index a saved snapshot belongs to: a rebuilt Chroma (new collection ids) or another
    embedder never reuses it."""
    return f"{getattr(store.texts, 'id', '')}:{getattr(store.contents, 'id', '')}:{store.embedder_name}"


def _trim_heap() -> None:
    """Give the build's freed memory back to the system (glibc keeps it otherwise)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _assemble(signature: tuple, reports: dict[str, Report], parts: dict[str, Part], bm25=None) -> Snapshot:
    """The snapshot over these parts; `bm25`: an index already built over exactly these rows."""
    rows: list[ChunkRow] = []
    by_report: dict[str, np.ndarray] = {}
    for rid, part in parts.items():
        by_report[rid] = np.arange(len(rows), len(rows) + len(part.rows))
        rows.extend(part.rows)
    if bm25 is None and rows:
        import bm25s

        bm25 = bm25s.BM25()
        bm25.index([t.split() or ["_"] for part in parts.values() for t in part.tokens or ()], show_progress=False)
    facts = {rid: part.facts for rid, part in parts.items() if part.facts}
    positions = {row.chunk_id: i for i, row in enumerate(rows)}
    by_key: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        by_key.setdefault(row.key, []).append(i)
    return Snapshot(signature, reports, rows, by_report, bm25, facts, _doc_freq(bm25), positions, by_key)


def _doc_freq(bm25) -> dict[str, int]:
    """In how many chunks each token occurs: the non-zero scores of its column in the BM25 matrix."""
    if bm25 is None:
        return {}
    indptr = np.asarray(bm25.scores["indptr"])
    counts = np.diff(indptr).tolist()
    # bm25s also keeps a placeholder word with no column: it occurs nowhere.
    return {tok: counts[j] for tok, j in bm25.vocab_dict.items() if j < len(counts)}
