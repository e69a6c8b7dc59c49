"""A deadline for the work on one question, carried in a context variable (no argument threading).

The service opens `deadline(seconds)` around an answer; the text functions every step calls
(`tokens`, the place tagger) call `check()`, which raises OutOfTime once the deadline has passed, so an
answer that runs long stops at its next step instead of holding a core. Outside a deadline, check() is free.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("gongkai_deadline", default=None)


class OutOfTime(Exception):  # noqa: N818 - it is an outcome, not a fault
    """The work's time budget ran out."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    token = _deadline.set(None if seconds is None else time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def check() -> None:
    at = _deadline.get()
    if at is not None and time.monotonic() > at:
        raise OutOfTime
