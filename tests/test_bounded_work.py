"""Bounded work per question (issue 16, finding 1): pathological questions answered in < 100 ms of CPU, end to end.

"年" × 1999 took 12 s (jieba's part-of-speech HMM, about 2 ms a character, over the whole question);
the tokenizer now works on a bounded, de-repeated form, and each answer has a time budget.
"""

from __future__ import annotations

import time

import pytest
from conftest import SAMPLE, derived_report
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

LIMIT_MS = 100.0


@pytest.fixture(scope="module")
def app(tmp_path_factory, embedder):
    from assistant.service import Gongkai
    from ingest.config import Config

    folder = tmp_path_factory.mktemp("bounded")
    app = Gongkai(Config(data_dir=folder / "data"), embedder=embedder)
    results = app.ingest([SAMPLE, derived_report(folder)])
    assert [r.status for r in results] == ["added", "added"]
    app.warm_up()
    app.ask("通过市人民政府网站发布了多少条信息？")
    return app


def best_ms(app, question: str, tries: int = 3) -> float:
    """The least CPU time of a few runs, in the answering thread: the work the question costs, not the time it
    waited for a core on a shared machine (as the answer budget counts it, ingest/text/budget.py)."""
    best = float("inf")
    for _ in range(tries):
        app._answers.clear()  # the work itself, not the answer cache
        t0 = time.thread_time()
        app.ask(question)
        best = min(best, (time.thread_time() - t0) * 1000)
        if best < LIMIT_MS:
            break
    return best


@pytest.mark.parametrize("question", ["年" * 1999, "月" * 1999, "年" * 250, "2019年至2023年、" * 150,
                                      "的" * 2000, "中卫市科学技术局" * 250, "a" * 2000, "１" * 2000])
def test_pathological_questions_are_answered_fast(app, question):
    assert best_ms(app, question) < LIMIT_MS


_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_MIXED = st.one_of(_CJK, st.characters(codec="utf-8", exclude_categories=("Cs",)),
                   st.sampled_from(list("年月日市县区局0123456789、，。？ ") + ["😀", "Ω", "ß", "\u200b"]))
_UNITS = st.sampled_from(["年", "月", "2019年至2023年、", "多少", "中卫市", "平潭", "申请", "？", "a1", "表三"])


@st.composite
def questions(draw) -> str:
    kind = draw(st.sampled_from(["repeat", "mixed", "long", "years"]))
    if kind == "repeat":
        unit = draw(st.one_of(_UNITS, st.text(_MIXED, min_size=1, max_size=6)))
        return (unit * draw(st.integers(1, 2000)))[:2000]
    if kind == "years":
        years = draw(st.lists(st.integers(1990, 2030), min_size=1, max_size=150))
        return "".join(f"{y}年至{y + 4}年、" for y in years)[:1990] + "收到多少件申请？"
    if kind == "long":
        return draw(st.text(_CJK, min_size=500, max_size=2000))
    return draw(st.text(_MIXED, min_size=1, max_size=2000))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(questions())
def test_any_question_is_answered_within_100_ms(app, question):
    if not question.strip():
        return
    assert best_ms(app, question) < LIMIT_MS, (len(question), question[:60])


def test_an_answer_that_runs_out_of_time_says_so(make_app):
    app = make_app(answer_time_s=1e-9)
    app.ingest([SAMPLE])
    a = app.ask("通过市人民政府网站发布了多少条信息？")
    assert not a.found and a.answer == "问题过于复杂，请简化后再问。" and a.short_answer == ""


def test_the_tokenizer_cuts_repeats_but_not_figures():
    from ingest.text.tokenize import bounded, place_names, tokens

    assert bounded("年" * 1999) == "年年"
    assert bounded("2019年至2023年、" * 150) == "2019年至2023年、" * 2
    assert bounded("共100000元，表三0000") == "共100000元，表三0000"
    assert len(bounded("平潭" + "的很" * 5000)) <= 4000
    assert place_names("江苏省淮安市洪泽区2023年收到多少件申请？") == ["江苏省", "淮安市"]
    assert place_names("北京市海淀区2024年行政复议有多少件？") == ["北京市", "海淀区"]
    assert "行政复议" in tokens("行政复议" * 500)
