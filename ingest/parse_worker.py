"""A separate process that parses files for a large ingest, so parsing (pure Python, holding the GIL)
runs beside the model and Chroma instead of between them.

A plain child (`python -m ingest.parse_worker`), not multiprocessing: that would re-import the caller's
main script in the child, which a script without a `__main__` guard turns into a second ingest.
Jobs and results travel as pickles over the child's stdin and a private copy of its stdout; whatever a
library prints goes to stderr. The child ends when its stdin closes, so it never outlives its parent.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

from ingest.config import Config


class ParseWorker:
    """Submit (path, name) jobs; results come back in the order submitted."""

    def __init__(self, config: Config):
        root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
        self._proc = subprocess.Popen([sys.executable, "-m", "ingest.parse_worker"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, env=env)
        self._send(config)

    def submit(self, path: Path, name: str) -> None:
        self._send((str(path), name))

    def result(self):
        """The next result: as `parse_job` returns it. Raises EOFError when the child has died."""
        return pickle.load(self._proc.stdout)  # type: ignore[arg-type]

    def close(self) -> None:
        try:
            self._proc.stdin.close()  # type: ignore[union-attr]
        except OSError:
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._proc.stdout:
            self._proc.stdout.close()

    def _send(self, obj) -> None:
        pickle.dump(obj, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)  # type: ignore[arg-type]
        self._proc.stdin.flush()  # type: ignore[union-attr]


def main() -> None:
    from ingest.parse import parse_job

    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints from libraries must not corrupt the result stream
    jobs = sys.stdin.buffer
    config = pickle.load(jobs)
    while True:
        try:
            path, name = pickle.load(jobs)
        except EOFError:
            return
        pickle.dump(parse_job(Path(path), config, name, True), results, protocol=pickle.HIGHEST_PROTOCOL)
        results.flush()


if __name__ == "__main__":
    main()
