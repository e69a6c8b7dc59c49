"""A separate process that parses files, so parsing (pure Python, holding the GIL) runs beside the model
and Chroma instead of between them, and a file that takes too long can be stopped: the process is killed
at the per-file time budget (Config.ingest_file_time_s) and only that file fails.

A plain child (`python -m ingest.parse_worker`), not multiprocessing: that would re-import the caller's
main script in the child, which a script without a `__main__` guard turns into a second ingest.
Jobs travel as pickles over the child's stdin; results come back as length-prefixed pickles over a private
copy of its stdout (read with a deadline); whatever a library prints goes to stderr. The child ends when
its stdin closes, and a watchdog thread ends it when its parent is gone, so it never outlives its parent.
"""

from __future__ import annotations

import os
import pickle
import select
import struct
import subprocess
import sys
import threading
import time
import weakref
from collections import deque
from pathlib import Path

from ingest.config import Config

_HEADER = struct.Struct("!Q")
_live: weakref.WeakSet[ParseWorker] = weakref.WeakSet()


class ParseTimeout(Exception):  # noqa: N818 - an outcome of one file, not a fault of the program
    """The job at the head of the queue ran past its time budget (the worker has been killed)."""


class ParseWorker:
    """Submit (path, name) jobs; results come back in the order submitted."""

    def __init__(self, config: Config, with_tokens: bool = True):
        root = str(Path(__file__).resolve().parent.parent)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)}
        self._proc = subprocess.Popen([sys.executable, "-m", "ingest.parse_worker"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, env=env, bufsize=0)
        self.budget_s = config.ingest_file_time_s
        self._submitted: deque[float] = deque()  # when each unanswered job was sent
        self._last_result = time.monotonic()
        _live.add(self)
        self._send((config, with_tokens))

    @property
    def pending(self) -> int:
        return len(self._submitted)

    def submit(self, path: Path, name: str) -> None:
        self._send((str(path), name))
        self._submitted.append(time.monotonic())

    def result(self):
        """The next result, as `parse_job` returns it. Raises ParseTimeout when the job runs past its budget
        (counted from when the child could start it), EOFError when the child has died."""
        started = max(self._submitted[0], self._last_result) if self._submitted else time.monotonic()
        deadline = started + self.budget_s
        size = _HEADER.unpack(self._read(_HEADER.size, deadline))[0]
        got = pickle.loads(self._read(size, deadline))
        self._last_result = time.monotonic()
        if self._submitted:
            self._submitted.popleft()
        return got

    def _read(self, n: int, deadline: float) -> bytes:
        out = bytearray()
        fd = self._proc.stdout.fileno()  # type: ignore[union-attr]
        while len(out) < n:
            wait = deadline - time.monotonic()
            if wait <= 0 or not _readable(fd, wait):
                self.kill()
                raise ParseTimeout
            chunk = os.read(fd, min(n - len(out), 1 << 20))
            if not chunk:
                raise EOFError("the parsing process has died")
            out += chunk
        return bytes(out)

    def kill(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._close_pipes()

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
        self._close_pipes()

    def _close_pipes(self) -> None:
        for pipe in (self._proc.stdin, self._proc.stdout):
            try:
                if pipe:
                    pipe.close()
            except OSError:
                pass
        _live.discard(self)

    def _send(self, obj) -> None:
        try:
            pickle.dump(obj, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)  # type: ignore[arg-type]
            self._proc.stdin.flush()  # type: ignore[union-attr]
        except (BrokenPipeError, ValueError) as exc:
            raise EOFError("the parsing process has died") from exc


class Workers(set):
    """The parsing processes of one owner's ingests; `closed` once it shuts down (no new ones then)."""

    closed = False


def preview_report(path: Path, config: Config, name: str, workers: Workers | None = None):
    """The Report a file would be indexed as, parsed in a parsing process within the per-file time budget
    and not indexed (the staff tab's check for a second report of a body and year). Raises IngestError."""
    from ingest.errors import IngestError
    from ingest.models import IngestResult
    from ingest.parse import parse_job

    try:
        worker = ParseWorker(config, with_tokens=False)
    except Exception:  # noqa: BLE001 - no second process: parse here, only without the budget
        got = parse_job(path, config, name, False)
    else:
        if workers is not None:
            workers.add(worker)
        try:
            worker.submit(path, name)
            got = worker.result()
        except ParseTimeout as exc:
            raise IngestError(name, f"解析超过时间上限（{config.ingest_file_time_s:g} 秒），已停止") from exc
        except EOFError as exc:
            raise IngestError(name, "解析该文件时解析进程意外退出") from exc
        finally:
            worker.close()
            if workers is not None:
                workers.discard(worker)
    if isinstance(got, IngestResult):
        raise IngestError(name, got.error or "无法读取该文件")
    return got[0].report


def close_workers() -> None:
    """Kill every parsing process of this process (shutting down: whatever they parse is abandoned)."""
    for worker in list(_live):
        worker.kill()


def _watch_parent() -> None:
    parent = os.getppid()
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            os._exit(0)


def main() -> None:
    from ingest.parse import parse_job

    results = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints from libraries must not corrupt the result stream
    threading.Thread(target=_watch_parent, daemon=True).start()
    jobs = sys.stdin.buffer
    config, with_tokens = pickle.load(jobs)
    while True:
        try:
            path, name = pickle.load(jobs)
        except EOFError:
            return
        data = pickle.dumps(parse_job(Path(path), config, name, with_tokens), protocol=pickle.HIGHEST_PROTOCOL)
        results.write(_HEADER.pack(len(data)) + data)
        results.flush()


if __name__ == "__main__":
    main()


def _readable(fd: int, wait_s: float) -> bool:
    """Whether fd has data within wait_s. poll, not select: a long-lived process (a server, a test run)
    can hold more than 1024 descriptors, and select() refuses any fd past that."""
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP | select.POLLERR)
    return bool(poller.poll(max(0, int(wait_s * 1000)) or 1))
