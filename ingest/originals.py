"""Each ingested report's original file, kept in the data folder under its content version, so the page's
source viewer can show the report itself (a PDF page as an image, a text report at the passage).

The copy is named by the report's content version (a hash of the file's bytes), so the same file ingested
twice is kept once, and a replaced report's old copy is found by name and deleted. Only the process that
ingested a file has its copy: with a Chroma server, another web process may not (the viewer says so).
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from ingest.models import Report

log = logging.getLogger(__name__)

FOLDER = "originals"


def path_for(data_dir: Path, report: Report) -> Path:
    ext = Path(report.file).suffix.lower()[:10]
    return Path(data_dir) / FOLDER / f"{report.content_hash[:40]}{ext}"


def keep(data_dir: Path, source: Path, report: Report) -> Path | None:
    """Keep a copy of `source` as `report`'s original (a hard link when the data folder allows one).
    A copy that cannot be made is logged, never an ingest failure: the viewer then shows the passages."""
    if not report.content_hash:
        return None
    target = path_for(data_dir, report)
    if target.exists():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.part")
        tmp.unlink(missing_ok=True)
        try:
            os.link(source, tmp)
        except OSError:
            shutil.copyfile(source, tmp)
        tmp.replace(target)
        return target
    except OSError as exc:
        log.warning("无法保存原文件副本 %s：%s", report.file, exc)
        return None


def find(data_dir: Path, report: Report) -> Path | None:
    path = path_for(data_dir, report)
    return path if path.is_file() else None


def prune(data_dir: Path, reports: Iterable[Report]) -> int:
    """Delete the copies no report in `reports` (the committed ones) uses; returns how many."""
    folder = Path(data_dir) / FOLDER
    if not folder.is_dir():
        return 0
    wanted = {path_for(data_dir, r).name for r in reports}
    removed = 0
    for path in folder.iterdir():
        if path.is_file() and path.name not in wanted and not path.name.startswith("."):
            try:
                path.unlink()
                removed += 1
            except OSError:
                pass
    return removed
