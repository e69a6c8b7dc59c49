"""What the command line prints: one JSON document on stdout, a progress bar on stderr, and the one
Report → JSON shape that the CLI and the REST API share (SPEC.md `reports --json`)."""

from __future__ import annotations

import json
import sys

from ingest.facts.health import TableHealth
from ingest.models import Report


def emit_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def progress_bar(n: int, total: int, name: str) -> None:
    width = 24
    done = int(width * n / max(total, 1))
    sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {n}/{total} {name[:40]:<40}")
    if n == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def report_json(r: Report) -> dict:
    return {"report_id": r.report_id, "file": r.file, "title": r.title, "body": r.body, "year": r.year,
            "template": r.template, "chunks": r.chunks, "facts": r.facts, "audit_findings": r.audit_findings,
            "publish_date": r.publish_date, "is_report": r.is_report, "table_health": r.table_health()}


def health_line(r: Report) -> str:
    """The report's table health in one line (`ingest.facts.health`)."""
    return TableHealth(**r.table_health()).summary()
