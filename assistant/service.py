"""The one library call every interface uses: Gongkai(config).ask(...), .ingest(...), .reports(), …

Nothing heavy happens in __init__ of the modules; the store, the embedder and the in-memory
corpus are opened here, on first use, and can be handed in (tests pass a temp data folder).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.models import Answer, Citation, Draft
from ingest.config import Config
from ingest.errors import GongkaiError, NotFoundError
from ingest.index.datadir import check_data_dir
from ingest.index.embeddings import Embedder, make_embedder
from ingest.index.store import Store, open_client
from ingest.ingester import Ingester
from ingest.models import Check, Fact, IngestResult, Report
from ingest.parse_worker import Workers
from ingest.text import budget

if TYPE_CHECKING:
    from assistant.chain import AnswerChain
    from assistant.search.corpus import Corpus

ANSWER_CACHE = 2048
TOO_COMPLEX = "问题过于复杂，请简化后再问。"


class Gongkai:
    def __init__(self, config: Config, store: Store | None = None, embedder: Embedder | None = None,
                 today: dt.date | None = None, create: bool = True):
        self.config = config
        self.create = create  # False: a command that only reads never creates an index in a foreign folder
        self._store = store
        self._embedder = embedder
        self._today = today
        self._corpus: Corpus | None = None
        self._chain: AnswerChain | None = None
        self._llm_answerer = None
        self._lock = threading.RLock()
        self._write_lock = threading.Lock()
        self._warming: threading.Thread | None = None
        self._ready = False
        self._answers: dict = {}  # (question, scope, history, day) -> Answer on _answers_of; oldest dropped first
        self._answers_of = None
        self._workers = Workers()  # parsing processes of the ingests under way (ended by close)
        self._closed = False

    # -- lazily opened parts -------------------------------------------------------------
    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(self.config.embedding)
        return self._embedder

    @property
    def store(self) -> Store:
        with self._lock:
            if self._store is None:
                if not self.config.chroma_url:
                    check_data_dir(self.config.data_dir, create=self.create)
                self._store = Store(open_client(self.config), self.embedder.name)
                self._store.check_embedder(writing=False)
            return self._store

    @property
    def corpus(self) -> Corpus:
        with self._lock:
            if self._corpus is None:
                from assistant.search.corpus import Corpus

                # The snapshot cache is local even with a Chroma server: each process validates it itself.
                self._corpus = Corpus(self.store, cache_dir=self.config.data_dir / "snapshot")
            return self._corpus

    @property
    def chain(self) -> AnswerChain:
        with self._lock:
            if self._chain is None:
                # Imported here: LangChain takes 1.3 s to import, which commands that only list or read need not pay.
                from assistant.chain import AnswerChain
                from assistant.search.retriever import HybridRetriever

                retriever = HybridRetriever(corpus=self.corpus, embedder=self.embedder)
                self._chain = AnswerChain(retriever, self._today)
            return self._chain

    def warm_up(self) -> None:
        """Load the model, the index, its vectors and jieba now, so the first question is fast. Waits for a warm-up
        begun by start_warm_up, then repeats its steps (instant when done; raises what it raised)."""
        thread = self._warming
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        self.embedder.embed(["预热"])
        self.corpus.snapshot()
        self.corpus.prefetch_vectors()
        self.chain.warm_up()
        self._ready_to_answer()  # the tagger and a stale snapshot: the first question pays for nothing

    def _ready_to_answer(self) -> None:
        """What loads once (the model, jieba and its tagger) and a stale snapshot's reload happen here, outside
        an answer's time budget: the budget is for the answer's own work."""
        if not self._ready:
            from ingest.text.tokenize import place_names, tokens

            self.chain  # noqa: B018 - LangChain's import and the chain's parts
            self.embedder.embed(["预热"])
            tokens("预热")
            place_names("预热")
            self._ready = True
        self.corpus.snapshot()

    # -- shutting down -------------------------------------------------------------------
    # Issue 16: `gongkai ask` printed its answer, then died with SIGSEGV (exit 139) in about half of the runs.
    # gdb: a Python daemon thread, the snapshot's background refresh ("gongkai-refresh", assistant/search/
    # corpus.py), was inside a Chroma call (Rust, GIL released) while the interpreter finalised; finalisation
    # ends a daemon thread that takes the GIL back with pthread_exit (take_gil -> PyThread_exit_thread), and
    # its forced unwinding runs through chromadb_rust_bindings' frames, which cannot be unwound: SIGSEGV,
    # "<no Python frame>". So everything that may call native code in the background is stopped and waited
    # for, in order, before the process exits: no new refresh, the warm-up, refresh and snapshot-save threads
    # joined, the parsing processes ended, then the Chroma client closed.
    _BACKGROUND = ("gongkai-warm-up", "gongkai-refresh", "gongkai-snapshot-save")

    def close(self, timeout_s: float = 10.0) -> None:
        """Stop background work and release native resources, in order; the object is unusable after it."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            corpus, store = self._corpus, self._store
        if corpus is not None:
            corpus.refresh_s = float("inf")  # the snapshot is never stale again: no new refresh thread
        deadline = time.monotonic() + timeout_s
        me = threading.current_thread()
        for thread in threading.enumerate():
            if thread is not me and thread.name in self._BACKGROUND:
                thread.join(max(0.0, deadline - time.monotonic()))
        self._workers.closed = True
        for worker in list(self._workers):
            worker.kill()
        if store is not None:
            try:
                store.client.close()
            except Exception:  # noqa: BLE001, S110 - e.g. a Chroma server that is away: nothing left to release
                pass

    def __enter__(self) -> Gongkai:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def start_warm_up(self) -> None:
        """Begin warm_up in the background, e.g. while the web page is built, so the two overlap."""
        with self._lock:
            if self._warming is None:
                self._warming = threading.Thread(target=self._warm_up_quietly, name="gongkai-warm-up", daemon=True)
                self._warming.start()

    def _warm_up_quietly(self) -> None:
        try:
            self.warm_up()
        except Exception:  # noqa: BLE001, S110 - warm_up() raises it again where it is handled
            pass

    # -- reports -------------------------------------------------------------------------
    def ingest(self, paths: Iterable[str | Path], progress: Callable[[int, int, str], None] | None = None,
               names: dict[Path, str] | None = None) -> list[IngestResult]:
        # The write lock is taken inside, once a few files are parsed: a slow file holds up no other upload.
        results = Ingester(self.config, self.store, self.embedder, self._workers).ingest(paths, progress, names,
                                                                                         lock=self._write_lock)
        self.corpus.invalidate()
        if any(r.status == "replaced" for r in results):
            self._prune_originals()
        return results

    def reports(self) -> list[Report]:
        return self.store.list_reports()

    def resolve(self, ref: str) -> Report:
        return _resolve_in(self.reports(), ref)

    def _resolve_answering(self, ref: str) -> Report:
        # Per question: the snapshot's reports, not a store read (it is as fresh as the chunks searched).
        return _resolve_in(list(self.corpus.snapshot().reports.values()), ref)

    def remove(self, ref: str) -> Report:
        report = self.resolve(ref)
        with self._write_lock:
            self.store.remove_report(report.report_id)
            self.store.collect_garbage(texts=True)
        self.corpus.invalidate()
        self._prune_originals()
        return report

    def reingest(self, ref: str) -> IngestResult:
        """Read a report again from its kept original file (ingest/originals.py), even if it is unchanged."""
        report = self.resolve(ref)
        path = self.original_file(report.report_id)
        if path is None:
            raise GongkaiError(f"本服务器上没有“{report.file}”的原文件副本，无法重新导入；请重新上传该文件。")
        results = Ingester(self.config, self.store, self.embedder, self._workers).ingest(
            [path], names={path: report.file}, lock=self._write_lock, force=True)
        self.corpus.invalidate()
        self._prune_originals()
        return results[0]

    def preview(self, path: Path, name: str) -> Report:
        """What a file would be indexed as (body, year, …), parsed in a separate process within the per-file
        time budget, without indexing it: the staff tab checks a new file against the reports indexed."""
        from ingest.parse_worker import preview_report

        return preview_report(Path(path), self.config, name, self._workers)

    def same_body_and_year(self, report: Report) -> list[Report]:
        """Indexed reports (other than `report` itself) of the same body and year."""
        if not report.body or not report.year:
            return []
        return [r for r in self.reports()
                if r.report_id != report.report_id and r.body == report.body and r.year == report.year]

    # -- read-only views for the page: the original file, the passages in order ----------
    def original_file(self, ref: str) -> Path | None:
        """The copy of the report's original file kept at ingest in this data folder; None when this process's
        data folder does not have it (e.g. a Chroma-server deployment where another machine ingested it)."""
        from ingest import originals

        return originals.find(self.config.data_dir, self.resolve(ref))

    def passages(self, ref: str) -> list:
        """The report's text passages (prose and table lines, not the generated table sentences), in the
        order the report has them; each a Chunk with its section path, offset and page."""
        report = self.resolve(ref)
        committed = {report.report_id: report.content_hash}
        chunks = [sc.chunk for content in self.store.contents_of([report.report_id], committed)
                  for sc in content.chunks if sc.chunk.kind != "fact"]
        return sorted(chunks, key=lambda c: c.start)

    def _prune_originals(self) -> None:
        from ingest import originals

        try:
            originals.prune(self.config.data_dir, self.reports())
        except Exception:  # noqa: BLE001, S110 - a copy left behind is deleted by the next prune
            pass

    def facts(self, ref: str | None = None) -> list[tuple[Fact, Report]]:
        reports = {r.report_id: r for r in ([self.resolve(ref)] if ref else self.reports())}
        facts = self.store.facts_of(list(reports))
        return [(f, reports[f.report_id]) for f in facts]

    def audit(self, ref: str | None = None) -> list[tuple[Report, list[Check]]]:
        reports = [self.resolve(ref)] if ref else self.reports()
        return [(r, self.store.checks(r.report_id)) for r in reports]

    # -- answers -------------------------------------------------------------------------
    def ask(self, question: str, report: str | None = None,
            history: list[tuple[str, str]] | None = None) -> Answer:
        """The answer object of SPEC.md: extractive, or from the LLM when one is configured."""
        if self.config.llm_enabled:
            *_, (_, final) = self.stream(question, report, history)
            return final  # type: ignore[return-value]
        return self.extractive(question, report, history)

    def extractive(self, question: str, report: str | None = None,
                   history: list[tuple[str, str]] | None = None) -> Answer:
        question = (question or "").strip()
        if not question:
            raise GongkaiError("问题不能为空，请输入您想了解的内容。")
        if len(question) > 2000:
            raise GongkaiError(f"问题太长（{len(question)} 字），请控制在 2000 字以内。")
        scope = self._resolve_answering(report) if report else None
        hist = [(str(q), str(a)) for q, a in (history or [])][-6:]
        self._ready_to_answer()
        t0 = time.perf_counter()
        # The same question on the same snapshot gets the same answer (the page's example questions, a
        # citizen asking again): kept for a while, so a busy server answers it without doing the work again.
        key = (question, scope.report_id if scope else None, tuple(hist), dt.date.today())
        snap = self.corpus.snapshot()
        with self._lock:
            if snap is not self._answers_of:  # another snapshot (reports changed): other answers
                self._answers, self._answers_of = {}, snap
            cached = self._answers.get(key)
        if cached is not None:
            return dataclasses.replace(cached, citations=list(cached.citations), support=list(cached.support),
                                       latency_ms=(time.perf_counter() - t0) * 1000)
        # A time budget per answer: the steps check it (ingest/text/budget.py) and stop once it has run out.
        with budget.deadline(self.config.answer_time_s):
            try:
                from assistant.chain import Request

                answer = self.chain.invoke(Request(question, scope, hist))
            except budget.OutOfTime:
                return Answer(question, TOO_COMPLEX, "", False, latency_ms=(time.perf_counter() - t0) * 1000,
                              note="time_budget")
        with self._lock:
            if snap is self._answers_of:
                if len(self._answers) >= ANSWER_CACHE:
                    self._answers.pop(next(iter(self._answers)))
                self._answers[key] = answer
        return answer

    def stream(self, question: str, report: str | None = None,
               history: list[tuple[str, str]] | None = None) -> Iterator[tuple[str, Answer | None]]:
        """Yield (text so far, None) while the answer is written, then (full text, Answer)."""
        t0 = time.perf_counter()
        extractive = self.extractive(question, report, history)
        if not (self.config.llm_enabled and extractive.found):
            # Extractive answers are instant; they are still sent in pieces so the page shows text at once.
            text = extractive.answer
            for cut in range(0, len(text), 24):
                yield text[: cut + 24], None
            yield text, extractive
            return
        llm = self._llm()
        passages = self._passages(extractive)
        reply = ""
        for piece in llm.stream(extractive.question, passages):
            reply += piece
            yield reply, None
        final = llm.finish(reply, extractive, passages)
        final.latency_ms = (time.perf_counter() - t0) * 1000
        yield final.answer, final

    def _llm(self):
        with self._lock:
            if self._llm_answerer is None:
                from assistant.llm import LlmAnswerer

                self._llm_answerer = LlmAnswerer(self.config)
            return self._llm_answerer

    def _passages(self, extractive: Answer) -> list[Citation]:
        passages = list(extractive.citations)
        ids = list(dict.fromkeys(c.report_id for c in passages))
        for d in self.chain.retriever.search(extractive.question, ids or None, k=4):
            m = d.metadata
            if all(p.text != d.page_content for p in passages):
                passages.append(Citation(m["report_id"], m["file"], m["body"], m["year"], m["section"],
                                         d.page_content, m.get("page"), bool(m.get("ocr"))))
        return passages[:6]

    def draft(self, question: str, report: str | None = None) -> Draft:
        """A reply to a citizen's letter: every question in it answered (one after another, each a follow-up
        of the letter's earlier ones), and the figures from rows the audit flags marked for staff."""
        from assistant.draft import make_letter_draft, split_questions

        answers, history = [], []
        for q in split_questions(question):
            a = self.ask(q, report, history or None)
            answers.append(a)
            history.append((q, a.answer))
        rids = {c.report_id for a in answers for c in a.citations}
        checks = {r.report_id: cs for r, cs in self.audit() if r.report_id in rids}
        return make_letter_draft(answers, {r.report_id: r for r in self.reports()}, checks)


def _resolve_in(reports: list[Report], ref: str) -> Report:
    name = Path(ref).name  # once, not once per report
    for r in reports:
        if ref in (r.report_id, r.file) or name == r.file:
            return r
    # The reference is shown cut short, and the reports only counted: an error must not echo unbounded input,
    # nor list every report to whoever asks.
    shown = ref if len(ref) <= 60 else ref[:60] + "…"
    raise NotFoundError(f"没有找到报告“{shown}”（已导入 {len(reports)} 份报告；报告编号可用 gongkai reports 或 "
                        "GET /api/reports 查看）。")
