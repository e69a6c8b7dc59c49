"""Hybrid retrieval as a langchain-core BaseRetriever: jieba BM25 and Chroma vectors, fused by RRF."""

from __future__ import annotations

from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.search.corpus import Corpus
from ingest.text.tokenize import tokens

RRF_K = 60


class HybridRetriever(BaseRetriever):
    """Returns at most `k` chunks, best first, each with its report, section and fused score."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    corpus: Corpus
    embedder: Any
    k: int = 8
    depth: int = 30
    vector_weight: float = 1.0
    bm25_weight: float = 1.0

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun,  # noqa: ARG002 - BaseRetriever's signature
        report_ids: list[str] | None = None,
    ) -> list[Document]:
        return self.search(query, report_ids)

    def search(self, query: str, report_ids: list[str] | None = None, k: int | None = None) -> list[Document]:
        k = k or self.k
        snap = self.corpus.snapshot()
        if not snap.chunks:
            return []
        scores: dict[int, float] = {}
        for rank, idx in enumerate(self._bm25(snap, query, report_ids)):
            scores[idx] = scores.get(idx, 0.0) + self.bm25_weight / (RRF_K + rank)
        allowed = None if report_ids is None else set(report_ids)
        for rank, cid in enumerate(self._vectors(query, report_ids)):
            idx = snap.positions.get(cid)
            if idx is not None and (allowed is None or snap.chunks[idx].report_id in allowed):
                scores[idx] = scores.get(idx, 0.0) + self.vector_weight / (RRF_K + rank)
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
        out = []
        for idx, score in best:
            c = snap.chunks[idx]
            r = snap.reports[c.report_id]
            out.append(Document(page_content=c.text, metadata={
                "chunk_id": c.chunk_id, "report_id": c.report_id, "file": r.file, "body": r.body,
                "year": r.year, "section": c.section, "kind": c.kind, "page": c.page, "ocr": c.ocr,
                "score": score, "before": _before(snap.chunks, idx)}))
        return out

    def report_documents(self, report_ids: list[str], first: list[Document] | None = None) -> list[Document]:
        """Every chunk of these reports, the already-retrieved ones first (for phone numbers, periods …)."""
        snap = self.corpus.snapshot()
        seen = {d.metadata["chunk_id"] for d in first or []}
        out = list(first or [])
        for rid in report_ids:
            r = snap.reports[rid]
            for i in snap.by_report.get(rid, []):
                c = snap.chunks[int(i)]
                if c.chunk_id not in seen:
                    out.append(Document(page_content=c.text, metadata={
                        "chunk_id": c.chunk_id, "report_id": rid, "file": r.file, "body": r.body, "year": r.year,
                        "section": c.section, "kind": c.kind, "page": c.page, "ocr": c.ocr, "score": 0.0}))
        return out

    def _bm25(self, snap, query: str, report_ids: list[str] | None) -> list[int]:
        q = tokens(query)
        if not q or snap.bm25 is None:
            return []
        scores = np.asarray(snap.bm25.get_scores(q))
        if report_ids is not None:
            allowed = np.concatenate([snap.by_report.get(r, np.array([], dtype=int)) for r in report_ids] or
                                     [np.array([], dtype=int)]).astype(int)
            mask = np.full(scores.shape, -1.0)
            mask[allowed] = scores[allowed]
            scores = mask
        order = np.argsort(-scores, kind="stable")[: self.depth]
        return [int(i) for i in order if scores[i] > 0]

    def _vectors(self, query: str, report_ids: list[str] | None) -> list[str]:
        if report_ids == []:
            return []
        return self.corpus.vector_search(self.embedder.embed([query])[0], report_ids, self.depth)


def _before(chunks, idx: int, chars: int = 80) -> str:
    """The end of the chunk before this one in its section: the sentence that says what its first sentence is
    about ("定期对全县各单位信息公开页面开展全面巡查。" before "更新完善《…标准目录》3份清单") when a cut falls
    between them."""
    if idx <= 0:
        return ""
    c, prev = chunks[idx], chunks[idx - 1]
    if prev.report_id != c.report_id or prev.section != c.section or prev.kind != c.kind:
        return ""
    return prev.text[-chars:]
