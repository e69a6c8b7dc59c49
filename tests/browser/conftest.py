"""Browser-test fixtures: the whole app served by uvicorn on loopback, Debian's Chromium via Playwright.

Each test gets its own data folder (a copy of one seeded with the sample report) and its own
server; the USE model and the browser are started once per session.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "zhongwei-kjj-2024.txt"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
TOKEN = "staff-token-42"
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402,F401 - shared with tests/reliability

os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ.setdefault("GRADIO_TEMP_DIR", tempfile.mkdtemp(prefix="gongkai-gradio-"))


def pytest_collection_modifyitems(items):
    if not Path(CHROMIUM).exists():
        skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (make browser)")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


from live_server import LiveServer  # noqa: E402


@pytest.fixture(scope="session")
def seeded_data(tmp_path_factory, embedder) -> Path:
    from assistant.service import Gongkai
    from ingest.config import Config

    data = tmp_path_factory.mktemp("browser-seed") / "data"
    result = Gongkai(Config(data_dir=data), embedder=embedder).ingest([SAMPLE])[0]
    assert result.status == "added", result.error
    return data


@pytest.fixture
def live(tmp_path, seeded_data, embedder):
    """live(token=TOKEN) -> LiveServer over this test's own copy of the seeded data folder."""
    from assistant.service import Gongkai
    from ingest.config import Config, Secret
    from ui.server import create_app

    servers: list[LiveServer] = []

    def start(token: str | None = TOKEN) -> LiveServer:
        data = tmp_path / f"data{len(servers)}"
        shutil.copytree(seeded_data, data)
        config = Config(data_dir=data, staff_token=Secret(token) if token else None)
        app = create_app(config, Gongkai(config, embedder=embedder))
        servers.append(LiveServer(app, data).start())
        return servers[-1]

    yield start
    for s in servers:
        s.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    if call.when == "call":
        item.rep_call = outcome.get_result()


@pytest.fixture
def new_page(chromium, request):
    """new_page(width=1280, height=900, **context options) -> a Playwright page with dialog tracking. When the
    test fails, each page's screenshot, chat text and console log are kept in test-artifacts/screenshots/."""
    contexts, pages = [], []

    def make(width: int = 1280, height: int = 900, **options):
        options.setdefault("locale", "zh-CN")
        ctx = chromium.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(60_000)  # a wait, not a speed check: CI machines are shared and busy
        page.dialogs = []  # every alert/confirm that fires; a test for escaping expects none
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.console_lines = []
        page.on("console", lambda m: page.console_lines.append(f"{m.type}: {m.text}"))
        pages.append(page)
        return page

    yield make
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        _keep_failure(request.node.name, pages)
    for ctx in contexts:
        ctx.close()


def _keep_failure(name: str, pages) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for i, page in enumerate(pages):
        stem = SCREENSHOTS / f"FAILED-{name}-{i}"
        try:
            page.screenshot(path=str(stem.with_suffix(".png")), full_page=True)
            chat = page.evaluate("() => document.querySelector('#gk-chat')?.innerText || ''")
            stem.with_suffix(".txt").write_text(f"{chat}\n\n--- console ---\n" + "\n".join(page.console_lines),
                                                encoding="utf-8")
        except Exception as exc:  # noqa: BLE001 - a page that died keeps what it can
            stem.with_suffix(".txt").write_text(f"could not capture: {exc}", encoding="utf-8")


class Chat:
    """What a person does on the chat tab."""

    BOT = "#gk-chat [data-testid=bot]"
    USER = "#gk-chat [data-testid=user]"

    def __init__(self, page, url: str):
        self.page = page
        page.goto(url, wait_until="load")
        self.box = page.locator("#gk-question textarea")
        self.box.wait_for()
        # The page is ready when its question box and send button are: the load events (report list, the kept
        # conversation) have run. A click before that would race the restored conversation.
        page.wait_for_function("() => { const t = document.querySelector('#gk-question textarea');"
                               " const b = document.querySelector('#gk-send');"
                               " return t && !t.disabled && b && !b.disabled; }", timeout=30_000)

    def bots(self):
        return self.page.locator(self.BOT)

    def ask(self, question: str, expect: str | None = None, timeout: float = 60_000):
        """Type, press Enter, wait for a new answer (containing `expect`); return its locator."""
        n = self.bots().count()
        self.box.fill(question)
        self.box.press("Enter")
        answer = self.bots().nth(n)
        answer.wait_for(timeout=timeout)
        if expect:
            self.page.wait_for_function(
                "([sel, n, text]) => { const b = document.querySelectorAll(sel)[n];"
                " return b && b.innerText.includes(text); }", arg=[self.BOT, n, expect], timeout=timeout)
        return answer

    def pick_report(self, label_part: str) -> None:
        self.page.locator("#gk-picker input").click()
        self.page.get_by_role("option", name=label_part).first.click()

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / name
        self.page.screenshot(path=str(path), full_page=full_page)
        return path


@pytest.fixture
def chat():
    return Chat


def pytest_configure(config):
    # Gradio 6.31's queue uses pandas options that pandas 3 deprecates; not ours to fix.
    config.addinivalue_line("filterwarnings", "ignore:.*no_silent_downcasting.*")
    config.addinivalue_line("filterwarnings", "ignore:The copy keyword is deprecated.*")
