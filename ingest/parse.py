"""One file → Report, Sections, Chunks, Facts and checks (everything but embedding and storage)."""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import time
from collections.abc import Iterable
from pathlib import Path

from ingest.config import Config
from ingest.errors import GongkaiError, IngestError
from ingest.loaders import SUPPORTED, load
from ingest.models import Chunk, Document, Fact, IngestResult, ParsedReport, Report
from ingest.text.chunking import chunk_id, chunk_sections
from ingest.text.clean import clean_pages
from ingest.text.sections import split_sections
from ingest.text.tokenize import tokens

log = logging.getLogger(__name__)

# Part of every report's version: a parser change re-reads files that are otherwise unchanged.
PARSER_VERSION = "6"  # 2: scanned pages read by OCR, chunks and facts know their page; 3: body without a 文号;
# 4: facts decoded with the prose statements and per-cell certainty, table health; 5: 制发 one token;
# 6: an item heading (一是…) is chunked with the item it heads

def content_version(raw: bytes) -> str:
    return hashlib.sha256(PARSER_VERSION.encode() + b"\0" + raw).hexdigest()


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
    doc: Document = load(path, config.load_limits)
    text, page_starts = clean_pages(doc.text)
    if len(re.sub(r"\s", "", text)) < 20:
        raise IngestError(name, "文件中没有可读取的文字")
    version = content_version(raw if raw is not None else path.read_bytes())
    rid = report_id_for(name)
    meta = _metadata(text, doc.hints)
    extraction = _facts(text, doc, rid)
    facts = extraction.facts
    if meta.get("template", "unknown") == "unknown":
        meta["template"] = extraction.template
    checks = _audit(facts, text) + extraction.findings()
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
        audit_findings=sum(1 for c in checks if not c.ok), **_health(facts),
    )
    return ParsedReport(report, text, sections, chunks, facts, checks, warnings)


def _mark_pages(chunks: list[Chunk], facts: list[Fact], text: str, starts: list[int], ocr_pages: list[int]) -> None:
    """PDFs: each chunk and fact gets its page, and `ocr` when that page was a scan."""
    from ingest.pages import mark_chunks, mark_fact_chunks, mark_facts

    mark_facts(facts, text, starts, ocr_pages)
    mark_chunks([c for c in chunks if c.kind != "fact"], starts, ocr_pages)
    mark_fact_chunks([c for c in chunks if c.kind == "fact"], facts)


def _metadata(text: str, hints: dict[str, str]) -> dict:
    from ingest.text.metadata import read_metadata

    return read_metadata(text, hints)


def _facts(text: str, doc: Document, rid: str):
    from ingest.facts.extract import extract

    return extract(text, doc.tables, rid)


def _health(facts) -> dict:
    from ingest.facts.health import table_health

    return table_health(facts).to_dict()


def _audit(facts, text):
    from ingest.facts.audit import audit

    return audit(facts, text)


def _fact_chunks(rid: str, version: str, facts, start_n: int) -> list[Chunk]:
    """Each table row also becomes a readable sentence, so questions about cells find it."""
    from ingest.facts.extract import fact_sentences

    out = []
    for section, sentence in fact_sentences(facts):
        out.append(Chunk(chunk_id(rid, version, start_n + len(out), sentence), rid, sentence, section, "fact"))
    return out


@functools.lru_cache(maxsize=100_000)  # template boilerplate repeats in every report
def chunk_tokens(text: str) -> str:
    """A chunk's BM25 tokens (of its section and text), space-separated."""
    return " ".join(tokens(text))


def parse_job(path: Path, config: Config, name: str, with_tokens: bool):
    """Parse one file (in the parsing process, or here): (ParsedReport, tokens or None, seconds), or the
    failed IngestResult. Failures travel as results: exceptions with custom arguments do not unpickle."""
    t0 = time.perf_counter()
    try:
        raw = path.read_bytes() if path.exists() and path.stat().st_size <= config.max_file_mb * 1048576 else None
        parsed = parse_report(path, config, name, raw)
    except Exception as exc:  # noqa: BLE001 - a bad file must never stop the other files
        return _failed(name, report_id_for(name), exc)
    toks = [chunk_tokens(f"{c.section} {c.text}") for c in parsed.chunks] if with_tokens else None
    return parsed, toks, time.perf_counter() - t0


def _failed(name: str, rid: str, exc: Exception) -> IngestResult:
    if isinstance(exc, IngestError):
        return IngestResult(name, rid, "failed", error=exc.reason)
    if isinstance(exc, GongkaiError):
        return IngestResult(name, rid, "failed", error=str(exc))
    log.error("内部错误（%s）：%r", name, exc, exc_info=exc)
    return IngestResult(name, rid, "failed", error=f"无法读取该文件（{type(exc).__name__}）")


def embed_text(chunk: Chunk) -> str:
    leaf = chunk.section.split(" > ")[-1]
    return f"{leaf}：{chunk.text}"
