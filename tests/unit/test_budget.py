"""The answer budget counts the answering thread's work, not the time it waited (a busy machine)."""

import time

import pytest

from ingest.text import budget


def _spin(seconds: float) -> None:
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass


def test_waiting_is_not_work():
    with budget.deadline(0.05):
        time.sleep(0.2)  # another process had the core
        budget.check()


def test_work_past_the_budget_stops():
    with budget.deadline(0.05), pytest.raises(budget.OutOfTime):
        _spin(0.08)
        budget.check()


def test_a_wait_past_the_backstop_stops():
    with budget.deadline(0.01), pytest.raises(budget.OutOfTime):
        time.sleep(0.01 * budget.WALL_FACTOR + 0.05)
        budget.check()


def test_outside_a_deadline_check_is_free():
    _spin(0.01)
    budget.check()
