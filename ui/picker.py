"""The report picker shared by the chat and staff tabs: its choices, and what a choice means."""

from __future__ import annotations

from assistant.service import Gongkai

ALL = "*"  # the picker's value for "all reports"


def report_label(r) -> str:
    year = f"{r.year}年" if r.year else ""
    return f"{r.body or r.title} {year}（{r.file}）"


def report_choices(service: Gongkai, include_all: bool = True) -> list[tuple[str, str]]:
    reports = sorted(service.reports(), key=lambda r: (r.body, -(r.year or 0)))
    head = [("全部报告", ALL)] if include_all else []
    return head + [(report_label(r), r.report_id) for r in reports]


def scope_of(report_id: str | None) -> str | None:
    return None if report_id in (None, "", ALL) else report_id
