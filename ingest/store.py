"""Chunks, facts and report records in Chroma (embedded, or a Chroma server).

Replacing a report is made atomic for readers by versioning: new chunks and facts are
written under the new content hash, then the report record (the commit point) is switched
to that version, then the old version is deleted. Readers only trust rows whose version
matches the committed record, and `collect_garbage` removes what a crash left behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import fields
from urllib.parse import urlparse

import numpy as np

from .config import Config
from .errors import GongkaiError, IndexMismatchError
from .models import Check, Chunk, Fact, Report

CHUNKS = "gongkai-chunks"
FACTS = "gongkai-facts"
REPORTS = "gongkai-reports"
INDEX_ID = "__index__"
MAX_BATCH = 5000  # Chroma takes at most 5,461 items per add
_ONE = [1.0]  # facts and report records are fetched by filter, never by vector


def open_client(config: Config):
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    try:
        if config.chroma_url:
            url = urlparse(config.chroma_url)
            return chromadb.HttpClient(host=url.hostname, port=url.port or 8000, ssl=url.scheme == "https",
                                       settings=settings)
        config.data_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(config.data_dir / "chroma"), settings=settings)
    except Exception as exc:  # noqa: BLE001 - one plain message for every way Chroma can fail to open
        where = config.chroma_url or str(config.data_dir / "chroma")
        raise GongkaiError(
            f"无法打开索引（{where}）：{exc}。如数据文件夹已损坏，可删除该文件夹后重新运行 gongkai ingest 重建。"
        ) from exc


class Store:
    def __init__(self, client, embedder_name: str):
        self.client = client
        self.embedder_name = embedder_name
        self.chunks = self._collection(CHUNKS, cosine=True)
        self.facts = self._collection(FACTS)
        self.reports_col = self._collection(REPORTS)

    def _collection(self, name: str, cosine: bool = False):
        config = {"hnsw": {"space": "cosine"}} if cosine else None
        try:
            return self.client.get_or_create_collection(name, embedding_function=None, configuration=config)
        except Exception as exc:  # noqa: BLE001
            raise GongkaiError(f"无法连接或读取 Chroma 集合 {name}：{exc}") from exc

    # -- the index's own record: which embedder built it -------------------------------
    def check_embedder(self, writing: bool) -> None:
        got = self.reports_col.get(ids=[INDEX_ID], include=["metadatas"])
        if got["ids"]:
            built_with = got["metadatas"][0].get("embedder")
            if built_with != self.embedder_name:
                raise IndexMismatchError(
                    f"索引由嵌入模型 {built_with} 建立，当前配置为 {self.embedder_name}。"
                    f"请改回 GONGKAI_EMBEDDING={built_with}，或换一个数据文件夹重新导入。"
                )
        elif writing:
            self.reports_col.upsert(ids=[INDEX_ID], embeddings=[_ONE], documents=["index"],
                                    metadatas=[{"embedder": self.embedder_name, "kind": "index"}])

    # -- reports ----------------------------------------------------------------------
    def list_reports(self) -> list[Report]:
        got = self.reports_col.get(where={"kind": "report"}, include=["metadatas"])
        reports = [_report_from_meta(m) for m in got["metadatas"]]
        return sorted(reports, key=lambda r: (r.body, r.year or 0, r.file))

    def get_report(self, report_id: str) -> Report | None:
        got = self.reports_col.get(ids=[report_id], include=["metadatas"])
        return _report_from_meta(got["metadatas"][0]) if got["ids"] else None

    def checks(self, report_id: str) -> list[Check]:
        got = self.reports_col.get(ids=[report_id], include=["metadatas"])
        if not got["ids"]:
            return []
        return [Check(**c) for c in json.loads(got["metadatas"][0].get("checks", "[]"))]

    # -- writing ----------------------------------------------------------------------
    def write_report(self, report: Report, chunks: list[Chunk], vectors: np.ndarray, tokens: list[str],
                     facts: list[Fact], checks: list[Check]) -> None:
        version = report.content_hash
        base = {"report_id": report.report_id, "version": version, "body": report.body,
                "year": report.year or 0, "file": report.file}
        for i in range(0, len(chunks), MAX_BATCH):
            part = chunks[i : i + MAX_BATCH]
            self.chunks.upsert(
                ids=[c.chunk_id for c in part],
                embeddings=vectors[i : i + MAX_BATCH].tolist(),
                documents=[c.text for c in part],
                metadatas=[{**base, "section": c.section, "kind": c.kind, "start": c.start,
                            "page": c.page or 0, "ocr": c.ocr, "tokens": tok}
                           for c, tok in zip(part, tokens[i : i + MAX_BATCH])],
            )
        for i in range(0, len(facts), MAX_BATCH):
            part = facts[i : i + MAX_BATCH]
            self.facts.upsert(
                ids=[f"{report.report_id}:{version[:12]}:{f.table}:{f.row}:{f.column}:{n + i}"
                     for n, f in enumerate(part)],
                embeddings=[_ONE] * len(part),
                documents=[f.source for f in part],
                metadatas=[{**base, "table": f.table, "row": f.row, "column": f.column,
                            "value": json.dumps(f.value), "page": f.page or 0, "ocr": f.ocr}
                           for f in part],
            )
        meta = {k: v for k, v in report.to_dict().items() if v is not None}
        meta.update(kind="report", version=version, checks=json.dumps([c.to_dict() for c in checks],
                                                                        ensure_ascii=False))
        # The commit point: from here on readers see the new version.
        self.reports_col.upsert(ids=[report.report_id], embeddings=[_ONE], documents=[report.title],
                                metadatas=[meta])
        self._delete_other_versions(report.report_id, version)

    def _delete_other_versions(self, report_id: str, keep: str | None) -> None:
        where = {"report_id": report_id} if keep is None else {
            "$and": [{"report_id": report_id}, {"version": {"$ne": keep}}]}
        for col in (self.chunks, self.facts):
            col.delete(where=where)

    def remove_report(self, report_id: str) -> None:
        self.reports_col.delete(ids=[report_id])  # un-commit first, then clean up
        self._delete_other_versions(report_id, None)

    def collect_garbage(self) -> int:
        """Delete chunks and facts of versions no report record points to (left by a crash)."""
        committed = {r.report_id: r.content_hash for r in self.list_reports()}
        removed = 0
        for col in (self.chunks, self.facts):
            got = col.get(include=["metadatas"])
            stale = [i for i, m in zip(got["ids"], got["metadatas"])
                     if committed.get(m.get("report_id")) != m.get("version")]
            for j in range(0, len(stale), MAX_BATCH):
                col.delete(ids=stale[j : j + MAX_BATCH])
            removed += len(stale)
        return removed

    # -- reading ----------------------------------------------------------------------
    def all_chunks(self) -> tuple[list[str], list[str], list[dict]]:
        got = self.chunks.get(include=["documents", "metadatas"])
        return got["ids"], got["documents"], got["metadatas"]

    def facts_of(self, report_ids: Iterable[str] | None = None) -> list[Fact]:
        ids = list(report_ids) if report_ids is not None else None
        where = None if ids is None else ({"report_id": ids[0]} if len(ids) == 1 else {"report_id": {"$in": ids}})
        if ids == []:
            return []
        got = self.facts.get(where=where, include=["documents", "metadatas"])
        committed = {r.report_id: r.content_hash for r in self.list_reports()}
        facts = []
        for doc, m in zip(got["documents"], got["metadatas"]):
            if committed.get(m["report_id"]) != m["version"]:
                continue
            facts.append(Fact(report_id=m["report_id"], table=m["table"], row=m["row"], column=m["column"],
                              value=json.loads(m["value"]), source=doc, page=m.get("page") or None,
                              ocr=bool(m.get("ocr"))))
        return facts

    def query_vectors(self, vector: np.ndarray, k: int, report_ids: list[str] | None = None):
        where = None
        if report_ids:
            where = {"report_id": report_ids[0]} if len(report_ids) == 1 else {"report_id": {"$in": report_ids}}
        n = max(1, min(k, self.chunks.count()))
        got = self.chunks.query(query_embeddings=[vector.tolist()], n_results=n, where=where,
                                include=["documents", "metadatas", "distances"])
        return list(zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0]))


_REPORT_FIELDS = {f.name for f in fields(Report)}


def _report_from_meta(meta: dict) -> Report:
    data = {k: v for k, v in meta.items() if k in _REPORT_FIELDS}
    data.setdefault("publish_date", None)
    if data.get("year") in (0, None):
        data["year"] = None
    return Report(**data)
