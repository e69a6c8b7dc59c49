"""The typed records that travel from the files through the index to the answers."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class TableBlock:
    """A table as the loader saw it: rows of cell strings (PDF, DOCX, HTML, Markdown pipes)."""

    rows: list[list[str]]
    page: int | None = None


@dataclass
class Document:
    """What a loader returns: cleaned-up text (tables also rendered as text lines) and the raw tables."""

    text: str
    tables: list[TableBlock] = field(default_factory=list)
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    hints: dict[str, str] = field(default_factory=dict)  # title/date from a page or crawler header


@dataclass
class Report:
    report_id: str
    file: str
    title: str
    body: str
    year: int | None
    template: str  # "2021" | "2019" | "unknown"
    publish_date: str | None = None
    content_hash: str = ""
    is_report: bool = True
    chunks: int = 0
    facts: int = 0
    audit_findings: int = 0
    # table health (`ingest.facts.health`): certain cells of the cells read, template sums checked/balanced
    cells_total: int = 0
    cells_certain: int = 0
    cells_unsure: int = 0
    sums_checked: int = 0
    sums_balanced: int = 0

    def to_dict(self) -> dict:
        return asdict(self)

    def table_health(self) -> dict:
        return {"cells_certain": self.cells_certain, "cells_total": self.cells_total,
                "cells_unsure": self.cells_unsure, "sums_checked": self.sums_checked,
                "sums_balanced": self.sums_balanced}


@dataclass
class Section:
    path: str  # "三、收到和处理政府信息公开申请情况" or "一、总体情况 > （一）主动公开情况"
    text: str
    start: int = 0  # character offset in the cleaned text


@dataclass
class Chunk:
    chunk_id: str
    report_id: str
    text: str
    section: str
    kind: str = "prose"  # "prose" | "table" (raw table lines) | "fact" (a table row as a sentence)
    start: int = 0
    page: int | None = None
    ocr: bool = False


@dataclass(slots=True)  # 200,000 facts per 1,000 reports live in every web process: no __dict__ each
class Fact:
    report_id: str
    table: str  # "二" | "三" | "四"
    row: str
    column: str
    value: float | int | None
    source: str  # the row as the report shows it
    page: int | None = None
    ocr: bool = False

    def to_dict(self, file: str = "") -> dict:
        return {
            "report_id": self.report_id,
            "file": file,
            "table": self.table,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "source": self.source,
        }


@dataclass
class Check:
    rule: str
    ok: bool
    detail: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class ParsedReport:
    report: Report
    text: str
    sections: list[Section]
    chunks: list[Chunk]
    facts: list[Fact]
    checks: list[Check]
    warnings: list[str] = field(default_factory=list)


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
