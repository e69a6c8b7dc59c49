"""Texts, report contents and report records in Chroma (embedded, or a Chroma server).

Three collections:
- texts: one row per distinct embedded text, keyed by its hash, with its vector. Template
  boilerplate repeats in every report; it is embedded and stored once, however many reports hold it.
- contents: one row per report version: its chunks (text, section, page, BM25 tokens, text key) and
  facts, as compressed JSON in one metadata value. One row per report instead of one per chunk:
  Chroma spends about a millisecond per row, and non-ASCII metadata is several times slower than ASCII.
- reports: one record per report, the commit point, plus the index's own record.

Replacing a report is atomic for readers by versioning: the new texts and contents are written,
then the report record is switched to the new version, then the old contents are deleted. Readers
only trust contents whose version matches the committed record. `collect_garbage` removes what a
crash left behind, and texts no committed report uses once they are older than a grace period
(another process may be about to commit a report that uses them).
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from urllib.parse import urlparse

import numpy as np

from ingest.config import Config
from ingest.errors import GongkaiError, IndexMismatchError
from ingest.models import Check, Chunk, Fact, Report

TEXTS = "gongkai-texts"
CONTENTS = "gongkai-contents"
REPORTS = "gongkai-reports"
INDEX_ID = "__index__"
INDEX_FORMAT = 2  # 1: one Chroma row per chunk (gongkai-chunks, gongkai-facts)
MAX_BATCH = 5000  # Chroma takes at most 5,461 items per add
PAGE = 5000  # rows per get: one get of every row of a large index fails ("too many SQL variables")
CONTENT_PAGE = 100  # report contents per get (each a few kB compressed)
GC_GRACE_S = 600.0  # unused texts younger than this may belong to a report being written elsewhere
_ONE = [1.0]  # contents and report records are fetched by id or filter, never by vector


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


def text_key(text: str) -> str:
    """The texts collection's id for an embedded text: equal texts share one row and one vector."""
    return "t" + hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


@dataclass
class StoredChunk:
    """A chunk as the contents row keeps it (the chunk plus its BM25 tokens and text key)."""

    chunk: Chunk
    key: str
    tokens: str


@dataclass
class Content:
    """One report version's chunks and facts, as read back from the store."""

    report_id: str
    version: str
    chunks: list[StoredChunk] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


@dataclass
class ReportWrite:
    report: Report
    chunks: list[Chunk]
    keys: list[str]  # each chunk's text key
    tokens: list[str]  # each chunk's BM25 tokens, space-separated
    facts: list[Fact]
    checks: list[Check]
    new_texts: dict[str, tuple[str, np.ndarray]] = field(default_factory=dict)  # key -> (text, vector) to store


class Store:
    def __init__(self, client, embedder_name: str, gc_grace_s: float = GC_GRACE_S):
        self.client = client
        self.embedder_name = embedder_name
        self.gc_grace_s = gc_grace_s
        self.texts = self._collection(TEXTS, cosine=True)
        self.contents = self._collection(CONTENTS)
        self.reports_col = self._collection(REPORTS)

    def _collection(self, name: str, cosine: bool = False):
        config = {"hnsw": {"space": "cosine"}} if cosine else None
        try:
            return self.client.get_or_create_collection(name, embedding_function=None, configuration=config)
        except Exception as exc:  # noqa: BLE001
            raise GongkaiError(f"无法连接或读取 Chroma 集合 {name}：{exc}") from exc

    # -- the index's own record: which embedder and format built it ---------------------
    def check_embedder(self, writing: bool) -> None:
        got = self.reports_col.get(ids=[INDEX_ID], include=["metadatas"])
        if got["ids"]:
            meta = got["metadatas"][0]
            if meta.get("format") != INDEX_FORMAT:
                raise IndexMismatchError(
                    "这个索引由旧版本的 Gongkai 建立（存储格式已更新）。请删除数据文件夹（或清空 Chroma 服务器）"
                    "后重新运行 gongkai ingest 导入报告。")
            built_with = meta.get("embedder")
            if built_with != self.embedder_name:
                raise IndexMismatchError(
                    f"索引由嵌入模型 {built_with} 建立，当前配置为 {self.embedder_name}。"
                    f"请改回 GONGKAI_EMBEDDING={built_with}，或换一个数据文件夹重新导入。"
                )
        elif writing:
            self.reports_col.upsert(ids=[INDEX_ID], embeddings=[_ONE], documents=["index"],
                                    metadatas=[{"embedder": self.embedder_name, "kind": "index",
                                                "format": INDEX_FORMAT}])

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
    def stored_texts(self, keys: list[str]) -> set[str]:
        """Which of these text keys already have a row (their vectors need not be computed again)."""
        found: set[str] = set()
        for i in range(0, len(keys), PAGE):
            found.update(self.texts.get(ids=keys[i : i + PAGE], include=[])["ids"])
        return found

    def write_reports(self, items: list[ReportWrite], new_ids: set[str] | frozenset[str] = frozenset()) -> None:
        """Write many reports with few Chroma calls (one call costs about as much as hundreds of rows).

        New texts first, then every report's contents, then the report records (each report's commit
        point), then the old versions are deleted. `new_ids`: reports known to have no earlier version,
        whose delete is skipped (a crash's leftovers are still removed by `collect_garbage`).
        """
        now = time.time()
        texts: dict[str, tuple[str, np.ndarray]] = {}
        for item in items:
            texts.update(item.new_texts)
        keys = list(texts)
        for i in range(0, len(keys), MAX_BATCH):
            part = keys[i : i + MAX_BATCH]
            self.texts.upsert(ids=part, embeddings=np.stack([texts[k][1] for k in part]).astype(np.float32),
                              documents=[texts[k][0] for k in part], metadatas=[{"t": now}] * len(part))
        for i in range(0, len(items), CONTENT_PAGE):
            part = items[i : i + CONTENT_PAGE]
            self.contents.upsert(ids=[_content_id(it.report) for it in part], embeddings=[_ONE] * len(part),
                                 documents=[it.report.report_id for it in part],
                                 metadatas=[{**_base(it.report), "kind": "content", "t": now,
                                             "payload": _pack(it)} for it in part])
        for i in range(0, len(items), MAX_BATCH):
            part = items[i : i + MAX_BATCH]
            # The commit point: from here on readers see the new versions.
            self.reports_col.upsert(ids=[it.report.report_id for it in part], embeddings=[_ONE] * len(part),
                                    documents=[it.report.title for it in part],
                                    metadatas=[{**_report_meta(it.report, it.checks), "t": time.time()} for it in part])
        for item in items:
            if item.report.report_id not in new_ids:
                self._delete_other_versions(item.report.report_id, item.report.content_hash)

    def _delete_other_versions(self, report_id: str, keep: str | None) -> None:
        where = {"report_id": report_id} if keep is None else {
            "$and": [{"report_id": report_id}, {"version": {"$ne": keep}}]}
        self.contents.delete(where=where)

    def remove_report(self, report_id: str) -> None:
        self.reports_col.delete(ids=[report_id])  # un-commit first, then clean up
        self._delete_other_versions(report_id, None)

    def collect_garbage(self, texts: bool = False) -> int:
        """Delete what readers can never see; returns the rows deleted.

        Contents of a version no record points to: at once when written before the report's current
        commit (an old version a crash left behind), otherwise only after the grace period (it may be
        a version another process is about to commit). With `texts`, also texts no committed report
        uses, once older than the grace period.
        """
        records = self.reports_col.get(where={"kind": "report"}, include=["metadatas"])["metadatas"]
        committed = {m["report_id"]: (m["version"], float(m.get("t", 0))) for m in records}
        cutoff = time.time() - self.gc_grace_s
        # Ids alone ("report:version12:content") say whose rows they are: only suspects' metadata is read.
        suspects = [i for i in _all_ids(self.contents)
                    if (rv := i.rsplit(":", 2))[0] not in committed or committed[rv[0]][0][:12] != rv[1]]
        stale = []
        for i in range(0, len(suspects), CONTENT_PAGE):
            got = self.contents.get(ids=suspects[i : i + CONTENT_PAGE], include=["metadatas"])
            for cid, m in zip(got["ids"], got["metadatas"]):
                written, record = float(m.get("t", 0)), committed.get(m["report_id"])
                if written <= cutoff or (record is not None and written <= record[1]):
                    stale.append(cid)
        for j in range(0, len(stale), MAX_BATCH):
            self.contents.delete(ids=stale[j : j + MAX_BATCH])
        removed = len(stale)
        if texts:
            used: set[str] = set()
            for content in self.contents_of(list(committed), {rid: v for rid, (v, _) in committed.items()}):
                used.update(c.key for c in content.chunks)
            unused = [i for i, m in _all_rows(self.texts, ["metadatas"])
                      if i not in used and float((m or {}).get("t", 0)) <= cutoff]
            for j in range(0, len(unused), MAX_BATCH):
                self.texts.delete(ids=unused[j : j + MAX_BATCH])
            removed += len(unused)
        return removed

    # -- reading ----------------------------------------------------------------------
    def contents_of(self, report_ids: list[str], committed: dict[str, str] | None = None) -> Iterator[Content]:
        """The committed version's contents of these reports, CONTENT_PAGE reports per Chroma read.
        `committed`: report_id -> version, when the caller has the records; otherwise read here."""
        if committed is None:
            committed = {r.report_id: r.content_hash for r in self.list_reports()}
        for i in range(0, len(report_ids), CONTENT_PAGE):
            group = report_ids[i : i + CONTENT_PAGE]
            where = {"report_id": group[0]} if len(group) == 1 else {"report_id": {"$in": group}}
            got = self.contents.get(where=where, include=["metadatas"])
            for m in got["metadatas"]:
                if committed.get(m["report_id"]) == m["version"]:
                    yield _unpack(m)

    def all_contents(self) -> Iterator[Content]:
        """Every contents row, of every version, committed or not (for checks of the index itself)."""
        for _, m in _all_rows(self.contents, ["metadatas"]):
            yield _unpack(m)

    def facts_of(self, report_ids: Iterable[str] | None = None) -> list[Fact]:
        committed = {r.report_id: r.content_hash for r in self.list_reports()}
        ids = list(committed) if report_ids is None else [r for r in report_ids if r in committed]
        return [f for content in self.contents_of(ids, committed) for f in content.facts]

    def vectors(self, keys: list[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these text keys (keys without a row are left out)."""
        out: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), PAGE):
            got = self.texts.get(ids=keys[i : i + PAGE], include=["embeddings"])
            out.update(zip(got["ids"], (np.asarray(v, dtype=np.float32) for v in got["embeddings"])))
        return out

    def query_texts(self, vector: np.ndarray, n: int) -> list[str]:
        """Keys of the n stored texts nearest to this vector, nearest first."""
        got = self.texts.query(query_embeddings=[np.asarray(vector, dtype=np.float32).tolist()],
                               n_results=max(1, n), include=[])
        return list(got["ids"][0])


_REPORT_FIELDS = {f.name for f in fields(Report)}


def _all_rows(col, include: list[str]) -> Iterator[tuple[str, dict | None]]:
    total = col.count()
    for offset in range(0, total + PAGE, PAGE):
        got = col.get(include=include, limit=PAGE, offset=offset)
        metas = got.get("metadatas") or [None] * len(got["ids"])
        yield from zip(got["ids"], metas)
        if not got["ids"]:
            break


def _all_ids(col) -> list[str]:
    return list(dict.fromkeys(i for i, _ in _all_rows(col, [])))


def _base(report: Report) -> dict:
    return {"report_id": report.report_id, "version": report.content_hash, "body": report.body,
            "year": report.year or 0, "file": report.file}


def _content_id(report: Report) -> str:
    return f"{report.report_id}:{report.content_hash[:12]}:content"


def _pack(item: ReportWrite) -> str:
    """Chunks and facts as compressed JSON in ASCII (Chroma reads and writes ASCII much faster)."""
    chunks = [[c.chunk_id, c.text, c.section, c.kind, c.start, c.page, c.ocr, key, tok]
              for c, key, tok in zip(item.chunks, item.keys, item.tokens, strict=True)]
    facts = [[f.table, f.row, f.column, f.value, f.source, f.page, f.ocr] for f in item.facts]
    raw = json.dumps({"chunks": chunks, "facts": facts}, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(zlib.compress(raw.encode("utf-8"), 6)).decode("ascii")


def _unpack(meta: dict) -> Content:
    rid, version = meta["report_id"], meta["version"]
    data = json.loads(zlib.decompress(base64.b64decode(meta["payload"])).decode("utf-8"))
    chunks = [StoredChunk(Chunk(c[0], rid, c[1], c[2], c[3], c[4], c[5], c[6]), c[7], c[8]) for c in data["chunks"]]
    facts = [Fact(rid, *f) for f in data["facts"]]
    return Content(rid, version, chunks, facts)


def _report_meta(report: Report, checks: list[Check]) -> dict:
    meta = {k: v for k, v in report.to_dict().items() if v is not None}
    meta.update(kind="report", version=report.content_hash,
                checks=json.dumps([c.to_dict() for c in checks]))  # ASCII: Chroma handles it faster
    return meta


def _report_from_meta(meta: dict) -> Report:
    data = {k: v for k, v in meta.items() if k in _REPORT_FIELDS}
    data.setdefault("publish_date", None)
    if data.get("year") in (0, None):
        data["year"] = None
    return Report(**data)
