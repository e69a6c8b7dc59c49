"""One function per `gongkai` command; each only formats what the library returns."""

from __future__ import annotations

import sys
from contextlib import contextmanager

from assistant.service import Gongkai
from ingest.config import Config
from ui.output import emit_json, health_line, progress_bar, report_json


class UsageError(Exception):
    """Misuse of a command (exit 2), e.g. an empty question."""


@contextmanager
def _app(config: Config, writing: bool = False):
    """The library object for one command, shut down in order when the command ends (Gongkai.close says why:
    a background thread inside Chroma at interpreter exit crashed `gongkai ask` with SIGSEGV)."""
    app = Gongkai(config, create=writing)
    try:
        yield app
    finally:
        app.close()


def _question(args) -> str:
    if not (args.question or "").strip():
        raise UsageError("问题不能为空：用法 gongkai ask \"问题\" [--report 报告]")
    return args.question


def cmd_ingest(config: Config, args) -> int:
    with _app(config, writing=True) as app:
        results = app.ingest(args.paths, progress=progress_bar)
    for r in results:
        for w in r.warnings:
            print(f"提示  {r.file}：{w}", file=sys.stderr)
    if args.json:
        emit_json({"reports": [{**r.to_dict(), "warnings": r.warnings} for r in results]})
    else:
        for r in results:
            if r.status == "failed":
                print(f"失败  {r.file}：{r.error}")
            else:
                rep = r.report
                label = {"added": "已导入", "unchanged": "未变化", "replaced": "已更新"}[r.status]
                print(f"{label}  {r.file}  {rep.body} {rep.year or ''}年  {rep.chunks} 段  {rep.facts} 项表格数据")
    if not results:
        print("Error: 没有找到可导入的文件", file=sys.stderr)
        return 1
    return 1 if any(r.status == "failed" for r in results) else 0


def cmd_reports(config: Config, args) -> int:
    with _app(config) as app:
        reports = app.reports()
    if args.json:
        emit_json({"reports": [report_json(r) for r in reports]})
    else:
        for r in reports:
            print(f"{r.report_id}\t{r.body}\t{r.year or ''}\t{r.template}\t{r.chunks} 段\t{r.facts} 项\t{r.file}")
        if not reports:
            print("（还没有导入任何报告）")
    return 0


def cmd_remove(config: Config, args) -> int:
    with _app(config) as app:
        r = app.remove(args.report)
    print(f"已删除  {r.report_id}（{r.file}）")
    return 0


def cmd_audit(config: Config, args) -> int:
    with _app(config) as app:
        results = app.audit(args.report)
    if args.json:
        emit_json({"reports": [{"report_id": r.report_id, "file": r.file, "checks": [c.to_dict() for c in checks],
                                "table_health": r.table_health()} for r, checks in results]})
        return 0
    for r, checks in results:
        bad = [c for c in checks if not c.ok]
        print(f"{r.report_id}（{r.file}）：{len(checks)} 项核对，{len(bad)} 项不一致")
        print(f"  表格健康度：{health_line(r)}")
        for c in checks:
            print(f"  {'✓' if c.ok else '✗'} {c.rule}：{c.detail}")
    return 0


def cmd_facts(config: Config, args) -> int:
    with _app(config) as app:
        rows = app.facts(args.report)
    if args.json:
        emit_json({"facts": [f.to_dict(r.file) for f, r in rows]})
        return 0
    for f, r in rows:
        value = "（空）" if f.value is None else f.value
        print(f"{r.report_id}\t表{f.table}\t{f.row}\t{f.column}\t{value}")
    return 0


def cmd_ask(config: Config, args) -> int:
    question = _question(args)
    with _app(config) as app:
        answer = app.ask(question, args.report)
    if args.json:
        emit_json(answer.to_dict())
    else:
        print(answer.answer)
        for i, c in enumerate(answer.citations, 1):
            print(f"[{i}] {c.body} {c.year or ''}年 · {c.section}：{c.text}")
    return 0


def cmd_draft(config: Config, args) -> int:
    question = _question(args)
    with _app(config) as app:
        draft = app.draft(question, args.report)
    if args.json:
        emit_json(draft.to_dict())
    else:
        print(draft.draft)
    return 0


def cmd_serve(config: Config, args) -> int:
    from ui.server import serve

    serve(config, args.host, args.port)
    return 0


def cmd_eval(config: Config, args) -> int:
    from eval.runner import run_cli

    return run_cli(config, args)


def cmd_bench(config: Config, args) -> int:
    from eval.bench import run_cli

    return run_cli(config, args)


def cmd_feedback(config: Config, args) -> int:
    from ui.feedback import FeedbackLog

    rows = FeedbackLog(config.data_dir).export()
    if args.json:
        emit_json({"feedback": rows})
    else:
        for r in rows:
            print(f"{r['created_at']}\t{r['rating']}\t{r.get('reason') or ''}\t{r['question']}")
    return 0
