"""Issue 17 items 5, 6 and 7 in a real browser: on a phone the answer's start is in view after it arrives, the
staff tab does not overflow and the examples (from the bodies indexed, different kinds) are on the first screen;
an English-language browser sees no English; the 👎 reason panel opens where the person is looking."""

from __future__ import annotations

import re

import pytest
from conftest import derived_report

from tests.browser.test_chat import login

pytestmark = pytest.mark.browser

QUESTION = "通过市人民政府网站发布了多少条信息？"
PHONE = dict(width=390, height=844, is_mobile=True, has_touch=True)
# Words a Chinese page may show in Latin letters: formats, file names and ids of the reports, units.
ALLOWED = {"pdf", "word", "docx", "txt", "md", "html", "htm", "zhongwei", "kjj", "shapotou", "jyj", "api", "ai"}


def _in_view(page, selector: str, within_ms: int = 5000) -> bool:
    """Whether the element comes into view within `within_ms` (the page scrolls smoothly; a busy machine takes
    longer than a fixed wait allowed)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function("""(sel) => { const e = document.querySelector(sel); if (!e) return false;
            const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }""",
                               arg=selector, timeout=within_ms)
        return True
    except PlaywrightTimeout:
        return False


def test_phone_answer_start_in_view_examples_on_first_screen(live, new_page, chat, tmp_path):
    server = live()
    assert server.service.ingest([derived_report(tmp_path)])[0].status == "added"
    c = chat(new_page(**PHONE), server.url)
    examples = c.page.locator(".gk-example")
    # The page was built before the second report came; loading it brings the examples up to date.
    c.page.wait_for_function("() => [...document.querySelectorAll('.gk-example')].some(b => "
                             "b.innerText.includes('沙坡头区教育局'))")
    texts = examples.all_inner_texts()
    assert len(texts) == 3 and len(set(texts)) == 3
    assert any("中卫市科学技术局" in t for t in texts) and any("沙坡头区教育局" in t for t in texts)
    for i in range(3):
        box = examples.nth(i).bounding_box()
        assert box["y"] + box["height"] <= 844, texts[i]  # on the first screen
    c.screenshot("phone-first-screen.png", full_page=False)

    answer = c.ask("中卫市科学技术局2024年" + QUESTION, expect="出处")
    c.page.wait_for_timeout(400)
    top = c.page.evaluate("""() => { const b = [...document.querySelectorAll('#gk-chat [data-testid=bot]')].pop();
        const chat = document.querySelector('#gk-chat').getBoundingClientRect();
        return [b.getBoundingClientRect().top, chat.top, window.innerHeight]; }""")
    bot_top, chat_top, height = top
    assert chat_top - 60 <= bot_top <= height * 0.6, top  # the answer's first line, not the end of its sources
    assert "31条" in answer.inner_text()
    c.screenshot("phone-answer-start.png", full_page=False)

    # 👎: the reason panel comes into view.
    c.page.locator('#gk-chat button[aria-label="踩"]').last.click()
    c.page.locator("#gk-reason-submit").wait_for()
    c.page.wait_for_timeout(400)
    assert _in_view(c.page, "#gk-reason-box")
    c.screenshot("phone-dislike-panel.png", full_page=False)


def test_phone_staff_tab_does_not_overflow(live, new_page, chat):
    c = chat(new_page(**PHONE), live().url)
    login(c.page)
    c.page.locator("#gk-reports-table").wait_for()
    width = c.page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 391, width
    c.screenshot("phone-staff.png")


def _english_words(page) -> set[str]:
    texts = page.evaluate("""() => {
      const out = [document.body.innerText];
      // Tooltips, placeholders and the names of buttons (a message's own aria-label is its text, read aloud).
      for (const e of document.querySelectorAll('[title], button[aria-label], [placeholder]')) {
        const s = getComputedStyle(e);
        if (s.display === 'none' || s.visibility === 'hidden' || !e.getClientRects().length) continue;
        for (const a of ['title', 'aria-label', 'placeholder']) {
          if (e.getAttribute(a)) out.push(a + '=' + e.getAttribute(a));
        }
      }
      return out.join('\\n'); }""")
    texts = re.sub(r"(title|aria-label|placeholder)=", " ", texts)
    return {w for w in re.findall(r"[A-Za-z]{2,}", texts) if w.lower() not in ALLOWED}


def test_english_language_browser_sees_no_english(live, new_page, chat):
    page = new_page(locale="en-US", extra_http_headers={"Accept-Language": "en-US,en;q=0.9"})
    c = chat(page, live().url)
    assert page.evaluate("navigator.language") == "zh-CN"
    c.ask(QUESTION, expect="出处")
    page.locator("#gk-chat [data-testid=bot]").last.hover()
    copy = page.locator('#gk-chat [data-testid=bot] button[aria-label="复制消息"], '
                        '#gk-chat button[aria-label="复制消息"]')
    assert copy.count() >= 1
    leaks = _english_words(page)
    assert leaks == set(), leaks
    login(page)
    page.locator("#gk-upload-files").wait_for()
    leaks = _english_words(page)
    assert leaks == set(), leaks
    # Gradio's status tracker writes "queue: 2/5 |" in English while an event waits (seen when the machine is
    # busy); its words are put into Chinese as they are written, new or changed.
    shown = page.evaluate("""async () => {
      const d = document.createElement('div'); d.textContent = 'queue: 2/5 |'; document.body.appendChild(d);
      await new Promise(r => setTimeout(r, 50)); const first = d.textContent;
      d.firstChild.nodeValue = 'processing |'; await new Promise(r => setTimeout(r, 50));
      const second = d.textContent; d.remove(); return [first, second]; }""")
    assert shown == ["排队 2/5 |", "处理中 |"], shown
    c.screenshot("english-browser-staff.png")
