"""Past one machine, measured: one `chroma run` server, two `gongkai serve` processes, a third process ingesting.

    python -m eval.two_servers --index DIR [--reports-dir ../shared/reports] [--json]

DIR is a data folder `gongkai bench --keep DIR` left (its embedded index, snapshot cache and `corpus/` with
`manifest.jsonl`). The bench question mix is first answered in embedded mode over DIR; then a copy of DIR's
Chroma folder is served by `chroma run`, two `gongkai serve` processes (each with its own empty data folder:
a first start, no snapshot cache) answer the same mix over GONGKAI_CHROMA_URL, and must give the same answers;
then a new report is ingested from a third process (`gongkai ingest`), and both servers are polled until they
answer a question about it. Prints per-process first-answer time, p50/p95, peak RSS and the refresh seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eval.bench import (
    REPO,
    _percentile,
    _source_cells,
    _vm_hwm_mb,
    default_reports_dir,
    free_port,
    post_json,
    question_mix,
)

CHROMA = Path(sys.executable).with_name("chroma")


def _essentials(a: dict) -> tuple:
    return (a["short_answer"], a["found"], tuple((c["file"], c["section"], c["text"]) for c in a["citations"]))


def _wait(check, timeout: float) -> float | None:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        try:
            if check():
                return time.perf_counter() - t0
        except OSError:
            pass
        time.sleep(0.1)
    return None


def _env(url: str, data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    # GONGKAI_RATE_PER_MIN=0: the mix comes from one client, faster than a person asks
    env.update(GONGKAI_CHROMA_URL=url, GONGKAI_DATA=str(data), GONGKAI_RATE_PER_MIN="0", ANONYMIZED_TELEMETRY="False",
               PYTHONPATH=str(REPO), GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1")
    return env


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def embedded_answers(index: Path, questions: list[dict]) -> tuple[list[tuple], list[float]]:
    """The mix answered in embedded mode over the bench's folder (what the servers must match)."""
    from dataclasses import replace

    from assistant.service import Gongkai
    from ingest.config import Config

    app = Gongkai(replace(Config.from_env(), chroma_url=None).with_data_dir(index))
    try:
        app.warm_up()
        out, ms = [], []
        for q in questions:
            t0 = time.perf_counter()
            out.append(_essentials(app.ask(q["question"], q["scope"]).to_dict()))
            ms.append((time.perf_counter() - t0) * 1000)
        return out, ms
    finally:
        app.close()


def late_report(index: Path, reports_dir: Path, out_dir: Path) -> tuple[Path, str]:
    """One report the index does not hold (the corpus's next one), and a question only it answers."""
    from eval.corpus_gen import generate_one, load_sources

    manifest = [json.loads(x) for x in (index / "corpus" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    g = generate_one(load_sources(reports_dir), len(manifest) + 7, out_dir)  # past any the bench wrote
    return out_dir / g.file, f"{g.body}{g.year}年本年新收政府信息公开申请数量是多少？"


def run(index: Path, reports_dir: Path, n: int | None = None) -> dict:
    """`n`: how many of the corpus's reports the index holds (default: all but the last, as `--keep` leaves it)."""
    manifest = [json.loads(x) for x in (index / "corpus" / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    n = n or len(manifest) - 1  # the bench ingested n reports, then one more for its refresh figure
    questions = question_mix(manifest, _source_cells(reports_dir), n)
    embedded, embedded_ms = embedded_answers(index, questions)
    procs: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="gongkai-2srv-") as tmp_name:
        tmp = Path(tmp_name)
        shutil.copytree(index / "chroma", tmp / "chroma")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        chroma = subprocess.Popen([str(CHROMA), "run", "--path", str(tmp / "chroma"), "--host", "127.0.0.1",
                                   "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
        procs.append(chroma)
        try:
            import urllib.request

            ready = _wait(lambda: urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2).status == 200, 120)
            if ready is None:
                raise RuntimeError("chroma run 未能启动")
            servers = []
            for i in range(2):
                p = free_port()
                t0 = time.perf_counter()
                proc = subprocess.Popen([sys.executable, "-m", "ui.cli", "serve", "--host", "127.0.0.1", "--port",
                                         str(p)], cwd=REPO, env=_env(url, tmp / f"web{i}"),
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                procs.append(proc)
                servers.append({"proc": proc, "url": f"http://127.0.0.1:{p}", "t0": t0})
            rows = []
            for s in servers:  # both started together; each one's first answer counted from its own start
                first = _wait(lambda s=s: post_json(f"{s['url']}/api/ask", {"question": questions[0]["question"]},
                                                    timeout=10) is not None, 900)
                s["first_s"] = None if first is None else round(time.perf_counter() - s["t0"], 2)
            for s in servers:
                ms, same = [], 0
                for q, want in zip(questions, embedded, strict=True):
                    t0 = time.perf_counter()
                    got = post_json(f"{s['url']}/api/ask", {"question": q["question"], "report": q["scope"]}, 60)
                    ms.append((time.perf_counter() - t0) * 1000)
                    same += _essentials(got) == want
                rows.append({"first_answer_s": s["first_s"], "same_as_embedded": same, "questions": len(questions),
                             "query_ms": {"p50": _percentile(ms, 50), "p95": _percentile(ms, 95)},
                             "rss_mb": _vm_hwm_mb(s["proc"].pid)})
            path, question = late_report(index, reports_dir, tmp / "late")
            t_ingest = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "ui.cli", "ingest", str(path)], cwd=REPO,
                                  env=_env(url, tmp / "writer"), capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                raise RuntimeError(f"第三个进程导入失败：{done.stderr[-500:]}")
            ingest_s = time.perf_counter() - t_ingest
            t_committed = time.perf_counter()
            for s, row in zip(servers, rows, strict=True):
                seen = _wait(lambda s=s: post_json(f"{s['url']}/api/ask", {"question": question}, 30)["found"], 120)
                row["late_report_answered_s"] = None if seen is None else round(time.perf_counter() - t_committed, 2)
                row["rss_after_mb"] = _vm_hwm_mb(s["proc"].pid)
            return {"reports": n + 1, "embedded_query_ms": {"p50": _percentile(embedded_ms, 50),
                                                             "p95": _percentile(embedded_ms, 95)},
                    "chroma_ready_s": round(ready, 2), "chroma_rss_mb": _vm_hwm_mb(chroma.pid),
                    "chroma_path_mb": round(sum(f.stat().st_size for f in (tmp / "chroma").rglob("*") if f.is_file())
                                            / 1048576, 1),
                    "third_process_ingest_s": round(ingest_s, 2), "servers": rows}
        finally:
            for proc in reversed(procs):
                _stop(proc)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.two_servers", description=__doc__.split("\n\n")[0])
    p.add_argument("--index", required=True, help="the folder `gongkai bench --keep DIR` left")
    p.add_argument("--reports-dir", default=None)
    p.add_argument("--reports", type=int, default=None, help="reports the index holds (default: as --keep left it)")
    p.add_argument("--json", action="store_true")
    a = p.parse_args(argv)
    from ingest.config import quiet_third_parties

    quiet_third_parties()
    result = run(Path(a.index), Path(a.reports_dir) if a.reports_dir else default_reports_dir(), a.reports)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=None if a.json else 2) + "\n")
    ok = all(r["same_as_embedded"] == r["questions"] and (r["late_report_answered_s"] or 99) <= 5
             for r in result["servers"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
