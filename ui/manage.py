"""The staff tab's report management (issue 17 item 4): every indexed report in one filterable table, remove
(after a confirmation) and re-ingest of the selected one, and uploads that would add a second report of a body
and year already indexed held until staff choose to replace the old one or keep both.

A held file is stored (data_dir/uploads) but not indexed: answers for that body and year stay as they were
until the choice is made. Every handler re-checks the staff token (ui/staff.py `_check`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from assistant.service import Gongkai
from ingest.errors import GongkaiError
from ingest.models import Report

log = logging.getLogger("gongkai.staff")

REPORT_HEADERS = ["机关", "年度", "模板", "文件", "格式", "段落数", "表格数据（读取/确定）", "核对问题", "导入时间",
                  "报告编号"]
FORMATS = {".pdf": "PDF", ".docx": "Word", ".txt": "文本", ".md": "文本", ".html": "网页", ".htm": "网页"}
TEMPLATES = {"2021": "2021 版", "2019": "2019 版"}


@dataclass
class Held:
    """An upload that would be a second report of a body and year: stored, not indexed, awaiting a choice."""

    name: str  # the file's name as uploaded
    path: str  # where it is stored (data_dir/uploads)
    body: str
    year: int | None
    same: list[str]  # report ids of the indexed reports of that body and year

    def to_dict(self) -> dict:
        return {"name": self.name, "path": self.path, "body": self.body, "year": self.year, "same": self.same}

    @classmethod
    def from_dict(cls, d: dict) -> Held:
        return cls(str(d["name"]), str(d["path"]), str(d.get("body") or ""), d.get("year"), list(d["same"]))


def _added_at(service: Gongkai, report: Report) -> str:
    """When the report's current version was ingested: the time its original was kept (ingest/originals.py)."""
    try:
        path = service.original_file(report.report_id)
    except GongkaiError:
        path = None
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime)) if path else ""


def report_rows(service: Gongkai, filter_text: str = "") -> list[list]:
    """One row per indexed report, newest year first; `filter_text` keeps the rows any of whose cells hold it."""
    rows = []
    for r in sorted(service.reports(), key=lambda r: (-(r.year or 0), r.body, r.file)):
        facts = [f for f, _ in service.facts(r.report_id)]
        certain = sum(1 for f in facts if f.value is not None)
        rows.append([r.body, r.year or "", TEMPLATES.get(r.template, "未识别"), r.file,
                     FORMATS.get(Path(r.file).suffix.lower(), Path(r.file).suffix), r.chunks,
                     f"{len(facts)} / {certain}", r.audit_findings, _added_at(service, r), r.report_id])
    words = (filter_text or "").split()
    return [row for row in rows if all(any(w in str(cell) for cell in row) for w in words)]


def reports_frame(service: Gongkai, filter_text: str = "") -> pd.DataFrame:
    return pd.DataFrame(report_rows(service, filter_text), columns=REPORT_HEADERS)


def hold_if_second(service: Gongkai, name: str, path: Path) -> Held | None:
    """A Held when the stored file `path` is a report of a body and year already indexed under another file;
    None when it is new, or a new version of the same file (that is an ordinary replace)."""
    from ingest.parse import report_id_for

    preview = service.preview(path, name)
    rid = report_id_for(name)
    same = [r.report_id for r in service.same_body_and_year(preview) if r.report_id != rid]
    if not same:
        return None
    return Held(name, str(path), preview.body, preview.year, same)


def held_message(service: Gongkai, held: list[Held]) -> str:
    lines = []
    for h in held:
        old = []
        for rid in h.same:
            try:
                old.append(service.resolve(rid).file)
            except GongkaiError:
                continue
        lines.append(f"“{h.name}”与已导入的 {'、'.join(f'“{o}”' for o in old)} 同为{h.body} {h.year or ''}年的报告。")
    return ("⚠️ " + " ".join(lines) + "请选择：替换原报告（删除原来的，导入新文件），或两份都保留。"
            "在选择之前，新文件不会导入，问答仍按原来的报告回答。")


def resolve_held(service: Gongkai, held: list[Held], choice: str) -> list:
    """choice: "replace" (ingest the new file, then remove the old reports), "both", or "drop" (discard).
    Returns the ingest results (empty for "drop")."""
    from ui.uploads import ingest_stored

    results = []
    uploads = (Path(service.config.data_dir) / "uploads").resolve()
    for h in held:
        path = Path(h.path)
        if not path.resolve().is_relative_to(uploads):  # only files this tab stored, never another path
            continue
        if choice == "drop" or not path.is_file():
            path.unlink(missing_ok=True)
            continue
        result = ingest_stored(service, h.name, path)
        results.append(result)
        if choice == "replace" and result.status != "failed":
            for rid in h.same:
                try:
                    service.remove(rid)
                except GongkaiError:
                    continue  # removed meanwhile
    return results
