"""Chunks on hand-built sections: an item's heading stays with the item it heads (issue 15, class 6)."""

from __future__ import annotations

from ingest.models import Section
from ingest.text.chunking import chunk_sections

FILLER = "全年围绕重点领域持续推进政务公开工作，各项任务有序落实，公开质量稳步提升。" * 3


def test_an_item_heading_starts_the_chunk_of_its_item():
    text = (FILLER + "一是强化流程管控，守住高效办理生命线。"
            "创新建立线下依申请件倒计时报警器，对申请办理时限等关键环节进行监控，及时提醒责任单位。")
    chunks = chunk_sections("r", "v1", [Section("一、总体情况", text)])
    holding = [c for c in chunks if "报警器" in c.text]
    assert len(holding) == 1 and "一是强化流程管控" in holding[0].text
    assert all(not c.text.endswith("生命线。") for c in chunks)
    assert "".join(c.text for c in chunks) == text  # nothing lost or repeated


def test_a_plain_sentence_is_not_moved():
    follows = "对申请办理时限等关键环节进行监控，及时提醒责任单位，确保按时答复，" * 2 + "不断提升办理质效。"
    text = FILLER + "本年度共发布信息120条。" + follows
    chunks = chunk_sections("r", "v1", [Section("一、总体情况", text)])
    assert "".join(c.text for c in chunks) == text
    assert any(c.text.endswith("本年度共发布信息120条。") for c in chunks)
