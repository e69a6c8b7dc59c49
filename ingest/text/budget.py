"""A deadline for the work on one question, carried in a context variable (no argument threading).

The service opens `deadline(seconds)` around an answer; the text functions every step calls
(`tokens`, the place tagger) call `check()`, which raises OutOfTime once the deadline has passed, so an
answer that runs long stops at its next step instead of holding a core. Outside a deadline, check() is free.

The budget counts the answering thread's CPU time, not the clock: on a busy machine (other processes, a
queue of answers) a normal question waits longer but costs the same, and must not be refused as "too
complex" for it. A wall-clock backstop (WALL_FACTOR × the budget) still ends work that waits forever.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[tuple[int, float, float] | None] = ContextVar("gongkai_deadline", default=None)
WALL_FACTOR = 10


class OutOfTime(Exception):  # noqa: N818 - it is an outcome, not a fault
    """The work's time budget ran out."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    token = _deadline.set(None if seconds is None else
                          (threading.get_ident(), time.thread_time() + seconds,
                           time.monotonic() + WALL_FACTOR * seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check() -> None:
    at = _deadline.get()
    if at is None:
        return
    thread, cpu_at, wall_at = at
    # Another thread (a copied context) has its own CPU clock: only the backstop applies there.
    if (threading.get_ident() == thread and time.thread_time() > cpu_at) or time.monotonic() > wall_at:
        raise OutOfTime
