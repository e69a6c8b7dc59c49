"""A corrupt or foreign data folder: one clear `Error: …` that says how to rebuild (README: delete the folder,
run `gongkai ingest` again), never a traceback; and that rebuild works."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.conftest import REPO, SAMPLE, free_port

pytestmark = pytest.mark.slow

QUESTION = "通过市人民政府网站发布了多少条信息？"
REBUILD_WORDS = "重新运行 gongkai ingest"


def garbage(data: Path) -> None:
    (data / "chroma" / "chroma.sqlite3").write_bytes(os.urandom(100_000))


def truncated(data: Path) -> None:
    db = data / "chroma" / "chroma.sqlite3"
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])


def foreign_sqlite(data: Path) -> None:
    db = data / "chroma" / "chroma.sqlite3"
    db.unlink()
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE notes (id INTEGER, body TEXT)")


def foreign_chroma(data: Path) -> None:
    """Another program's Chroma index in the folder (it would have been changed silently before)."""
    shutil.rmtree(data / "chroma")
    # In a child process: this process's Chroma caches clients by path, which the rebuild must not inherit.
    code = ("import chromadb, sys; c = chromadb.PersistentClient(path=sys.argv[1]); "
            "c.create_collection('notes', embedding_function=None).add(ids=['a'], embeddings=[[1.0, 0.0]])")
    subprocess.run([sys.executable, "-c", code, str(data / "chroma")], check=True, timeout=120,
                   env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})


def chroma_is_a_file(data: Path) -> None:
    shutil.rmtree(data / "chroma")
    (data / "chroma").write_text("not a folder")


CASES = {"garbage bytes in chroma.sqlite3": garbage, "chroma.sqlite3 cut in half": truncated,
         "an SQLite file of another program": foreign_sqlite, "another program's Chroma index": foreign_chroma,
         "data/chroma is a file": chroma_is_a_file}


def run_cli(capsys, *args: str) -> tuple[int, str]:
    from ui.cli import main

    code = main(list(args))
    return code, capsys.readouterr().err


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, embedder) -> Path:
    from assistant.service import Gongkai
    from ingest.config import Config

    data = tmp_path_factory.mktemp("corrupt-seed") / "data"
    assert Gongkai(Config(data_dir=data), embedder=embedder).ingest([SAMPLE])[0].status == "added"
    return data


def test_corrupt_or_foreign_data_folder_gives_a_clear_error_and_can_be_rebuilt(seeded, tmp_path, capsys, record,
                                                                               sizes):
    outcomes = []
    for n, (label, damage) in enumerate(CASES.items()):
        data = tmp_path / f"case{n}"
        shutil.copytree(seeded, data)
        damage(data)
        for args in (("reports",), ("ask", QUESTION)):
            code, err = run_cli(capsys, "--data", str(data), *args)
            lines = err.strip().splitlines()
            assert code == 1 and len(lines) == 1 and lines[0].startswith("Error: "), (label, err)
            assert REBUILD_WORDS in err and "Traceback" not in err, (label, err)
        if n and not sizes.full:
            outcomes.append(label)
            continue  # the short run rebuilds once
        shutil.rmtree(data) if data.is_dir() else data.unlink()  # the README's way to rebuild
        code, err = run_cli(capsys, "--data", str(data), "ingest", str(SAMPLE))
        assert code == 0, (label, err)
        from ui.cli import main

        assert main(["--data", str(data), "ask", QUESTION]) == 0 and "31条" in capsys.readouterr().out
        outcomes.append(label)
    record("faults", "a corrupt or foreign data folder: " + "; ".join(CASES),
           f"{len(outcomes)}/{len(CASES)}: `gongkai reports` and `gongkai ask` print one line `Error: …` naming "
           "the folder and the rebuild (delete it, run `gongkai ingest` again), exit 1, no traceback; the rebuild "
           f"then worked ({'each time' if sizes.full else 'tried once'}); before: an SQLite file of another program "
           "was silently migrated into a Chroma index, another program's Chroma index silently gained our collections")


def test_serve_on_a_corrupt_folder_exits_with_the_message(seeded, tmp_path, record):
    data = tmp_path / "data"
    shutil.copytree(seeded, data)
    garbage(data)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(PYTHONPATH=str(REPO), HF_HUB_OFFLINE="1")
    done = subprocess.run([sys.executable, "-m", "ui.cli", "--data", str(data), "serve", "--port", str(free_port())],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stderr.strip().startswith("Error: ") and REBUILD_WORDS in done.stderr, done
    record("faults", "`gongkai serve` on a data folder with a corrupt chroma.sqlite3",
           "exits 1 at once with the same one-line `Error: …` (before: uvicorn's startup traceback)")
