"""Measure an existing bench index (one `gongkai bench --keep DIR` left, or a run stopped part way):

    python -m eval.measure_index DATA CORPUS [--reports-dir DIR]

Over the reports DATA holds (CORPUS: the bench corpus with manifest.jsonl): the first start (snapshot built from
Chroma), the bench question mix and the province mix, peak RSS, sizes on disk; then a real `gongkai serve`
restarted with the snapshot cache that start saved (first answer, peak RSS). One JSON line on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

from eval.bench import (
    _ask_all,
    _ask_province,
    _dir_mb,
    _rss_mb,
    _source_cells,
    default_reports_dir,
    measure_serve,
    province_mix,
    question_mix,
)


def run(data: Path, corpus: Path, reports_dir: Path) -> dict:
    from assistant.service import Gongkai
    from ingest.config import Config

    app = Gongkai(replace(Config.from_env(), chroma_url=None).with_data_dir(data))
    files = {r.file for r in app.store.list_reports()}
    manifest = [json.loads(x) for x in (corpus / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    held = [g for g in manifest if g["file"] in files]
    n = len(held)
    sources = _source_cells(reports_dir)
    app.embedder.embed(["预热"])
    t0 = time.perf_counter()
    app.warm_up()
    snap = app.corpus.snapshot()
    out = {"reports": n, "warm_up_cold_s": round(time.perf_counter() - t0, 1), "chunks": len(snap.chunks),
           "texts": len(snap.by_key)}
    out.update(_ask_all(lambda q, s: app.ask(q, s).to_dict(), question_mix(held, sources, n)))
    out.update(_ask_province(lambda q, s: app.ask(q, s).to_dict(), province_mix(held, sources, n)))
    app.corpus.wait_saved()
    out.update(rss_mb=_rss_mb(), index_mb=_dir_mb(data), snapshot_cache_mb=_dir_mb(data / "snapshot"))
    app.close()
    out["serve_restart"] = measure_serve(data, question_mix(held, sources, n)[:5], reports=n)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m eval.measure_index", description=__doc__.split("\n\n")[0])
    p.add_argument("data")
    p.add_argument("corpus")
    p.add_argument("--reports-dir", default=None)
    a = p.parse_args(argv)
    from ingest.config import quiet_third_parties

    quiet_third_parties()
    out = run(Path(a.data), Path(a.corpus), Path(a.reports_dir) if a.reports_dir else default_reports_dir())
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
