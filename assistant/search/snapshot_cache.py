"""The answering snapshot's expensive parts on disk, so a restart loads them instead of re-reading Chroma.

Under `<data>/snapshot/`: `current.json` names one saved snapshot folder `s-…` holding
`parts.jsonl` (each report's chunk rows and facts, with its version), `tokens.jsonl` (its BM25 tokens,
read only when BM25 must be rebuilt) and `bm25/` (the bm25s index over all rows in that order).
A folder is written under a temporary name and renamed, then `current.json` is replaced: a crash
leaves the old snapshot in place. Readers trust a report's part only when its version and chunk count
match the committed report, and the BM25 index only when the report order is exactly the saved one.
Anything unreadable is logged and rebuilt from the store. The cache is keyed by the index identity
(chunk collection id, embedder), so a rebuilt Chroma server never serves another index's rows.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ingest.models import Fact

log = logging.getLogger("gongkai.corpus")
FORMAT = 2  # 2: each chunk row carries its text key
STALE_TMP_S = 3600  # temp folders older than this are a crash's leftovers


@dataclass(slots=True)
class ChunkRow:
    chunk_id: str
    report_id: str
    text: str
    section: str
    kind: str
    page: int | None
    ocr: bool
    key: str = ""  # the text key of its vector in the store


@dataclass
class Part:
    """One committed report's share of the snapshot, kept so a refresh re-reads only what changed."""

    version: str
    rows: list[ChunkRow]
    tokens: list[str] | None  # space-separated BM25 tokens per row; None = still on disk
    facts: list[Fact]


@dataclass
class Loaded:
    folder: Path
    order: list[tuple[str, str]]  # (report_id, version) in the saved row order
    parts: dict[str, Part]


def shared_text(texts: dict[str, str], text: str) -> str:
    """One string per distinct chunk text: template boilerplate repeats in every report (1,000 bench reports:
    69,824 chunks, 7,387 distinct texts; their copies were the snapshot's largest item, 63 MB of 150 traced)."""
    return texts.setdefault(text, text)


def compact_facts(facts: list[Fact]) -> list[Fact]:
    """One string object per distinct label and row text: 200,000 facts took 124 MB with copies."""
    seen: dict[str, str] = {}
    for f in facts:
        f.table, f.row, f.column = sys.intern(f.table), sys.intern(f.row), sys.intern(f.column)
        f.source = seen.setdefault(f.source, f.source)
    return facts


class SnapshotCache:
    def __init__(self, root: Path, key: str):
        self.root = Path(root)
        self.key = key
        self._save_lock = threading.Lock()
        self.saves = 0  # finished saves (tests wait on it)

    # -- reading --------------------------------------------------------------------------
    def load(self, texts: dict[str, str] | None = None) -> Loaded | None:
        """The current saved snapshot (parts without tokens), or None when there is none or it is unusable.
        `texts`: the strings already held, so chunks sharing a text share one string (see shared_text)."""
        try:
            return self._load({} if texts is None else texts)
        except Exception as exc:  # noqa: BLE001 - a damaged cache is rebuilt, never fatal
            log.warning("快照缓存无法读取，将从索引重建：%s", exc)
            return None

    def _load(self, texts: dict[str, str]) -> Loaded | None:
        current = self.root / "current.json"
        if not current.is_file():
            return None
        head = json.loads(current.read_text(encoding="utf-8"))
        if head.get("format") != FORMAT or head.get("key") != self.key:
            log.info("快照缓存属于另一个索引或旧版本，将重建")
            return None
        folder = self.root / head["dir"]
        parts: dict[str, Part] = {}
        order: list[tuple[str, str]] = []
        with open(folder / "parts.jsonl", encoding="utf-8") as fh:
            for line in fh:
                rid, version, rows, facts = json.loads(line)
                parts[rid] = Part(version, [ChunkRow(c[0], rid, shared_text(texts, c[1]), sys.intern(c[2]),
                                                     sys.intern(c[3]), c[4], c[5], c[6]) for c in rows], None,
                                  compact_facts([Fact(rid, *f) for f in facts]))
                order.append((rid, version))
        if len(order) != head.get("reports"):
            raise ValueError(f"parts.jsonl 只有 {len(order)} 份报告，应有 {head.get('reports')} 份")
        return Loaded(folder, order, parts)

    def tokens(self, folder: Path, wanted: dict[str, str]) -> dict[str, list[str]]:
        """BM25 tokens of these (report_id -> version) from a saved folder; what it lacks is left out."""
        out: dict[str, list[str]] = {}
        try:
            with open(folder / "tokens.jsonl", encoding="utf-8") as fh:
                for line in fh:
                    rid, version, toks = json.loads(line)
                    if wanted.get(rid) == version:
                        out[rid] = toks
        except Exception as exc:  # noqa: BLE001 - e.g. another process replaced that folder: read the store
            log.warning("快照缓存的分词无法读取，改从索引读取：%s", exc)
        return out

    def bm25(self, folder: Path):
        import bm25s

        try:
            return bm25s.BM25.load(str(folder / "bm25"))
        except Exception as exc:  # noqa: BLE001
            log.warning("快照缓存的 BM25 索引无法读取，将重建：%s", exc)
            return None

    # -- writing --------------------------------------------------------------------------
    def save(self, order: list[tuple[str, str]], parts: dict[str, Part], bm25, still_latest=lambda: True) -> None:
        """Write a new snapshot folder, then switch current.json to it; older folders are removed."""
        with self._save_lock:
            if not still_latest():
                return  # a newer snapshot is already waiting to be saved
            try:
                self.root.mkdir(parents=True, exist_ok=True)
                with _folder_lock(self.root):
                    self._save(order, parts, bm25)
                self.saves += 1
            except Exception as exc:  # noqa: BLE001 - no cache costs start-up time, never an answer
                log.warning("快照缓存写入失败（下次启动将从索引重建）：%s", exc)

    def _save(self, order: list[tuple[str, str]], parts: dict[str, Part], bm25) -> None:
        t0 = time.perf_counter()
        self._remove_leftovers()
        name = f"s-{uuid.uuid4().hex[:16]}"
        tmp = self.root / f"tmp-{name}"
        tmp.mkdir()
        try:
            _write_parts(tmp, order, parts)
            if bm25 is not None:
                bm25.save(str(tmp / "bm25"))
            os.rename(tmp, self.root / name)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        head = {"format": FORMAT, "key": self.key, "dir": name, "reports": len(order)}
        _replace_text(self.root / "current.json", json.dumps(head, ensure_ascii=False))
        for old in self.root.glob("s-*"):
            if old.name != name:
                shutil.rmtree(old, ignore_errors=True)
        log.info("快照缓存已保存：%d 份报告，%.1f 秒", len(order), time.perf_counter() - t0)

    def _remove_leftovers(self) -> None:
        now = time.time()
        for old in self.root.glob("tmp-*"):
            try:
                if now - old.stat().st_mtime > STALE_TMP_S:
                    shutil.rmtree(old, ignore_errors=True)
            except OSError:
                pass


@contextmanager
def _folder_lock(root: Path):
    """Processes sharing a data folder save one at a time (each removes the others' older folders)."""
    with open(root / ".lock", "a") as fh:
        try:
            import fcntl

            fcntl.flock(fh, fcntl.LOCK_EX)
        except ImportError:  # not POSIX: saves are rare enough to go unguarded
            pass
        yield


def _write_parts(folder: Path, order: list[tuple[str, str]], parts: dict[str, Part]) -> None:
    # One JSON line per report: the C encoder per line, never one 100 MB string in memory.
    with open(folder / "parts.jsonl", "w", encoding="utf-8") as fp, \
            open(folder / "tokens.jsonl", "w", encoding="utf-8") as ft:
        for rid, version in order:
            part = parts[rid]
            rows = [[c.chunk_id, c.text, c.section, c.kind, c.page, c.ocr, c.key] for c in part.rows]
            facts = [[f.table, f.row, f.column, f.value, f.source, f.page, f.ocr] for f in part.facts]
            fp.write(json.dumps([rid, version, rows, facts], ensure_ascii=False) + "\n")
            ft.write(json.dumps([rid, version, part.tokens], ensure_ascii=False) + "\n")
        for fh in (fp, ft):
            fh.flush()
            os.fsync(fh.fileno())


def _replace_text(path: Path, text: str) -> None:
    tmp = path.with_name(f"{path.name}.tmp-{uuid.uuid4().hex[:8]}")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
