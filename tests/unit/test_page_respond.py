"""The chat's respond generator: the question box is cleared once, when the question is taken, and left alone
afterwards (a person typing the next question while an answer streams in keeps what they typed)."""

from __future__ import annotations

import gradio as gr

from assistant.models import Answer
from ui.page import make_respond


class _Streaming:
    """A service whose answer arrives in pieces, as Gongkai.stream yields it."""

    def stream(self, question, report, history):  # noqa: ARG002 - the service's signature
        yield "第一段", None
        yield "第一段，第二段", None
        yield "全文", Answer(question, "全文\n出处：某处", "31条", True, [])

    def facts(self, report_id):  # noqa: ARG002 - cell_rows asks only for answers with cell support
        return []


def test_the_box_is_cleared_once_and_then_left_alone():
    updates = list(make_respond(_Streaming())("通过网站发布了多少条信息？", [], {}, "*"))
    boxes = [box for box, _, _ in updates]
    assert boxes[0] == ""  # the question is taken
    assert len(boxes) == 4 and all(isinstance(b, type(gr.skip())) for b in boxes[1:])
    assert "出处" in updates[-1][1][-1]["content"]
