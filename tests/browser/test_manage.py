"""Issue 17 item 4 in a real browser: the staff's table of reports (filter, remove after a confirmation,
re-ingest), and a second file of a body and year already indexed held on upload until staff choose to replace
the old report or keep both — answers stay as they were until then."""

from __future__ import annotations

import pytest

from tests.browser.conftest import SAMPLE
from tests.browser.test_chat import login

pytestmark = pytest.mark.browser

QUESTION = "中卫市科学技术局2024年通过市人民政府网站发布了多少条信息？"
TABLE = "#gk-reports-table"


def _corrected(tmp_path):
    """The sample report corrected under a new name: same body and year, 31 → 33."""
    path = tmp_path / "中卫科技局2024年报告（更正版）.txt"
    path.write_text(SAMPLE.read_text(encoding="utf-8").replace("发布共 31条", "发布共 33条"), encoding="utf-8")
    return path


def _row(page, text: str):
    """The visible cell holding `text` (Gradio's table keeps a hidden copy of its rows for measuring)."""
    return page.locator(TABLE).get_by_text(text, exact=True).filter(visible=True).first


def test_report_table_filter_reingest_and_remove_with_confirmation(live, new_page, chat):
    server = live()
    c = chat(new_page(), server.url)
    page = c.page
    login(page)
    row = _row(page, "zhongwei-kjj-2024.txt")
    row.wait_for()
    cells = page.locator(TABLE).inner_text()
    for expected in ("中卫市科学技术局", "2024", "2021 版", "文本", "zhongwei-kjj-2024"):
        assert expected in cells
    page.locator("#gk-reports-filter textarea, #gk-reports-filter input").first.fill("不存在的机关")
    page.wait_for_function(f"() => !document.querySelector('{TABLE}').innerText.includes('zhongwei-kjj-2024.txt')")
    page.locator("#gk-reports-filter textarea, #gk-reports-filter input").first.fill("中卫 2024")
    row.wait_for()
    c.screenshot("staff-reports-table.png")

    row.click()
    page.locator("#gk-reports-status", has_text="已选：中卫市科学技术局").wait_for()
    page.locator("#gk-reports-reingest").click()
    page.locator("#gk-reports-status", has_text="已重新导入").wait_for(timeout=60_000)

    page.locator("#gk-reports-remove").click()
    page.locator("#gk-reports-status", has_text="确定删除").wait_for()
    assert server.service.reports()  # nothing removed before the confirmation
    c.screenshot("staff-remove-confirm.png")
    page.locator("#gk-confirm-no").click()
    page.locator("#gk-reports-status", has_text="已取消").wait_for()
    assert server.service.reports()
    page.locator("#gk-reports-remove").click()
    page.locator("#gk-confirm-yes").click()
    page.locator("#gk-reports-status", has_text="已删除").wait_for()
    page.wait_for_function(f"() => !document.querySelector('{TABLE}').innerText.includes('zhongwei-kjj-2024.txt')")
    assert server.service.reports() == []
    assert list((server.data / "originals").iterdir()) == []


@pytest.mark.parametrize("choice", ["replace", "both"])
def test_second_report_of_a_body_and_year_waits_for_the_staff_choice(live, new_page, chat, tmp_path, choice):
    server = live()
    c = chat(new_page(), server.url)
    page = c.page
    login(page)
    corrected = _corrected(tmp_path)
    page.locator("#gk-upload-files input[type=file]").set_input_files(str(corrected))
    page.locator("#gk-upload-files", has_text="更正版").wait_for()
    page.locator("#gk-upload-go").click()
    page.locator("#gk-upload-table", has_text="待确认").wait_for(timeout=60_000)
    status = page.locator("#gk-upload-status").inner_text()
    assert "zhongwei-kjj-2024.txt" in status and "中卫市科学技术局" in status and "替换原报告" in status
    assert page.locator("#gk-held-replace").is_visible() and page.locator("#gk-held-both").is_visible()
    c.screenshot(f"staff-duplicate-upload-{choice}.png")
    # Until staff choose, the index is as it was: one report, and the answer is still 31.
    assert [r.file for r in server.service.reports()] == ["zhongwei-kjj-2024.txt"]
    assert server.service.ask(QUESTION).short_answer == "31条"

    page.locator(f"#gk-held-{choice}").click()
    page.locator("#gk-upload-status", has_text="已替换原报告" if choice == "replace" else "两份报告都已保留").wait_for(
        timeout=60_000)
    assert not page.locator("#gk-held-replace").is_visible()
    files = sorted(r.file for r in server.service.reports())
    if choice == "replace":
        assert files == [corrected.name]
        assert server.service.ask(QUESTION).short_answer == "33条"
        page.wait_for_function(f"() => !document.querySelector('{TABLE}').innerText.includes('zhongwei-kjj-2024.txt')")
    else:
        assert files == sorted([corrected.name, "zhongwei-kjj-2024.txt"])
        _row(page, "中卫科技局2024年报告（更正版）.txt").wait_for()
        _row(page, "zhongwei-kjj-2024.txt").wait_for()


def test_question_asked_on_the_page_is_in_the_staff_log_and_its_export(live, new_page, chat):
    c = chat(new_page(), live().url)
    page = c.page
    c.ask(QUESTION, expect="出处")
    login(page)
    page.locator("button", has_text="提问记录").click()
    page.locator("#gk-log-go").click()
    page.locator("#gk-log-table").get_by_text(QUESTION).filter(visible=True).first.wait_for()
    assert "问答页" in page.locator("#gk-log-table").inner_text()
    page.locator("#gk-log-unanswered input").check()
    page.locator("#gk-log-go").click()
    page.wait_for_function(f"() => !document.querySelector('#gk-log-table').innerText.includes('{QUESTION}')")
    page.locator("#gk-log-unanswered input").uncheck()
    c.screenshot("staff-question-log.png")
    page.locator("#gk-log-csv").click()
    link = page.locator("#gk-log-file a").first
    link.wait_for()
    with page.expect_download() as got:
        link.click()
    text = open(got.value.path(), encoding="utf-8-sig").read()
    assert QUESTION in text and "通过市人民政府网站发布共" in text.replace(" ", "") and "31条" in text
