"""Many files → the index: parsing (in a second process for many files), embedding and writing in batches."""

from __future__ import annotations

import contextlib
import logging
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ingest.config import Config
from ingest.index.embeddings import Embedder
from ingest.index.store import ReportWrite, Store, text_key
from ingest.models import IngestResult, ParsedReport, Report
from ingest.parse import _failed, chunk_tokens, content_version, embed_text, expand, parse_job, report_id_for
from ingest.parse_worker import ParseTimeout, ParseWorker

log = logging.getLogger(__name__)

BATCH_CHUNKS = 2048  # chunks embedded and written together: one model call and few Chroma calls
BATCH_REPORTS = 64
KNOWN_TEXTS_MAX = 500_000


@dataclass
class _Pending:
    index: int
    name: str
    parsed: ParsedReport
    timings: dict[str, float]
    tokens: list[str] | None = None  # BM25 tokens per chunk, when the parsing process made them
    replacing: bool = False


PARALLEL_MIN_FILES = 16  # fewer files: starting a parsing process costs more than it saves
PARSE_AHEAD = 8  # files parsed ahead of the writer: bounds what waits in memory


def _unchanged(path: Path, config: Config, old: Report | None) -> bool:
    try:
        if old is None or not path.exists() or path.stat().st_size > config.max_file_mb * 1048576:
            return False
        return old.content_hash == content_version(path.read_bytes())
    except OSError:
        return False


def _as_pending(index: int, name: str, got) -> IngestResult | _Pending:
    if isinstance(got, IngestResult):
        return got
    parsed, toks, seconds = got
    return _Pending(index, name, parsed, {"parse": seconds}, toks)


class Ingester:
    """Parses (in a second process, for many files) while one thread embeds and another writes.

    Reports are embedded and written in batches across files: one model call and a few Chroma calls
    per batch instead of several per report. The model (numpy lets go of the GIL) overlaps the writes.
    """

    def __init__(self, config: Config, store: Store, embedder: Embedder, workers: set | None = None):
        self.config, self.store, self.embedder = config, store, embedder
        self.workers = workers  # the caller's set of parsing processes, so it can end them when it shuts down
        self._known: set[str] = set()  # text keys stored, or on their way to the store, in this run
        self._force = False

    def ingest(self, paths: Iterable[str | Path], progress: Callable[[int, int, str], None] | None = None,
               names: dict[Path, str] | None = None, lock=None, force: bool = False) -> list[IngestResult]:
        """`lock`: held while the index is written (the caller's write lock). A few files (an upload, one
        report from the command line) are parsed before it is taken, so a file that takes long to parse
        holds up no other ingest; many files are parsed while earlier ones are written, under it.
        `force`: read and write the files even when unchanged (staff's 重新导入)."""
        lock = lock if lock is not None else contextlib.nullcontext()
        self._force = force
        files = expand(paths)
        named = [(path, (names or {}).get(path) or path.name) for path in files]
        if len(named) < PARALLEL_MIN_FILES:
            known = {r.report_id: r for r in self.store.list_reports()}
            early = list(self._parsed(named, known))
            with lock:
                return self._write(named, self._recheck(early), progress)
        with lock:
            return self._write(named, None, progress)

    def _recheck(self, early: list):
        """Files found unchanged before the lock was taken, parsed after all if the store changed meanwhile."""
        def outcomes(known: dict[str, Report]):
            for n, (path, name), outcome in early:
                if (isinstance(outcome, IngestResult) and outcome.status == "unchanged"
                        and not _unchanged(path, self.config, known.get(outcome.report_id))):
                    outcome = list(self._parsed([(path, name)], {}))[0][2]
                yield n, (path, name), outcome

        return outcomes

    def _write(self, named: list[tuple[Path, str]], early, progress) -> list[IngestResult]:
        self.store.check_embedder(writing=True)
        self.store.collect_garbage()
        # One read of what is stored, not one per file: reads wait behind the writer thread's writes.
        known = {r.report_id: r for r in self.store.list_reports()}
        results: list[IngestResult | None] = [None] * len(named)
        outcomes = early(known) if early is not None else self._parsed(named, known)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="gongkai-embed") as embedding, \
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="gongkai-write") as writing:
            writer = (embedding, writing)
            inflight: list[tuple[Future, list[_Pending]]] = []
            batch: list[_Pending] = []
            for n, (path, _), outcome in outcomes:
                if progress:
                    progress(n + 1, len(named), path.name)
                if isinstance(outcome, _Pending):
                    outcome = self._settle(outcome, known)
                if isinstance(outcome, IngestResult):
                    results[n] = outcome
                    continue
                if any(p.parsed.report.report_id == outcome.parsed.report.report_id for p in batch):
                    # The same report twice: separate batches, which the one writer stores in order.
                    self._submit(batch, writer, inflight, results)
                known[outcome.parsed.report.report_id] = outcome.parsed.report
                batch.append(outcome)
                if len(batch) >= BATCH_REPORTS or sum(len(p.parsed.chunks) for p in batch) >= BATCH_CHUNKS:
                    self._submit(batch, writer, inflight, results)
            self._submit(batch, writer, inflight, results)
            self._drain(inflight, results, keep=0)
        done = [r for r in results if r is not None]
        self._keep_originals(named, results)
        if any(r.status == "replaced" for r in done):
            self.store.collect_garbage(texts=True)  # texts only the old versions used
        return done

    def _keep_originals(self, named: list[tuple[Path, str]], results: list[IngestResult | None]) -> None:
        """A copy of each report's file in the data folder, for the page's source viewer (ingest/originals.py)."""
        from ingest import originals

        for (path, _), result in zip(named, results, strict=True):
            if result is not None and result.report is not None and result.status != "failed":
                originals.keep(self.config.data_dir, path, result.report)

    def _settle(self, pending: _Pending, known: dict[str, Report]) -> IngestResult | _Pending:
        """Against the reports stored (or queued) by now: unchanged, or new, or replacing one."""
        report = pending.parsed.report
        old = known.get(report.report_id)
        if old is not None and old.content_hash == report.content_hash and not self._force:
            return IngestResult(pending.name, report.report_id, "unchanged", report=old)
        pending.replacing = old is not None
        return pending

    def _parsed(self, named: list[tuple[Path, str]], known: dict[str, Report]):
        """(index, (path, name), result) in file order: an IngestResult (unchanged or failed) or a _Pending.

        Files are parsed in a separate process (ingest/parse_worker.py), a few files ahead of the writer,
        each within the per-file time budget: a file past it fails alone ("解析超时"), its process is killed
        and a new one takes the files after it. Many files are also tokenized there. If no process can
        be started, the files are parsed here (without the budget).
        """
        many = len(named) >= PARALLEL_MIN_FILES and (os.cpu_count() or 1) > 1
        worker = self._start_worker(many)
        ahead: deque = deque()  # [index, (path, name), result, or None while a worker has it]
        try:
            for n, (path, name) in enumerate(named):
                rid = report_id_for(name)
                if not self._force and _unchanged(path, self.config, known.get(rid)):
                    ahead.append([n, (path, name), IngestResult(name, rid, "unchanged", report=known[rid])])
                elif worker is not None:
                    worker.submit(path, name)
                    ahead.append([n, (path, name), None])
                else:
                    ahead.append([n, (path, name), parse_job(path, self.config, name, False)])
                while len(ahead) > (PARSE_AHEAD if worker is not None else 0):
                    worker = yield from self._emit(ahead, worker, many)
            while ahead:
                worker = yield from self._emit(ahead, worker, many)
        finally:
            if worker is not None:
                worker.close()

    def _start_worker(self, with_tokens: bool):
        if self._closing():
            return None
        try:
            worker = ParseWorker(self.config, with_tokens)
        except Exception as exc:  # noqa: BLE001 - no second process: parse here, only slower
            log.warning("无法启动解析进程，改在本进程解析：%s", exc)
            return None
        if self.workers is not None:
            self.workers.add(worker)
        return worker

    def _emit(self, ahead: deque, worker, many: bool):
        n, (path, name), got = ahead[0]
        retried = False
        while got is None and worker is not None:
            try:
                got = worker.result()
            except ParseTimeout:
                got = IngestResult(name, report_id_for(name), "failed",
                                   error=f"解析超过时间上限（{self.config.ingest_file_time_s:g} 秒），已停止；"
                                         "文件可能过大或过于复杂")
                worker = self._restart(ahead, worker, many, skip_head=True)
            except Exception as exc:  # noqa: BLE001 - e.g. it ran out of memory, or was killed
                if retried:  # the same file took a second process down with it: that file fails
                    got = IngestResult(name, report_id_for(name), "failed", error="解析该文件时解析进程意外退出")
                    worker = self._restart(ahead, worker, many, skip_head=True)
                else:
                    log.warning("解析进程意外退出，其余文件交给新的解析进程：%s", exc)
                    retried = True
                    worker = self._restart(ahead, worker, many, skip_head=False)
        if got is None and self._closing():
            got = IngestResult(name, report_id_for(name), "failed", error="服务正在关闭，该文件未导入")
        if got is None:
            got = parse_job(path, self.config, name, False)
        ahead.popleft()
        yield n, (path, name), _as_pending(n, name, got)
        return worker

    def _closing(self) -> bool:
        return bool(getattr(self.workers, "closed", False))

    def _restart(self, ahead: deque, worker, many: bool, skip_head: bool):
        """A new parsing process for the files the old one had not answered (the head one too, unless skipped)."""
        worker.kill()
        if self.workers is not None:
            self.workers.discard(worker)
        fresh = self._start_worker(many)
        if fresh is not None:
            for entry in list(ahead)[1 if skip_head else 0:]:
                if entry[2] is None:
                    fresh.submit(*entry[1])
        return fresh

    def _submit(self, batch: list[_Pending], writer: tuple[ThreadPoolExecutor, ThreadPoolExecutor], inflight: list,
                results: list[IngestResult | None]) -> None:
        """A batch goes through two threads: one embeds it while the other writes the batch before."""
        if not batch:
            return
        part = list(batch)
        batch.clear()
        self._drain(inflight, results, keep=2)  # at most three batches in memory at once
        embedded = writer[0].submit(self._embed, part)
        inflight.append((writer[1].submit(self._store_embedded, part, embedded), part))

    def _store_embedded(self, batch: list[_Pending], embedded: Future) -> list[Exception | None]:
        try:
            items = embedded.result()
        except Exception as exc:  # noqa: BLE001 - e.g. the model cannot load: every report of the batch fails
            return [exc] * len(batch)
        return self._store(batch, items)

    def _drain(self, inflight: list, results: list[IngestResult | None], keep: int) -> None:
        while len(inflight) > keep:
            future, part = inflight.pop(0)
            _record(part, future.result(), results)

    def _embed(self, batch: list[_Pending]) -> list[ReportWrite]:
        """Embed the batch's texts the index lacks, and tokenize; each stage's time is shared out by chunk count.

        A text already stored (by this run or an earlier one, by any report) is not embedded again.
        """
        chunks = [c for p in batch for c in p.parsed.chunks]
        texts = [embed_text(c) for c in chunks]
        keys = [text_key(t) for t in texts]
        t1 = time.perf_counter()
        fresh = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._known}
        if fresh:
            stored = self.store.stored_texts(list(fresh))
            self._remember(stored)
            fresh = {k: t for k, t in fresh.items() if k not in stored}
        t2 = time.perf_counter()
        vectors = self.embedder.embed(list(fresh.values())) if fresh else []
        t3 = time.perf_counter()
        self._remember(fresh)
        new = {k: (t, v) for (k, t), v in zip(fresh.items(), vectors, strict=True)}
        toks = [t for p in batch
                for t in (p.tokens or [chunk_tokens(f"{c.section} {c.text}") for c in p.parsed.chunks])]
        t4 = time.perf_counter()
        items, start = [], 0
        for p in batch:
            n = len(p.parsed.chunks)
            share = n / max(len(chunks), 1)
            p.timings.update(lookup=(t2 - t1) * share, embed=(t3 - t2) * share, tokenize=(t4 - t3) * share)
            mine = keys[start : start + n]
            # Each new text goes with the first report that uses it, so a report written alone is whole.
            owned = {k: new.pop(k) for k in dict.fromkeys(mine) if k in new}
            items.append(ReportWrite(p.parsed.report, p.parsed.chunks, mine, toks[start : start + n],
                                     p.parsed.facts, p.parsed.checks, owned))
            start += n
        return items

    def _remember(self, keys) -> None:
        if len(self._known) > KNOWN_TEXTS_MAX:
            self._known.clear()
        self._known.update(keys)

    def _store(self, batch: list[_Pending], items: list[ReportWrite]) -> list[Exception | None]:
        """Write the batch (on the writing thread); on failure, report by report to find the bad one."""
        t0 = time.perf_counter()
        try:
            self.store.write_reports(items, {p.parsed.report.report_id for p in batch if not p.replacing})
            errors: list[Exception | None] = [None] * len(batch)
        except Exception:  # noqa: BLE001
            errors = []
            for p, item in zip(batch, items, strict=True):
                try:
                    self.store.write_reports([item], set() if p.replacing else {p.parsed.report.report_id})
                    errors.append(None)
                except Exception as exc:  # noqa: BLE001
                    errors.append(exc)
                    self._known.difference_update(item.new_texts)  # not stored after all
        total = sum(len(p.parsed.chunks) for p in batch) or 1
        for p in batch:
            p.timings["store"] = (time.perf_counter() - t0) * len(p.parsed.chunks) / total
        return errors


def _record(batch: list[_Pending], errors: list[Exception | None], results: list[IngestResult | None]) -> None:
    for p, exc in zip(batch, errors, strict=True):
        rid = p.parsed.report.report_id
        if exc is not None:
            results[p.index] = _failed(p.name, rid, exc)
        else:
            results[p.index] = IngestResult(p.name, rid, "replaced" if p.replacing else "added",
                                            report=p.parsed.report, warnings=p.parsed.warnings, timings=p.timings)

