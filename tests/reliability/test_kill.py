"""`kill -9` of a `gongkai ingest` process at random points: each report whole or absent, and a re-run completes.

Odd runs kill a first ingest; even runs kill an ingest that replaces changed copies of reports already
indexed (the replace path: new version written, record switched, old version deleted).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.reliability.conftest import REPO, needs_shared, report_files
from tests.reliability.invariants import check_index

pytestmark = pytest.mark.slow


def cli_env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(GONGKAI_DATA=str(data), ANONYMIZED_TELEMETRY="False", HF_HUB_OFFLINE="1", PYTHONPATH=str(REPO))
    return env


def ingest_cmd(data: Path, folder: Path) -> list[str]:
    return [sys.executable, "-m", "ui.cli", "--data", str(data), "ingest", str(folder)]


def run_ingest(data: Path, folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(ingest_cmd(data, folder), cwd=REPO, env=cli_env(data), capture_output=True, text=True,
                          timeout=300)


def kill_during_ingest(data: Path, folder: Path, delay: float) -> bool:
    """Start an ingest, wait for its first progress line, kill -9 it `delay` s later; True if it was still running."""
    proc = subprocess.Popen(ingest_cmd(data, folder), cwd=REPO, env=cli_env(data), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    started = threading.Event()

    def watch():
        while proc.stderr.read(1):
            started.set()
        started.set()

    threading.Thread(target=watch, daemon=True).start()
    try:
        started.wait(timeout=120)
        time.sleep(delay)
        running = proc.poll() is None
        if running:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        return running
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# Write calls of one ingest batch. Fresh: 1 the index record, 2 texts, 3 contents, 4 report records (commit).
# Replacing: 1 texts, 2 contents, 3 report records (commit), 4… deletes of the old versions.
WRITE_POINTS = {"fresh": (2, 3), "replace": (1, 2, 3, 4, 5)}


def crash_at_write(data: Path, folder: Path, n: int) -> bool:
    """Run an ingest that SIGKILLs itself after its n-th Chroma write; True if it was killed."""
    script = Path(__file__).with_name("crash_ingest.py")
    done = subprocess.run([sys.executable, str(script), str(n), "--data", str(data), "ingest", str(folder)],
                          cwd=REPO, env=cli_env(data), capture_output=True, timeout=300)
    return done.returncode == -signal.SIGKILL


def check_copy(data: Path, tmp: Path, embedder):
    """Check a copy of the folder, so this process's Chroma never holds the original open."""
    from ingest.config import Config
    from ingest.index.store import Store, open_client

    copy = tmp / f"check-{time.monotonic_ns()}"
    shutil.copytree(data, copy)
    store = Store(open_client(Config(data_dir=copy)), embedder.name)
    return check_index(store)


def changed_copies(files: list[Path], folder: Path) -> None:
    """The same reports with one more line: a new version of each, so ingest replaces them."""
    folder.mkdir()
    for f in files:
        if f.suffix in (".txt", ".md"):
            (folder / f.name).write_text(f.read_text(encoding="utf-8") + "\n（本报告已更新）\n", encoding="utf-8")


def pick_files(full: bool) -> list[Path]:
    files = report_files()
    return files if full else [f for f in files if f.suffix in (".txt", ".md")][:5]


@needs_shared()
def test_kill_9_during_ingest_leaves_reports_whole_or_absent(sizes, record, tmp_path, embedder):
    rng = random.Random(20240605)
    files = pick_files(sizes.full)
    originals = tmp_path / "originals"
    originals.mkdir()
    for f in files:
        shutil.copy(f, originals / f.name)
    changed = tmp_path / "changed"
    changed_copies(files, changed)
    killed, whole, leftovers, reruns, at_write = 0, 0, 0, 0, 0
    upper = 3.0 if sizes.full else 1.5  # ingest got faster: later kills found it finished
    for run in range(sizes.kill_runs):
        data = tmp_path / f"data{run}"
        folder = originals
        if run % 2 == 1:
            assert run_ingest(data, originals).returncode == 0
            folder = changed
        if run % 4 in (1, 2):  # killed right after the k-th write call to Chroma
            points = WRITE_POINTS["replace" if folder == changed else "fresh"]
            killed += crash_at_write(data, folder, points[at_write % len(points)])
            at_write += 1
        else:
            killed += kill_during_ingest(data, folder, rng.uniform(0.0, upper))
        state = check_copy(data, tmp_path, embedder)
        assert not state.problems, f"run {run}: {state.problems}"
        whole += len(state.reports)
        leftovers += state.leftovers
        done = run_ingest(data, folder)
        assert done.returncode == 0, done.stderr[-2000:]
        after = check_copy(data, tmp_path, embedder)
        assert not after.problems and after.leftovers == 0, after.problems
        assert len(after.reports) == len(files)
        reruns += 1
    record("faults", f"{sizes.kill_runs} × `kill -9` of `gongkai ingest` ({len(files)} reports; half of the runs "
                     f"replacing indexed reports): {sizes.kill_runs - at_write} at a random moment 0–{upper:g} s "
                     f"after its first progress line, {at_write} right after a given write call to Chroma "
                     "(after the texts, after the contents, after the report records, after some old-version deletes)",
           f"killed mid-ingest {killed}/{sizes.kill_runs}; afterwards every report whole or absent "
           f"({whole} whole reports, 0 partial, 0 duplicated chunks; {leftovers} uncommitted rows, invisible to "
           f"readers); re-run completed {reruns}/{sizes.kill_runs} with exit 0 and no leftovers")
