"""The plain LangChain-quickstart pipeline that `eval --baseline` and `bench` compare against.

Deliberately naive (NOTES.md, "How a plain pipeline does"): the loader's raw text, no cleaning,
sections or table facts; RecursiveCharacterTextSplitter 500/50; the same embedder as ours;
vector-only top-4 from Chroma; a reader that picks the clause with the most character-bigram
overlap with the question and answers with its first number.
"""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

from ingest.config import Config
from ingest.errors import GongkaiError
from ingest.index.embeddings import Embedder, make_embedder
from ingest.loaders import load
from ingest.parse import report_id_for

TOP_K = 4
CANDIDATE_K = 30  # chunks looked at to rank reports for hit@k (the reader uses only TOP_K)
_CLAUSE_SPLIT = re.compile(r"[。；，,;！？!?\n]+")
_ARABIC = re.compile(r"\d+(?:\.\d+)?")


def bigrams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text)
    return {text[i: i + 2] for i in range(len(text) - 1)}


def best_clause(question: str, passages: list[str]) -> tuple[str, int, int]:
    """(clause, overlap, passage index) of the clause sharing the most bigrams with the question."""
    q = bigrams(question)
    best = ("", 0, -1)
    for n, passage in enumerate(passages):
        for clause in _CLAUSE_SPLIT.split(passage):
            clause = clause.strip()
            overlap = len(q & bigrams(clause))
            if overlap > best[1]:
                best = (clause, overlap, n)
    return best


class Baseline:
    """ingest() builds the index (timed as `ingest_s`); ask() answers one question (timed per call)."""

    def __init__(self, config: Config, report_paths: list[Path], embedder: Embedder | None = None,
                 collection: str = "baseline"):
        self.config = config
        self.paths = [Path(p) for p in report_paths]
        self._embedder = embedder
        self._collection_name = collection
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._collection = None
        self.chunks = 0
        self.ingest_s: float | None = None
        self.failed: dict[str, str] = {}

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = make_embedder(self.config.embedding)
        return self._embedder

    # -- index ---------------------------------------------------------------------------
    def ingest(self) -> float:
        """Split, embed and store every report; returns (and keeps) the seconds it took."""
        import chromadb
        from chromadb.config import Settings
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        t0 = time.perf_counter()
        self._tmp = tempfile.TemporaryDirectory(prefix="gongkai-baseline-")
        client = chromadb.PersistentClient(path=self._tmp.name, settings=Settings(anonymized_telemetry=False))
        self._collection = client.create_collection(self._collection_name, embedding_function=None,
                                                    metadata={"hnsw:space": "cosine"})
        splitter = RecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)
        for path in self.paths:
            self._add_report(path, splitter)
        self.ingest_s = time.perf_counter() - t0
        return self.ingest_s

    def _add_report(self, path: Path, splitter) -> None:
        try:
            text = load(path, self.config.load_limits).text
        except GongkaiError as exc:  # a bad file is skipped, as our ingest does
            self.failed[path.name] = str(exc)
            return
        pieces = [p for p in splitter.split_text(text) if p.strip()]
        if not pieces:
            return
        vectors = self.embedder.embed(pieces)
        rid = report_id_for(path.name)
        ids = [f"{rid}:{i}" for i in range(len(pieces))]
        metas = [{"file": path.name, "report_id": rid, "n": i} for i in range(len(pieces))]
        for i in range(0, len(pieces), 5000):  # Chroma caps one add at 5,461 items
            self._collection.add(ids=ids[i: i + 5000], documents=pieces[i: i + 5000],
                                 embeddings=[v.tolist() for v in vectors[i: i + 5000]],
                                 metadatas=metas[i: i + 5000])
        self.chunks += len(pieces)

    def index_mb(self) -> float:
        if self._tmp is None:
            return 0.0
        return sum(f.stat().st_size for f in Path(self._tmp.name).rglob("*") if f.is_file()) / 1048576

    def close(self) -> None:
        if self._tmp is not None:
            self._collection = None
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> Baseline:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- query ---------------------------------------------------------------------------
    def retrieve(self, question: str, scope: str | None = None, k: int = CANDIDATE_K) -> list[tuple[str, dict]]:
        """(chunk text, metadata) pairs, best first; vector similarity only."""
        if self._collection is None:
            self.ingest()
        vector = self.embedder.embed([question])[0].tolist()
        where = {"file": Path(scope).name} if scope else None
        n = max(1, min(k, self._collection.count()))
        res = self._collection.query(query_embeddings=[vector], n_results=n, where=where,
                                     include=["documents", "metadatas"])
        return list(zip(res["documents"][0], res["metadatas"][0]))

    def ask(self, question: str, scope: str | None = None) -> dict:
        """The answer object of SPEC.md, plus `candidates` (report ids, best first)."""
        t0 = time.perf_counter()
        hits = self.retrieve(question, scope)
        top = hits[:TOP_K]
        clause, overlap, n = best_clause(question, [text for text, _ in top])
        answer = _answer_object(question, clause, top[n][1] if overlap else None)
        answer["latency_ms"] = round((time.perf_counter() - t0) * 1000, 2)
        answer["candidates"] = _rank_reports(hits)
        return answer


def _answer_object(question: str, clause: str, meta: dict | None) -> dict:
    if meta is None:
        return {"question": question, "answer": "报告中没有找到相关内容。", "short_answer": "", "found": False,
                "citations": [], "mode": "extractive", "latency_ms": 0.0}
    number = _ARABIC.search(clause)
    citation = {"report_id": meta["report_id"], "file": meta["file"], "body": "", "year": None,
                "section": "", "text": clause}
    return {"question": question, "answer": clause, "short_answer": number.group(0) if number else clause,
            "found": True, "citations": [citation], "mode": "extractive", "latency_ms": 0.0}


def _rank_reports(hits: list[tuple[str, dict]]) -> list[str]:
    seen: list[str] = []
    for _, meta in hits:
        if meta["report_id"] not in seen:
            seen.append(meta["report_id"])
    return seen
