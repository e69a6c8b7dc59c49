"""files → Document → cleaned text → metadata, sections, chunks, facts, audit → the index."""

from __future__ import annotations

import hashlib
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .chunking import chunk_id, chunk_sections
from .clean import clean_pages
from .config import Config
from .embeddings import Embedder
from .errors import GongkaiError, IngestError
from .loaders import SUPPORTED, load
from .models import Chunk, Document, Fact, ParsedReport, Report
from .sections import split_sections
from .store import Store
from .tokenize import tokens


# Part of every report's version: a parser change re-reads files that are otherwise unchanged.
PARSER_VERSION = "2"  # 2: scanned pages read by OCR; chunks and facts know their page


def content_version(raw: bytes) -> str:
    return hashlib.sha256(PARSER_VERSION.encode() + b"\0" + raw).hexdigest()


@dataclass
class IngestResult:
    file: str
    report_id: str
    status: str  # added | unchanged | replaced | failed
    error: str | None = None
    report: Report | None = None
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        r = self.report
        return {"file": self.file, "report_id": self.report_id, "status": self.status, "error": self.error,
                "body": r.body if r else None, "year": r.year if r else None,
                "chunks": r.chunks if r else 0, "facts": r.facts if r else 0}


def report_id_for(name: str) -> str:
    stem = Path(name).stem
    rid = re.sub(r"[^\w.\-\u4e00-\u9fff]+", "-", stem).strip("-.")
    return rid or "report-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def expand(paths: Iterable[str | Path]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUPPORTED))
        else:
            out.append(p)
    return out


def parse_report(path: Path, config: Config, name: str | None = None, raw: bytes | None = None) -> ParsedReport:
    """Everything but embedding and storage; pure, so tests and bench can call it directly."""
    name = name or path.name
    if not path.exists():
        raise IngestError(name, "文件不存在")
    doc: Document = load(path, config.max_file_mb, ocr=config.ocr_limits)
    text, page_starts = clean_pages(doc.text)
    if len(re.sub(r"\s", "", text)) < 20:
        raise IngestError(name, "文件中没有可读取的文字")
    version = content_version(raw if raw is not None else path.read_bytes())
    rid = report_id_for(name)
    meta = _metadata(text, doc.hints)
    template, facts = _facts(text, doc, rid)
    if meta.get("template", "unknown") == "unknown":
        meta["template"] = template
    checks = _audit(facts, text)
    sections = split_sections(text)
    chunks = chunk_sections(rid, version, sections)
    chunks += _fact_chunks(rid, version, facts, len(chunks))
    if doc.pages:
        _mark_pages(chunks, facts, text, page_starts, doc.ocr_pages)
    warnings = list(doc.warnings)
    if not meta.get("is_report", True):
        warnings.append("这份文件看起来不是政府信息公开工作年度报告，已作为普通文档导入")
    report = Report(
        report_id=rid, file=name, title=meta.get("title") or Path(name).stem, body=meta.get("body") or "",
        year=meta.get("year"), template=meta.get("template", "unknown"), publish_date=meta.get("publish_date"),
        content_hash=version, is_report=meta.get("is_report", True), chunks=len(chunks), facts=len(facts),
        audit_findings=sum(1 for c in checks if not c.ok),
    )
    return ParsedReport(report, text, sections, chunks, facts, checks, warnings)


def _mark_pages(chunks: list[Chunk], facts: list[Fact], text: str, starts: list[int], ocr_pages: list[int]) -> None:
    """PDFs: each chunk and fact gets its page, and `ocr` when that page was a scan."""
    from .pages import mark_chunks, mark_fact_chunks, mark_facts

    mark_facts(facts, text, starts, ocr_pages)
    mark_chunks([c for c in chunks if c.kind != "fact"], starts, ocr_pages)
    mark_fact_chunks([c for c in chunks if c.kind == "fact"], facts)


def _metadata(text: str, hints: dict[str, str]) -> dict:
    from .metadata import read_metadata

    return read_metadata(text, hints)


def _facts(text: str, doc: Document, rid: str):
    from .facts import extract_facts

    return extract_facts(text, doc.tables, rid)


def _audit(facts, text):
    from .audit import audit

    return audit(facts, text)


def _fact_chunks(rid: str, version: str, facts, start_n: int) -> list[Chunk]:
    """Each table row also becomes a readable sentence, so questions about cells find it."""
    from .facts import fact_sentences

    out = []
    for section, sentence in fact_sentences(facts):
        out.append(Chunk(chunk_id(rid, version, start_n + len(out), sentence), rid, sentence, section, "fact"))
    return out


class Ingester:
    def __init__(self, config: Config, store: Store, embedder: Embedder):
        self.config, self.store, self.embedder = config, store, embedder

    def ingest(self, paths: Iterable[str | Path], progress: Callable[[int, int, str], None] | None = None,
               names: dict[Path, str] | None = None) -> list[IngestResult]:
        files = expand(paths)
        self.store.check_embedder(writing=True)
        self.store.collect_garbage()
        results = []
        for n, path in enumerate(files, 1):
            if progress:
                progress(n, len(files), path.name)
            results.append(self.ingest_one(path, (names or {}).get(path)))
        return results

    def ingest_one(self, path: Path, name: str | None = None) -> IngestResult:
        name = name or path.name
        rid = report_id_for(name)
        timings: dict[str, float] = {}
        try:
            t0 = time.perf_counter()
            raw = path.read_bytes() if path.exists() and path.stat().st_size <= self.config.max_file_mb * 1048576 else None
            old = self.store.get_report(rid)
            if raw is not None and old and old.content_hash == content_version(raw):
                return IngestResult(name, rid, "unchanged", report=old)
            parsed = parse_report(path, self.config, name, raw)
            timings["parse"] = time.perf_counter() - t0
            t1 = time.perf_counter()
            vectors = self.embedder.embed([embed_text(c) for c in parsed.chunks])
            timings["embed"] = time.perf_counter() - t1
            t2 = time.perf_counter()
            toks = [" ".join(tokens(f"{c.section} {c.text}")) for c in parsed.chunks]
            timings["tokenize"] = time.perf_counter() - t2
            t3 = time.perf_counter()
            self.store.write_report(parsed.report, parsed.chunks, vectors, toks, parsed.facts, parsed.checks)
            timings["store"] = time.perf_counter() - t3
            status = "replaced" if old else "added"
            return IngestResult(name, rid, status, report=parsed.report, warnings=parsed.warnings, timings=timings)
        except IngestError as exc:
            return IngestResult(name, rid, "failed", error=exc.reason)
        except GongkaiError as exc:
            return IngestResult(name, rid, "failed", error=str(exc))
        except Exception as exc:  # noqa: BLE001 - a bad file must never stop the other files
            print(f"内部错误（{name}）：{exc!r}", file=sys.stderr)
            return IngestResult(name, rid, "failed", error=f"无法读取该文件（{type(exc).__name__}）")


def embed_text(chunk: Chunk) -> str:
    leaf = chunk.section.split(" > ")[-1]
    return f"{leaf}：{chunk.text}"
