"""`gongkai bench`: ingest and query a synthetic province of reports, ours beside the plain baseline.

Each measured run is its own child process (`python -m eval.bench worker …`), so its peak RSS
(ru_maxrss) is that run's alone. Per run: ingest time and reports/s, chunks, the ingest time
split (embedding vs everything else), warm extractive query latency p50/p95 over a fixed mix of
questions, peak RSS, index size on disk, and how many of the checkable questions came back right.
Sizes: 100 and 1,000 reports by default; `--reports N` runs the default sizes below N, then N.
Also timed: each real report file ingested alone into a fresh index (per-format figures), a real
`gongkai serve` over the 1,000-report index (first answer after start and peak RSS, restarted with
its snapshot cache and started without it), and OCR seconds per page of a scanned real PDF.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = (100, 1000)
TARGETS = 8  # reports the question mix asks about, spread over the corpus
REPO = Path(__file__).resolve().parents[1]


def default_reports_dir(config=None) -> Path:
    chosen = getattr(config, "bench_reports", None)
    return Path(chosen) if chosen else REPO.parent / "shared" / "reports"


def sizes_for(n: int | None) -> list[int]:
    if not n:
        return list(SIZES)
    return [s for s in SIZES if s < n] + [n]


# -- the question mix --------------------------------------------------------------------------
# (question, scoped?, gold cell (table, row, column) or None). Unscoped questions name body and year.
_MIX = (
    ("{body}{year}年本年新收政府信息公开申请数量是多少？", False, ("三", "本年新收政府信息公开申请数量", "总计")),
    ("{body}{year}年行政复议总计多少件？", False, ("四", "行政复议", "总计")),
    ("予以公开的申请有多少件？", True, ("三", "予以公开", "总计")),
    ("存在的主要问题有哪些？", True, None),
    ("{body}{year}年政府信息公开工作的联系电话是多少？", False, None),
)


def question_mix(manifest: list[dict], sources: dict[str, dict], n: int) -> list[dict]:
    """A fixed set of questions about reports spread over the first `n` of the corpus."""
    picks = sorted({int(j * n / TARGETS) for j in range(TARGETS)})
    out = []
    for i in picks:
        g = manifest[i]
        for template, scoped, cell in _MIX:
            gold = None
            value = sources[g["source"]].get("|".join(cell)) if cell else None
            if value is not None:
                gold = {"kind": "number", "answer": f"{value * g['k']:g}", "accept": [], "report": g["file"]}
            out.append({"question": template.format(body=g["body"], year=g["year"]),
                        "scope": g["file"] if scoped else None, "gold": gold})
    return out


_NEW = "三|本年新收政府信息公开申请数量|总计"
PROVINCE_CITIES = 4  # cities the province questions ask about


def province_mix(manifest: list[dict], sources: dict[str, dict], n: int) -> list[dict]:
    """Questions over a whole city of the first `n` reports (assistant/province.py), each with the figures a right
    answer must show: the most among a city's 区县 in one year, a sum over all its bodies in one year, and
    one sum for each of its years."""
    by_city: dict[str, dict[int, list[float]]] = {}
    for g in manifest[:n]:
        value = sources[g["source"]].get(_NEW)
        city = g["body"][: g["body"].find("市") + 1]
        years = by_city.setdefault(city, {})
        years.setdefault(g["year"], []).append(None if value is None else value * g["k"])
    out = []
    cities = sorted(by_city, key=lambda c: (-sum(map(len, by_city[c].values())), c))[:PROVINCE_CITIES]
    for city in cities:
        years = by_city[city]
        year = max(years, key=lambda y: (len(years[y]), y))
        known = [v for v in years[year] if v is not None]
        out.append({"question": f"{city}各区县{year}年收到申请最多的是哪个？", "figures": [f"{max(known):g}"]})
        out.append({"question": f"{city}{year}年所有单位一共收到多少件申请？", "figures": [f"{sum(known):g}"]})
        span = sorted(years)
        if len(span) >= 2:
            sums = [f"{sum(v for v in years[y] if v is not None):g}" for y in span]
            out.append({"question": f"{city}所有单位{span[0]}到{span[-1]}年每年一共收到多少件申请？", "figures": sums})
    return out


def _ask_province(ask, questions: list[dict]) -> dict:
    """Latency of the province questions, and how many show every figure they must (each figure cited)."""
    latencies, right = [], 0
    for q in questions:
        t0 = time.perf_counter()
        answer = ask(q["question"], None)
        latencies.append((time.perf_counter() - t0) * 1000)
        shown = re.findall(r"\d+(?:\.\d+)?", answer.get("short_answer", ""))
        right += bool(answer.get("found")) and all(f in shown for f in q["figures"]) and bool(answer.get("citations"))
    if not latencies:
        return {}
    return {"province_ms": {"p50": _percentile(latencies, 50), "p95": _percentile(latencies, 95)},
            "province_right": right, "province_questions": len(questions)}


def _score(gold: dict | None, answer: dict) -> bool | None:
    if gold is None:
        return None
    from eval.scorer import score_item

    return bool(score_item(gold, answer)[0])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(-(-q * len(ordered) // 100)) - 1))
    return round(ordered[k], 2)


def _dir_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 1048576, 1)


def _cpu_s() -> float:
    """CPU seconds of this process (all threads): a figure other load on the machine disturbs less."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _load() -> float:
    return round(os.getloadavg()[0], 2)


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB


# -- workers (child processes) ---------------------------------------------------------------
def _ask_all(ask, questions: list[dict]) -> dict:
    ask("预热问题：主动公开了多少条信息？", None)  # warm: model, jieba and the snapshot are loaded
    latencies, right, scored = [], 0, 0
    for q in questions:
        t0 = time.perf_counter()
        answer = ask(q["question"], q["scope"])
        latencies.append((time.perf_counter() - t0) * 1000)
        ok = _score(q["gold"], answer)
        if ok is not None:
            scored += 1
            right += ok
    return {"query_ms": {"p50": _percentile(latencies, 50), "p95": _percentile(latencies, 95)},
            "checked_questions": scored, "checked_right": right}


def _embedded(config, data: Path):
    """The bench always measures embedded Chroma in its own folder, never a configured server."""
    from dataclasses import replace

    return replace(config, chroma_url=None).with_data_dir(data)


def _stage_totals(results) -> dict:
    totals: dict[str, float] = {}
    for r in results:
        for stage, s in r.timings.items():
            totals[stage] = totals.get(stage, 0.0) + s
    return {k: round(v, 2) for k, v in totals.items()}


def work_ours(files: list[Path], questions: list[dict], data: Path, extra: Path | None,
              province: list[dict] | None = None) -> dict:
    from assistant.service import Gongkai
    from ingest.config import Config

    app = Gongkai(_embedded(Config.from_env(), data))
    app.embedder.embed(["预热"])  # the model load is start-up, not ingest
    t0, cpu0 = time.perf_counter(), _cpu_s()
    results = app.ingest(files)
    ingest_s, ingest_cpu_s = time.perf_counter() - t0, _cpu_s() - cpu0
    t1 = time.perf_counter()
    app.warm_up()
    snapshot_s = time.perf_counter() - t1
    stages = _stage_totals(results)
    # Identical text (template boilerplate) is embedded once: how much of it the model really saw.
    encoded = getattr(app.embedder, "encoded", 0)
    chunks = sum(r.report.chunks for r in results if r.report)
    out = {"reports": len(files), "chunks": chunks, "texts_embedded": encoded,
           "failed": sum(r.status == "failed" for r in results),
           "ingest_s": round(ingest_s, 2), "ingest_reports_per_s": round(len(files) / ingest_s, 2),
           "ingest_cpu_s": round(ingest_cpu_s, 2), "embed_s": stages.get("embed", 0.0), "stages_s": stages,
           "snapshot_s": round(snapshot_s, 2),
           "embedded_share": round(encoded / chunks, 3) if chunks else None,
           "other_ms_per_report": round((ingest_s - stages.get("embed", 0.0)) * 1000 / max(len(files), 1), 1)}
    out["other_share"] = round(1 - out["embed_s"] / ingest_s, 3) if ingest_s else None
    out.update(_ask_all(lambda q, s: app.ask(q, s).to_dict(), questions))
    out.update(_ask_province(lambda q, s: app.ask(q, s).to_dict(), province or []))
    if extra is not None:
        out["refresh_s"] = _refresh_after_one_more(app, extra)
    app.corpus.wait_saved()
    out["rss_mb"], out["index_mb"], out["load_avg"] = _rss_mb(), _dir_mb(data), _load()
    out["snapshot_cache_mb"] = _dir_mb(data / "snapshot") if (data / "snapshot").is_dir() else 0.0
    out["snapshot_cached_s"] = _snapshot_from_cache(data)  # after the peak RSS is taken: a second snapshot
    return out


def _snapshot_from_cache(data: Path) -> float:
    """Seconds a restarted process takes to get its snapshot from the saved cache (no Chroma reads)."""
    from assistant.service import Gongkai
    from ingest.config import Config

    app = Gongkai(_embedded(Config.from_env(), data))
    app.store  # noqa: B018 - opening Chroma is not part of the snapshot
    t0 = time.perf_counter()
    app.corpus.snapshot()
    return round(time.perf_counter() - t0, 2)


def _refresh_after_one_more(app, extra: Path) -> float:
    """Seconds until a question sees a report ingested after start (the snapshot's refresh)."""
    app.ingest([extra])
    t0 = time.perf_counter()
    app.corpus.snapshot()
    return round(time.perf_counter() - t0, 2)


def work_baseline(files: list[Path], questions: list[dict], data: Path) -> dict:
    from eval.baseline import Baseline
    from ingest.config import Config

    with Baseline(_embedded(Config.from_env(), data), files) as base:
        base.embedder.embed(["预热"])
        t0 = _cpu_s()
        ingest_s = base.ingest()
        ingest_cpu_s = _cpu_s() - t0
        out = {"reports": len(files), "chunks": base.chunks, "failed": len(base.failed),
               "ingest_s": round(ingest_s, 2), "ingest_reports_per_s": round(len(files) / ingest_s, 2),
               "ingest_cpu_s": round(ingest_cpu_s, 2)}
        out.update(_ask_all(base.ask, questions))
        out["rss_mb"], out["index_mb"], out["load_avg"] = _rss_mb(), round(base.index_mb(), 1), _load()
    return out


def work_formats(files: list[Path]) -> list[dict]:
    """Each real file alone into a fresh index: model loaded, embedding cache cold."""
    from assistant.service import Gongkai
    from ingest.config import Config
    from ingest.index.embeddings import make_embedder

    make_embedder("use-multilingual").embed(["预热"])  # jieba and BLAS warm; each run below has a cold cache
    rows = []
    for path in files:
        with tempfile.TemporaryDirectory(prefix="gongkai-fmt-") as tmp:
            app = Gongkai(_embedded(Config.from_env(), Path(tmp)))
            app.embedder.embed(["预热"])
            app.store.check_embedder(writing=True)
            t0 = time.perf_counter()
            [r] = app.ingest([path])
            rows.append({"file": path.name, "format": path.suffix.lstrip(".").lower(), "status": r.status,
                         "chunks": r.report.chunks if r.report else 0, "ingest_s": round(time.perf_counter() - t0, 3),
                         "stages_s": {k: round(v, 3) for k, v in r.timings.items()}})
    return rows


def work_ocr(pdf: Path, pages: int = 2) -> dict:
    """OCR seconds per page of a scanned copy of a real PDF: its first pages rendered at 150 dpi into an
    image-only PDF (what a scanner produces), then read as ingest reads a scan (engine start not counted)."""
    import pypdfium2 as pdfium

    from ingest.ocr.engine import DPI, ocr_seconds_per_page

    with tempfile.TemporaryDirectory(prefix="gongkai-scan-") as tmp:
        src = pdfium.PdfDocument(str(pdf))
        try:
            images = [src[i].render(scale=DPI / 72).to_pil().convert("L") for i in range(min(pages, len(src)))]
        finally:
            src.close()
        scan = Path(tmp) / f"scan-{pdf.stem}.pdf"
        images[0].save(scan, "PDF", resolution=DPI, save_all=True, append_images=images[1:])
        return {"file": pdf.name, "pages": len(images), "dpi": DPI,
                "ocr_s_per_page": round(ocr_seconds_per_page(scan, pages=len(images)), 2), "load_avg": _load()}


def worker_main(argv: list[str]) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="eval.bench worker")
    p.add_argument("system", choices=["ours", "baseline", "formats", "ocr"])
    p.add_argument("--files", required=True, help="a file listing the report paths, one a line")
    p.add_argument("--questions", default=None)
    p.add_argument("--data", default=None)
    p.add_argument("--extra", default=None)
    p.add_argument("--province", default=None)
    a = p.parse_args(argv)
    from ingest.config import quiet_third_parties

    quiet_third_parties()
    files = [Path(x) for x in Path(a.files).read_text(encoding="utf-8").splitlines() if x]
    questions = json.loads(Path(a.questions).read_text(encoding="utf-8")) if a.questions else []
    if a.system == "ours":
        province = json.loads(Path(a.province).read_text(encoding="utf-8")) if a.province else []
        out = work_ours(files, questions, Path(a.data), Path(a.extra) if a.extra else None, province)
    elif a.system == "baseline":
        out = work_baseline(files, questions, Path(a.data))
    elif a.system == "ocr":
        out = work_ocr(files[0])
    else:
        out = work_formats(files)
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


# -- the parent -------------------------------------------------------------------------------
def _child(args: list[str], label: str) -> dict | list:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("GONGKAI_CHROMA_URL", None)
    _log(f"{label} …")
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "eval.bench", "worker", *args], cwd=REPO, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{label} 失败：{proc.stderr[-2000:]}")
    _log(f"{label} 完成（{time.perf_counter() - t0:.0f} 秒）")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _log(msg: str) -> None:
    sys.stderr.write(f"[bench] {msg}\n")
    sys.stderr.flush()


def _write_lines(path: Path, paths: list[Path]) -> Path:
    path.write_text("\n".join(str(p) for p in paths) + "\n", encoding="utf-8")
    return path


def run_size(n: int, corpus: Path, manifest: list[dict], sources: dict, tmp: Path,
             baseline: bool = True) -> tuple[dict, dict | None]:
    files = [corpus / g["file"] for g in manifest[:n]]
    questions = tmp / f"questions-{n}.json"
    questions.write_text(json.dumps(question_mix(manifest, sources, n), ensure_ascii=False), encoding="utf-8")
    listing = _write_lines(tmp / f"files-{n}.txt", files)
    province = tmp / f"province-{n}.json"
    province.write_text(json.dumps(province_mix(manifest, sources, n), ensure_ascii=False), encoding="utf-8")
    extra = corpus / manifest[n]["file"]  # one more report, for the refresh figure
    ours = _child(["ours", "--files", str(listing), "--questions", str(questions), "--data",
                   str(tmp / f"data-{n}"), "--extra", str(extra), "--province", str(province)], f"本系统 {n} 份报告")
    if not baseline:
        return ours, None
    base = _child(["baseline", "--files", str(listing), "--questions", str(questions), "--data",
                   str(tmp / f"base-{n}")], f"基线 {n} 份报告")
    return ours, base


def _source_cells(reports_dir: Path) -> dict[str, dict]:
    from eval.corpus_gen import load_sources

    return {s.path.name: {"|".join(k): v for k, v in s.facts.items()} for s in load_sources(reports_dir)}


def run(sizes: list[int], reports_dir: Path, serve: bool = True, formats: bool = True,
        baseline_max: int | None = None, keep: Path | None = None) -> dict:
    """`baseline_max`: the baseline arm runs only up to this size (its ingest is slow); `keep`: the largest
    size's data folder (index and snapshot cache) is moved there, for the two-server check."""
    from eval.corpus_gen import generate

    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp_name:
        tmp = Path(tmp_name)
        sources = _source_cells(reports_dir)
        manifest = [g.to_dict() for g in generate(reports_dir, max(sizes) + 1, tmp / "corpus")]
        real = sorted(p for p in reports_dir.iterdir() if p.suffix.lower() in (".txt", ".md", ".pdf"))
        fmt = _child(["formats", "--files", str(_write_lines(tmp / "real.txt", real))], "真实报告逐个导入") \
            if formats else []
        runs, base_runs = [], []
        for n in sizes:
            ours, base = run_size(n, tmp / "corpus", manifest, sources, tmp,
                                  baseline=baseline_max is None or n <= baseline_max)
            runs.append(ours)
            base_runs.append(base)
        serve_row = None
        largest = max(sizes)
        if serve and largest >= 1000:  # a real `gongkai serve` over the largest index
            serve_row = measure_serve_both(tmp / f"data-{largest}", question_mix(manifest, sources, largest)[:5],
                                           reports=largest)
        if keep is not None:
            import shutil

            shutil.move(str(tmp / f"data-{largest}"), str(keep))
            shutil.copytree(tmp / "corpus", Path(keep) / "corpus", dirs_exist_ok=True)
        pdfs = [p for p in real if p.suffix.lower() == ".pdf"]
        ocr = _child(["ocr", "--files", str(_write_lines(tmp / "scan.txt", pdfs[:1]))], "扫描件 OCR") \
            if formats and pdfs else None
    return {"runs": runs, "baseline": {"runs": base_runs}, "formats": fmt, "serve": serve_row, "ocr": ocr}


# -- a real `gongkai serve` --------------------------------------------------------------------
def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post_json(url: str, body: dict, timeout: float = 30.0) -> dict:
    import urllib.request

    req = urllib.request.Request(url, data=json.dumps(body).encode("utf-8"),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - loopback only
        return json.loads(resp.read().decode("utf-8"))


def _first_answer(url: str, question: str, deadline: float) -> float | None:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < deadline:
        try:
            post_json(url, {"question": question}, timeout=5)
            return time.perf_counter() - t0
        except OSError:
            time.sleep(0.1)
    return None


def _vm_hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def measure_serve_both(data: Path, questions: list[dict], reports: int = 1000) -> dict:
    """A restart (the snapshot cache saved by the last process is there), and a first start without
    it (the snapshot built from Chroma, as after deleting data/snapshot)."""
    import shutil

    warm = measure_serve(data, questions, reports=reports)
    cache = data / "snapshot"
    cache_mb = _dir_mb(cache) if cache.is_dir() else 0.0
    shutil.rmtree(cache, ignore_errors=True)
    cold = measure_serve(data, questions, reports=reports)
    return {**warm, "cache_mb": cache_mb, "first_answer_cold_s": cold["first_answer_s"], "rss_cold_mb": cold["rss_mb"]}


def measure_serve(data: Path, questions: list[dict], deadline: float = 600.0, reports: int = 1000) -> dict:
    """Start `gongkai serve` on `data`; seconds until it answers, then its peak RSS after a few questions."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "GONGKAI_DATA": str(data)}
    env.pop("GONGKAI_CHROMA_URL", None)
    cmd = [sys.executable, "-c", "import sys; from ui.cli import main; sys.exit(main())",
           "serve", "--host", "127.0.0.1", "--port", str(port)]
    t_start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/api/ask"
        first = _first_answer(url, questions[0]["question"], deadline)
        first_s = None if first is None else time.perf_counter() - t_start
        for q in questions:
            post_json(url, {"question": q["question"], "report": q["scope"]})
        return {"reports": reports, "first_answer_s": None if first_s is None else round(first_s, 2),
                "rss_mb": _vm_hwm_mb(proc.pid), "load_avg": _load()}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- output ------------------------------------------------------------------------------------
def _ratio(a, b) -> str:
    return f"{a / b:.2f}×" if a and b else "-"


def table(result: dict) -> str:
    lines = ["报告数  系统  段落数  导入秒  份/秒  嵌入占比  其他占比  p50毫秒  p95毫秒  内存MB  索引MB  核对题对/总"]
    for ours, base in zip(result["runs"], result["baseline"]["runs"], strict=True):
        for name, r in (("本系统", ours), ("基线", base)):
            if r is None:
                lines.append(f"{ours['reports']:>6}  {name}  （未运行：--baseline-max）")
                continue
            embed = f"{1 - r['other_share']:.0%}" if r.get("other_share") is not None else "-"
            other = f"{r['other_share']:.0%}" if r.get("other_share") is not None else "-"
            lines.append(f"{r['reports']:>6}  {name}  {r['chunks']:>6}  {r['ingest_s']:>6}  "
                         f"{r['ingest_reports_per_s']:>5}  {embed:>6}  {other:>6}  {r['query_ms']['p50']:>7}  "
                         f"{r['query_ms']['p95']:>7}  {r['rss_mb']:>6}  {r['index_mb']:>6}  "
                         f"{r['checked_right']}/{r['checked_questions']}")
        if ours.get("province_ms"):
            pm = ours["province_ms"]
            lines.append(f"        全省类问题（facts）：p50 {pm['p50']} 毫秒，p95 {pm['p95']} 毫秒，"
                         f"{ours['province_right']}/{ours['province_questions']} 对")
        if base is None:
            continue
        lines.append(f"        本系统/基线：导入速度 "
                     f"{_ratio(ours['ingest_reports_per_s'], base['ingest_reports_per_s'])}，"
                     f"p95 {_ratio(ours['query_ms']['p95'], base['query_ms']['p95'])}，"
                     f"内存 {_ratio(ours['rss_mb'], base['rss_mb'])}")
        lines.append(f"        本系统导入分解（秒）：嵌入 {ours['embed_s']}，其他 "
                     f"{round(ours['ingest_s'] - ours['embed_s'], 2)}（各阶段 {ours['stages_s']}）；"
                     f"快照构建 {ours['snapshot_s']} 秒（重启时从缓存 {ours.get('snapshot_cached_s')} 秒，"
                     f"缓存 {ours.get('snapshot_cache_mb')} MB，已计入索引MB），"
                     f"新增一份后刷新 {ours.get('refresh_s')} 秒")
    for f in result.get("formats") or []:
        lines.append(f"真实报告 {f['file']:<24} {f['format']:<4} {f['status']:<8} {f['chunks']:>3} 段  "
                     f"{f['ingest_s']} 秒")
    if result.get("serve"):
        s = result["serve"]
        lines.append(f"gongkai serve（{s['reports']} 份报告）：重启（有快照缓存 {s.get('cache_mb')} MB）后 "
                     f"{s['first_answer_s']} 秒答出第一个问题，峰值内存 {s['rss_mb']} MB；无缓存首次启动 "
                     f"{s.get('first_answer_cold_s')} 秒，峰值内存 {s.get('rss_cold_mb')} MB")
    if result.get("ocr"):
        o = result["ocr"]
        lines.append(f"扫描件 OCR（{o['file']} 前 {o['pages']} 页，{o['dpi']} dpi 图像 PDF）："
                     f"每页 {o['ocr_s_per_page']} 秒")
    return "\n".join(lines)


def run_cli(config, args) -> int:
    reports_dir = default_reports_dir(config)
    if not reports_dir.is_dir():
        raise ValueError(f"找不到真实报告文件夹 {reports_dir}（可用环境变量 GONGKAI_BENCH_REPORTS 指定）")
    n = getattr(args, "reports", None)
    if n is not None and n < 1:
        raise ValueError("--reports 必须是正整数")
    keep = getattr(args, "keep", None)
    result = run(sizes_for(n), reports_dir, baseline_max=getattr(args, "baseline_max", None),
                 keep=Path(keep) if keep else None)
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        sys.stderr.write(table(result) + "\n")
    else:
        sys.stdout.write(table(result) + "\n")
    return 0


if __name__ == "__main__" and len(sys.argv) > 1 and sys.argv[1] == "worker":
    sys.exit(worker_main(sys.argv[2:]))
