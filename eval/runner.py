"""`gongkai eval`: ask every gold question, score with eval.scorer, write items/summary/report/chart.

Two forms (SPEC.md):
- `--reports DIR --qa FILE --out DIR [--baseline] [--limit N] [--ids a,b] [--distractors N]`:
  a fresh index in a temp folder (embedded Chroma, never a configured server), every question
  through `Gongkai.ask`, optionally the plain LangChain baseline on the same reports.
- `--qa FILE --answers FILE --out DIR`: score answer objects another system produced.

Same input → same outputs, except the latency figures.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from eval import scorer
from eval.report import write_chart, write_markdown
from eval.support import supported
from ingest.config import Config

Progress = Callable[[int, int, str], None]
AskFn = Callable[[dict], dict]


# -- progress and console -----------------------------------------------------------------
def stderr_progress(label: str) -> Progress:
    """A `\\r` progress bar on stderr, ending its line when done."""

    def show(n: int, total: int, name: str) -> None:
        width = 24
        done = int(width * n / max(total, 1))
        sys.stderr.write(f"\r{label} [{'#' * done}{'.' * (width - done)}] {n}/{total} {name[:32]:<32}")
        if n >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def _quiet(*_progress) -> None:
    return None


# -- gold file ------------------------------------------------------------------------------
def load_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path} 第 {n} 行不是合法的 JSON：{exc.msg}") from exc
    return rows


def select(items: list[dict], ids: str | None = None, limit: int | None = None) -> list[dict]:
    if ids:
        wanted = [i.strip() for i in ids.split(",") if i.strip()]
        known = {it["id"] for it in items}
        missing = [i for i in wanted if i not in known]
        if missing:
            raise ValueError(f"题目集中没有这些 id：{', '.join(missing)}")
        items = [it for it in items if it["id"] in set(wanted)]
    if limit is not None:
        items = items[: max(0, limit)]
    return items


# -- scoring ------------------------------------------------------------------------------------
def gold_rank(gold: dict, candidates: list[str], ids_by_file: dict[str, str]) -> int | None:
    """1-based position of the gold report in the retrieval ranking, or None."""
    report = gold.get("report")
    if not report:
        return None
    wanted = {report, ids_by_file.get(report, _report_id(report))}
    for n, cand in enumerate(candidates or [], 1):
        if cand in wanted:
            return n
    return None


def _report_id(file: str) -> str:
    from ingest.parse import report_id_for

    return report_id_for(file)


def score_row(gold: dict, answer: dict, ids_by_file: dict[str, str]) -> dict:
    answer = dict(answer)
    candidates = answer.pop("candidates", None) or []
    answer.pop("supported", None)
    error = answer.get("error")
    correct, cited = scorer.score_item(gold, answer)
    row = {"id": gold["id"], **answer}
    row.update({
        "correct": bool(correct and not error), "cited": bool(cited), "kind": gold.get("kind"),
        "supported": supported(answer, gold.get("question", "")),
        "expected": gold.get("answer", ""), "report": gold.get("report"), "scope": gold.get("scope"),
        "rank": gold_rank(gold, candidates, ids_by_file),
    })
    return row


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (no interpolation, so small sets give an observed value)."""
    if not values:
        return None
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(-(-q * len(ordered) // 100)) - 1))
    return round(ordered[k], 2)


def _hits(rows: list[dict]) -> dict:
    n = len(rows)
    return {"n": n, "hit@1": _ratio(sum(1 for r in rows if r["rank"] == 1), n),
            "hit@5": _ratio(sum(1 for r in rows if r["rank"] and r["rank"] <= 5), n)}


def _retrieval(rows: list[dict]) -> dict | None:
    ranked = [r for r in rows if r.get("report")]
    if not ranked:
        return None
    out = _hits(ranked)
    out["by_kind"] = {k: _hits([r for r in ranked if r["kind"] == k]) for k in sorted({r["kind"] for r in ranked})}
    # Scoped questions search one report, so their hit rate is 1 by construction.
    out["unscoped"] = _hits([r for r in ranked if not r.get("scope")])
    return out


def _accuracy(rows: list[dict]) -> dict:
    return {"n": len(rows), "accuracy": _ratio(sum(1 for r in rows if r["correct"]), len(rows))}


def summarize(rows: list[dict], with_retrieval: bool = True) -> dict:
    kinds = sorted({r["kind"] for r in rows})
    citable = [r for r in rows if r["correct"] and scorer.citable(r)]
    latencies = [float(r["latency_ms"]) for r in rows if r.get("latency_ms") is not None]
    return {
        **_accuracy(rows),
        "by_kind": {k: _accuracy([r for r in rows if r["kind"] == k]) for k in kinds},
        # Of the correct answers that assert something (refusals have nothing to cite).
        "cited_rate": _ratio(sum(1 for r in citable if r["cited"]), len(citable)),
        # Found answers to figure questions (or to questions with no answer) whose figure no citation backs.
        "unsupported": sum(1 for r in rows if r.get("found") and r["kind"] in ("number", "none")
                           and not r.get("supported", True)),
        "latency_ms": {"p50": _percentile(latencies, 50), "p95": _percentile(latencies, 95)},
        "retrieval": _retrieval(rows) if with_retrieval else None,
    }


# -- asking ------------------------------------------------------------------------------------
def ask_all(items: list[dict], ask: AskFn, progress: Progress, ids_by_file: dict[str, str]) -> list[dict]:
    rows = []
    for n, gold in enumerate(items, 1):
        progress(n, len(items), gold["id"])
        rows.append(score_row(gold, _safe_ask(ask, gold), ids_by_file))
    return rows


def _safe_ask(ask: AskFn, gold: dict) -> dict:
    # One failing question must not stop the run; it is recorded and scored wrong.
    t0 = time.perf_counter()
    try:
        return ask(gold)
    except Exception as exc:  # noqa: BLE001
        return {"question": gold["question"], "answer": "", "short_answer": "", "found": False,
                "citations": [], "mode": "extractive", "latency_ms": round((time.perf_counter() - t0) * 1000, 2),
                "error": f"{type(exc).__name__}: {exc}"}


def _ours(app) -> AskFn:
    def ask(gold: dict) -> dict:
        history = [(q, a) for q, a in gold.get("history") or []]
        answer = app.ask(gold["question"], report=gold.get("scope"), history=history)
        return {**answer.to_dict(), "candidates": list(answer.candidates)}

    return ask


def _theirs(baseline) -> AskFn:
    return lambda gold: baseline.ask(gold["question"], gold.get("scope"))


# -- the two forms ---------------------------------------------------------------------------
def eval_config(config: Config, data_dir: Path) -> Config:
    """The same settings in a temp data folder, always on embedded Chroma (never a shared server)."""
    return replace(config, chroma_url=None).with_data_dir(data_dir)


def report_files(reports_dirs: Path | list[Path]) -> list[Path]:
    from ingest.parse import expand

    dirs = [Path(d) for d in (reports_dirs if isinstance(reports_dirs, (list, tuple)) else [reports_dirs])]
    files: list[Path] = []
    for folder in dirs:
        if not folder.is_dir():
            raise ValueError(f"报告文件夹 {folder} 不存在")
        found = expand([folder])
        if not found:
            raise ValueError(f"报告文件夹 {folder} 中没有可导入的文件（.txt .md .pdf .docx .html）")
        files += found
    return files


def evaluate(config: Config, items: list[dict], reports_dir: Path | list[Path], out_dir: Path,
             baseline: bool = False, distractors: int = 0, verbose: bool = True) -> dict:
    """Run form (a) end to end and write the outputs; returns summary.json's content. `reports_dir` may be
    several folders: their reports are indexed together."""
    from assistant.service import Gongkai

    bar = stderr_progress if verbose else (lambda _label: _quiet)
    with tempfile.TemporaryDirectory(prefix="gongkai-eval-") as tmp:
        first = reports_dir[0] if isinstance(reports_dir, (list, tuple)) else reports_dir
        files = report_files(reports_dir) + _distractors(first, distractors, Path(tmp) / "distractors")
        app = Gongkai(eval_config(config, Path(tmp) / "data"))
        results = app.ingest(files, progress=bar("导入"))
        _warn_failed(results, verbose)
        app.warm_up()  # latency figures are for answering, not for loading the model and jieba
        ids_by_file = {r.file: r.report_id for r in app.reports()}
        rows = ask_all(items, _ours(app), bar("提问"), ids_by_file)
        base_rows = _run_baseline(config, tmp, files, items, app.embedder, bar, ids_by_file) if baseline else None
    return write_outputs(out_dir, rows, base_rows)


def evaluate_sets(config: Config, sets: dict[str, list[dict]], reports_dir: Path | list[Path], out_root: Path,
                  verbose: bool = False) -> dict[str, dict]:
    """Several gold files over one index (ingested once): each set's outputs in out_root/<name>/; returns
    {name: summary}. For the eval gate, which holds every round."""
    from assistant.service import Gongkai

    bar = stderr_progress if verbose else (lambda _label: _quiet)
    with tempfile.TemporaryDirectory(prefix="gongkai-eval-") as tmp:
        app = Gongkai(eval_config(config, Path(tmp) / "data"))
        _warn_failed(app.ingest(report_files(reports_dir), progress=bar("导入")), verbose)
        app.warm_up()
        ids_by_file = {r.file: r.report_id for r in app.reports()}
        try:
            return {name: write_outputs(Path(out_root) / name, ask_all(items, _ours(app), bar(name), ids_by_file), None)
                    for name, items in sets.items()}
        finally:
            close = getattr(app, "close", None)
            if close:
                close()


def _distractors(reports_dir: Path, n: int, out_dir: Path) -> list[Path]:
    if not n:
        return []
    from eval.distractors import make_distractors

    return make_distractors(reports_dir, n, out_dir)


def _warn_failed(results, verbose: bool) -> None:
    for r in results:
        if r.status == "failed" and verbose:
            sys.stderr.write(f"导入失败  {r.file}：{r.error}\n")


def _run_baseline(config: Config, tmp: str, files: list[Path], items: list[dict], embedder, bar,
                  ids_by_file: dict[str, str]) -> list[dict]:
    from eval.baseline import Baseline

    with Baseline(eval_config(config, Path(tmp) / "baseline"), files, embedder=embedder) as base:
        base.ingest()
        return ask_all(items, _theirs(base), bar("基线"), ids_by_file)


def score_answers(items: list[dict], answers: list[dict], out_dir: Path, verbose: bool = True) -> dict:
    """Form (b): score answer objects (each with the gold `id`) another system produced."""
    by_id = {}
    for a in answers:
        if "id" not in a:
            raise ValueError("答案文件中每行都必须带有题目 id")
        by_id[str(a["id"])] = a
    extra = sorted(set(by_id) - {it["id"] for it in items})
    if extra and verbose:
        sys.stderr.write(f"提示：{len(extra)} 个答案不在题目集中，已忽略：{', '.join(extra[:10])}\n")
    rows = []
    for gold in items:
        answer = {k: v for k, v in by_id.get(gold["id"], _missing(gold)).items()
                  if k not in ("id", "correct", "cited", "kind", "expected", "rank", "report", "scope")}
        rows.append(score_row(gold, answer, {}))
    # hit@k only when the other system said what it retrieved.
    return write_outputs(out_dir, rows, None, retrieval=any(a.get("candidates") for a in answers))


def _missing(gold: dict) -> dict:
    return {"question": gold["question"], "answer": "", "short_answer": "", "found": False, "citations": [],
            "mode": "extractive", "latency_ms": None, "error": "答案文件中没有这道题"}


def write_outputs(out_dir: Path, rows: list[dict], base_rows: list[dict] | None, retrieval: bool = True) -> dict:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = summarize(rows, retrieval)
    summary["baseline"] = summarize(base_rows) if base_rows is not None else None
    _write_jsonl(out_dir / "items.jsonl", rows)
    if base_rows is not None:
        _write_jsonl(out_dir / "baseline_items.jsonl", base_rows)
    (out_dir / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    write_markdown(out_dir / "report.md", summary, rows)
    write_chart(out_dir / "accuracy.png", summary)
    return summary


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


# -- command line ------------------------------------------------------------------------------
def run_cli(config: Config, args) -> int:
    qa = Path(args.qa)
    if not qa.is_file():
        raise ValueError(f"题目文件 {qa} 不存在")
    items = select(load_jsonl(qa), getattr(args, "ids", None), getattr(args, "limit", None))
    if getattr(args, "answers", None):
        summary = score_answers(items, load_jsonl(Path(args.answers)), Path(args.out))
    elif getattr(args, "reports", None):
        folders = args.reports if isinstance(args.reports, list) else [args.reports]
        summary = evaluate(config, items, [Path(f) for f in folders], Path(args.out),
                           bool(getattr(args, "baseline", False)), int(getattr(args, "distractors", 0) or 0))
    else:
        raise ValueError("eval 需要 --reports DIR（提问并打分）或 --answers FILE（给已有答案打分）")
    sys.stdout.write(console_table(summary) + f"\n结果已写入 {args.out}\n")
    return 0


def console_table(summary: dict) -> str:
    from eval.report import headline_rows

    base = summary.get("baseline")
    rows = [("指标", "本系统", "基线")] + headline_rows(summary)
    return "\n".join(_pad(label, 16) + _pad(ours, 10, True) + (_pad(theirs, 10, True) if base else "")
                     for label, ours, theirs in rows)


def _pad(text: str, width: int, right: bool = False) -> str:
    # Chinese characters take two terminal columns.
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    fill = " " * max(0, width - used)
    return fill + text if right else text + fill
