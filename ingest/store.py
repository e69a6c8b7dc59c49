"""Chunks, facts and report records in Chroma (embedded, or a Chroma server).

Replacing a report is made atomic for readers by versioning: new chunks and facts are
written under the new content hash, then the report record (the commit point) is switched
to that version, then the old version is deleted. Readers only trust rows whose version
matches the committed record, and `collect_garbage` removes what a crash left behind.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
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
PAGE = 5000  # rows per get: one get of every row of a large index fails ("too many SQL variables")
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
        self.write_reports([ReportWrite(report, chunks, vectors, tokens, facts, checks)])

    def write_reports(self, items: list[ReportWrite], new_ids: set[str] | frozenset[str] = frozenset()) -> None:
        """Write many reports with few Chroma calls (one call costs about as much as hundreds of rows).

        All chunks and facts first, then the report records (each report's commit point), then the
        old versions are deleted. `new_ids`: reports known to have no earlier version, whose delete
        is skipped (a crash's leftovers are still removed by `collect_garbage`).
        """
        chunk_rows = [row for item in items for row in _chunk_rows(item)]
        for i in range(0, len(chunk_rows), MAX_BATCH):
            part = chunk_rows[i : i + MAX_BATCH]
            self.chunks.upsert(ids=[r[0] for r in part], embeddings=np.stack([r[1] for r in part]),
                               documents=[r[2] for r in part], metadatas=[r[3] for r in part])
        # All of a report's facts are one row: 200 rows per report made writes and snapshot reads slow.
        for i in range(0, len(items), MAX_BATCH):
            part = items[i : i + MAX_BATCH]
            self.facts.upsert(ids=[_facts_id(it.report) for it in part], embeddings=[_ONE] * len(part),
                              documents=[it.report.report_id for it in part],
                              metadatas=[{**_base(it.report), "kind": "facts", "facts": _facts_json(it.facts)}
                                         for it in part])
        for i in range(0, len(items), MAX_BATCH):
            part = items[i : i + MAX_BATCH]
            # The commit point: from here on readers see the new versions.
            self.reports_col.upsert(ids=[it.report.report_id for it in part], embeddings=[_ONE] * len(part),
                                    documents=[it.report.title for it in part],
                                    metadatas=[_report_meta(it.report, it.checks) for it in part])
        for item in items:
            if item.report.report_id not in new_ids:
                self._delete_other_versions(item.report.report_id, item.report.content_hash)

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
        committed = {(r.report_id, r.content_hash[:12]) for r in self.list_reports()}
        removed = 0
        for col in (self.chunks, self.facts):
            # Ids alone ("report:version12:…") say whose rows they are: no documents or metadata read.
            stale = [i for i in _all_ids(col) if tuple(i.split(":", 2)[:2]) not in committed]
            for j in range(0, len(stale), MAX_BATCH):
                col.delete(ids=stale[j : j + MAX_BATCH])
            removed += len(stale)
        return removed

    # -- reading ----------------------------------------------------------------------
    def all_chunks(self) -> tuple[list[str], list[str], list[dict]]:
        ids: list[str] = []
        docs: list[str] = []
        metas: list[dict] = []
        for offset in range(0, self.chunks.count() + PAGE, PAGE):  # one get of 70,000 rows overflows SQLite
            got = self.chunks.get(include=["documents", "metadatas"], limit=PAGE, offset=offset)
            ids += got["ids"]
            docs += got["documents"]
            metas += got["metadatas"]
        return ids, docs, metas

    def chunks_of(self, report_ids: list[str], sizes: dict[str, int] | None = None
                  ) -> tuple[list[str], list[str], list[dict]]:
        """all_chunks, for these reports only; each get asks for at most about PAGE rows
        (`sizes`: the reports' chunk counts, when known)."""
        ids: list[str] = []
        docs: list[str] = []
        metas: list[dict] = []
        for got in self.chunk_pages(report_ids, sizes):
            ids += got["ids"]
            docs += got["documents"]
            metas += got["metadatas"]
        return ids, docs, metas

    def chunk_pages(self, report_ids: list[str], sizes: dict[str, int] | None = None, page: int = PAGE
                    ) -> Iterator[dict]:
        """chunks_of one Chroma get (of about `page` rows) at a time, so a reader can let go of each
        page before the next."""
        for group in _groups(report_ids, sizes or {}, page):
            where = {"report_id": group[0]} if len(group) == 1 else {"report_id": {"$in": group}}
            yield self.chunks.get(where=where, include=["documents", "metadatas"])

    def facts_of(self, report_ids: Iterable[str] | None = None) -> list[Fact]:
        ids = list(report_ids) if report_ids is not None else None
        if ids == []:
            return []
        where = None if ids is None else ({"report_id": ids[0]} if len(ids) == 1 else {"report_id": {"$in": ids}})
        got = self.facts.get(where=where, include=["documents", "metadatas"])
        committed = {r.report_id: r.content_hash for r in self.list_reports()}
        facts = []
        for doc, m in zip(got["documents"], got["metadatas"]):
            if committed.get(m["report_id"]) != m["version"]:
                continue
            if "facts" in m:
                facts.extend(Fact(report_id=m["report_id"], **f) for f in json.loads(m["facts"]))
            else:  # an index written before facts were stored one row per report
                facts.append(Fact(report_id=m["report_id"], table=m["table"], row=m["row"], column=m["column"],
                                  value=json.loads(m["value"]), source=doc, page=m.get("page") or None,
                                  ocr=bool(m.get("ocr"))))
        return facts

    def vectors_of(self, report_ids: list[str]) -> list[tuple[str, np.ndarray, dict]]:
        """(chunk id, vector, metadata) of these reports' chunks, every stored version."""
        out = []
        for group in _groups(report_ids, {}):
            where = {"report_id": group[0]} if len(group) == 1 else {"report_id": {"$in": group}}
            got = self.chunks.get(where=where, include=["embeddings", "metadatas"])
            out += list(zip(got["ids"], got["embeddings"], got["metadatas"]))
        return out

    def query_vectors(self, vector: np.ndarray, k: int, report_ids: list[str] | None = None):
        where = None
        if report_ids:
            where = {"report_id": report_ids[0]} if len(report_ids) == 1 else {"report_id": {"$in": report_ids}}
        n = max(1, k)  # Chroma 1.5 returns fewer when it has fewer; count() cost 15 ms per question
        got = self.chunks.query(query_embeddings=[vector.tolist()], n_results=n, where=where,
                                include=["documents", "metadatas", "distances"])
        return list(zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0]))


_REPORT_FIELDS = {f.name for f in fields(Report)}


def _all_ids(col) -> list[str]:
    seen: dict[str, None] = {}
    for offset in range(0, col.count() + PAGE, PAGE):
        seen.update(dict.fromkeys(col.get(include=[], limit=PAGE, offset=offset)["ids"]))
    return list(seen)


def _groups(report_ids: list[str], sizes: dict[str, int], page: int = PAGE) -> list[list[str]]:
    groups: list[list[str]] = []
    rows = page
    for rid in report_ids:
        n = sizes.get(rid, 100)
        if rows + n > page or len(groups[-1]) >= 500:
            groups.append([])
            rows = 0
        groups[-1].append(rid)
        rows += n
    return groups


@dataclass
class ReportWrite:
    report: Report
    chunks: list[Chunk]
    vectors: np.ndarray
    tokens: list[str]
    facts: list[Fact]
    checks: list[Check]


def _base(report: Report) -> dict:
    return {"report_id": report.report_id, "version": report.content_hash, "body": report.body,
            "year": report.year or 0, "file": report.file}


def _chunk_rows(item: ReportWrite) -> list[tuple]:
    base = _base(item.report)
    vectors = np.asarray(item.vectors, dtype=np.float32)
    return [(c.chunk_id, vectors[n], c.text,
             {**base, "section": c.section, "kind": c.kind, "start": c.start, "page": c.page or 0,
              "ocr": c.ocr, "tokens": tok})
            for n, (c, tok) in enumerate(zip(item.chunks, item.tokens, strict=True))]


def _facts_id(report: Report) -> str:
    return f"{report.report_id}:{report.content_hash[:12]}:facts"


def _facts_json(facts: list[Fact]) -> str:
    return json.dumps([{"table": f.table, "row": f.row, "column": f.column, "value": f.value, "source": f.source,
                        "page": f.page, "ocr": f.ocr} for f in facts], ensure_ascii=False)


def _report_meta(report: Report, checks: list[Check]) -> dict:
    meta = {k: v for k, v in report.to_dict().items() if v is not None}
    meta.update(kind="report", version=report.content_hash,
                checks=json.dumps([c.to_dict() for c in checks], ensure_ascii=False))
    return meta


def _report_from_meta(meta: dict) -> Report:
    data = {k: v for k, v in meta.items() if k in _REPORT_FIELDS}
    data.setdefault("publish_date", None)
    if data.get("year") in (0, None):
        data["year"] = None
    return Report(**data)
