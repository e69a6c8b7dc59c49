"""Follow-up questions completed from the earlier turn: "2023年呢？", "那企业的呢？", "复议呢？"."""

from __future__ import annotations

import re

from assistant.question.years import YEAR
from ingest.facts.template import question_slots

_ELLIPTICAL = re.compile(r"^(那|那么|其中|另外|还有|而)|呢[？?]?$|的呢|^\d{4}年(度)?(的)?呢")


def _swap_slot(core: str, prev: str) -> str | None:
    for slot in question_slots():
        new = next((w for w in slot if w in core), None)
        old = next((w for w in slot if w in prev and w != new), None)
        if new and old and new not in prev:
            return prev.replace(old, new, 1)
    return None


def complete_follow_up(question: str, history: list[tuple[str, str]] | None) -> tuple[str, str]:
    """'2023年呢？' after '平潭…2021年共收到多少件申请？' → the previous question with the new year."""
    if not history:
        return question, question
    prev = history[-1][0]
    core = re.sub(r"^(那么|那|其中|另外|还有|而)|(的)?呢[？?]?$|[？?]$", "", question).strip()
    new_years = YEAR.findall(question)
    if new_years and re.fullmatch(r"\d{4}\s*年(度)?(的)?", core):
        return YEAR.sub(f"{new_years[0]}年", prev, count=1), core
    swapped = _swap_slot(core, prev)
    if swapped:
        return swapped, core
    if _ELLIPTICAL.search(question) or len(core) <= 8:
        return f"{core}，{prev}", core
    return question, question
