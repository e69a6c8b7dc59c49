"""Issue 17 item 3 in a real browser: the conversation and the picked report survive a reload (kept in the
browser's localStorage, encrypted with a key kept in the data folder: tests/test_conversations.py);
新对话 starts an empty one and keeps the old one in 之前的对话, from where it comes back; no trash icon."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

QUESTION = "通过市人民政府网站发布了多少条信息？"


def test_reload_keeps_the_conversation_and_new_chat_keeps_the_old_one(live, new_page, chat):
    server = live()
    c = chat(new_page(), server.url)
    c.pick_report("中卫市科学技术局")
    c.ask(QUESTION, expect="出处")
    c.ask("那通过中卫日报呢？", expect="出处")
    trash = c.page.locator('#gk-chat button[aria-label="清空对话"], #gk-chat button[aria-label="Clear"]')
    assert trash.count() == 1 and not trash.is_visible()  # Gradio's trash icon, which lost the conversation
    stored = c.page.evaluate("() => localStorage.getItem('gongkai-conversations')")
    assert stored and "中卫" not in stored and "\\u4e2d" not in stored  # kept encrypted, not readable

    c.page.reload(wait_until="load")
    c.box.wait_for()
    c.page.wait_for_function("() => document.querySelectorAll('#gk-chat [data-testid=bot]').length == 2")
    assert "31条" in c.bots().nth(0).inner_text() and "60" in c.bots().nth(1).inner_text()
    assert "中卫市科学技术局" in c.page.locator("#gk-picker input").input_value()
    c.screenshot("conversation-after-reload.png")
    # A follow-up after the reload still reads the earlier turns (the turns came back with the messages).
    assert "31" in c.ask("那通过市人民政府网站呢？", expect="出处").inner_text()

    c.page.locator("#gk-new").click()
    c.page.wait_for_function("() => document.querySelectorAll('#gk-chat [data-testid=bot]').length == 0")
    c.ask("共收到多少件政府信息公开申请？", expect="件")
    c.page.locator("#gk-history input").click()
    options = c.page.get_by_role("option")
    labels = [x.replace("✓", "").strip() for x in options.all_inner_texts()]  # ✓ marks the current one
    assert len(labels) == 2 and labels[1].startswith(QUESTION[:10]) and labels[0].startswith("共收到多少件")
    c.screenshot("conversation-list.png")
    c.page.get_by_role("option", name=QUESTION[:10]).click()
    c.page.wait_for_function("() => document.querySelectorAll('#gk-chat [data-testid=bot]').length == 3")
    assert "31条" in c.bots().nth(0).inner_text()

