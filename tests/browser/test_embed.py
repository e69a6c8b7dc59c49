"""Issue 17 item 10 in a real browser: a third-party page on another loopback port includes the one script
tag; 咨询 opens the chat in an iframe, which answers a question about the sample report with its source and
takes a follow-up. A site that is not allowed cannot frame the chat."""

from __future__ import annotations

import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.browser.conftest import SCREENSHOTS

pytestmark = pytest.mark.browser

BODY = "中卫市科学技术局"


class HostSite:
    """A third party's page, served from its own loopback port: only the script tag of Gongkai on it."""

    def __init__(self):
        self.html = b""
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(site.html)))
                self.end_headers()
                self.wfile.write(site.html)

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def show(self, gongkai_url: str, body: str) -> None:
        self.html = (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>某市人民政府</title>'
                     f'</head><body><h1>某市人民政府门户网站</h1><p>政府信息公开专栏</p>'
                     f'<script src="{gongkai_url}/embed.js" data-body="{body}" async></script>'
                     f'</body></html>').encode()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sites(request, tmp_path, seeded_data, embedder):
    """(allowed host site, a host site not allowed, Gongkai allowing only the first); settings of the server
    by indirect parametrization."""
    from live_server import LiveServer

    from assistant.service import Gongkai
    from ingest.config import Config
    from ui.server import create_app

    allowed, other = HostSite(), HostSite()
    data = tmp_path / "data"
    shutil.copytree(seeded_data, data)
    flags = getattr(request, "param", {})
    config = Config.from_env(env={}, data_dir=data, embed_origins=allowed.url, **flags)
    server = LiveServer(create_app(config, Gongkai(config, embedder=embedder)), data).start()
    allowed.show(server.url, BODY)
    other.show(server.url, BODY)
    yield allowed, other, server
    server.stop()
    allowed.stop()
    other.stop()


def test_script_tag_on_another_site_opens_the_chat_which_answers_with_its_source(sites, new_page):
    allowed, _other, server = sites
    page = new_page(1280, 900)
    page.goto(allowed.url, wait_until="load")
    button = page.locator("#gongkai-embed-button")
    button.wait_for()
    assert button.inner_text() == "咨询"
    box = button.bounding_box()
    assert box["x"] > 1000 and box["y"] > 700  # bottom right
    button.click()
    frame_el = page.locator("#gongkai-embed-frame")
    frame_el.wait_for()
    assert frame_el.get_attribute("src").startswith(server.url + "/embed?body=")
    chat = page.frame_locator("#gongkai-embed-frame")
    question = chat.locator("#gk-question")
    question.wait_for()
    assert BODY in chat.locator("#gk-log").inner_text()  # the greeting names the body

    question.fill("通过市人民政府网站发布了多少条信息？")
    question.press("Enter")
    answer = chat.locator("[data-testid=bot]").first
    answer.wait_for(timeout=30_000)
    text = answer.inner_text()
    assert "31" in text, text
    assert "按：" in answer.locator(".gk-understood").inner_text()
    source = answer.locator(".gk-source").first
    assert BODY in source.locator("summary").inner_text()
    assert "网站发布共31条" in source.locator("blockquote").inner_text().replace(" ", "")  # the passage

    # A follow-up: the conversation's history goes with it.
    question.fill("那通过中卫日报呢？")
    question.press("Enter")
    follow = chat.locator("[data-testid=bot]").nth(1)
    follow.wait_for(timeout=30_000)
    assert "60" in follow.inner_text(), follow.inner_text()
    assert chat.locator(".gk-user").count() == 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "embed-on-host-page.png"))

    # 咨询 again closes the chat; once more opens it with the conversation still there.
    button.click()
    assert not frame_el.is_visible()
    button.click()
    assert frame_el.is_visible() and chat.locator(".gk-user").count() == 2
    assert page.dialogs == []


def test_a_site_not_allowed_cannot_frame_the_chat(sites, new_page):
    _allowed, other, _server = sites
    page = new_page()
    page.goto(other.url, wait_until="load")
    page.locator("#gongkai-embed-button").click()
    page.locator("#gongkai-embed-frame").wait_for()
    page.wait_for_timeout(1500)
    frame = next(f for f in page.frames if f != page.main_frame)
    # frame-ancestors refused it: Chromium shows its own error page, not the chat.
    assert frame.locator("#gk-question").count() == 0


@pytest.mark.parametrize("sites", [{"rate_burst": 2, "rate_per_min": 1}], indirect=True)
def test_embedded_chat_shows_text_as_text_and_has_the_page_limits(sites, new_page):
    allowed, _other, _server = sites
    page = new_page()
    page.goto(allowed.url, wait_until="load")
    page.locator("#gongkai-embed-button").click()
    chat = page.frame_locator("#gongkai-embed-frame")
    question = chat.locator("#gk-question")
    evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>年报'
    question.fill(evil)
    question.press("Enter")
    chat.locator("[data-testid=bot]").first.wait_for(timeout=30_000)
    assert chat.locator(".gk-user").first.inner_text() == evil
    assert chat.locator("#gk-log img, #gk-log script").count() == 0
    # The question budget of the page applies: the third question within the minute is refused, in words.
    for q in ("通过市人民政府网站发布了多少条信息？", "那通过中卫日报呢？"):
        n = chat.locator(".gk-user").count()
        question.fill(q)
        question.press("Enter")
        chat.locator(".gk-msg:not(.gk-user)").nth(n).wait_for(timeout=30_000)
    refused = chat.locator(".gk-error").first
    assert "提问太频繁" in refused.inner_text()
    assert page.dialogs == []
