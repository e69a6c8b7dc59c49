"""Hermetic tests: no network but loopback, each test its own data folder, shared/ found beside the repo."""

from __future__ import annotations

import copy
import ipaddress
import os
import socket
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"  # the real reports and the dev questions; not in the repo
REPORTS = SHARED / "reports"
QA = SHARED / "eval" / "qa.jsonl"
SAMPLE = REPO / "samples" / "zhongwei-kjj-2024.txt"


def _shared_missing(paths: tuple[str, ...]) -> str | None:
    """Why ../shared cannot serve these paths under it (default: the reports folder), or None."""
    for p in (SHARED / p for p in paths or ("reports",)):
        if not p.exists():
            return f"needs ../shared: {p} is not there"
    return None


def needs_shared(*paths: str) -> pytest.MarkDecorator:
    """The one way a test that reads ../shared skips without it: `@needs_shared()`, `pytestmark =
    needs_shared("eval/qa.jsonl")`. Paths are relative to shared/; the default is its reports folder."""
    reason = _shared_missing(paths)
    return pytest.mark.skipif(reason is not None, reason=reason or "")


def require_shared(*paths: str) -> None:
    """The same skip from inside a fixture (every test that uses it skips)."""
    reason = _shared_missing(paths)
    if reason:
        pytest.skip(reason)


_LOADED: dict = {}


def load_shared(name: str):
    """A report of ../shared/reports through the real loader once a session, each caller its own copy: a PDF
    takes about a second to load, and the audit, facts, formats and loader suites all read the same three."""
    from ingest.config import LoadLimits
    from ingest.loaders import load

    if name not in _LOADED:
        _LOADED[name] = load(REPORTS / name, LoadLimits(50))
    return copy.deepcopy(_LOADED[name])


os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
os.environ["HF_HUB_OFFLINE"] = "1"
for var in ("GONGKAI_CHROMA_URL", "GONGKAI_LLM_BASE_URL", "GONGKAI_LLM_MODEL", "GONGKAI_LLM_API_KEY",
            "GONGKAI_STAFF_TOKEN", "GONGKAI_EMBEDDING"):
    os.environ.pop(var, None)

_real_connect = socket.socket.connect


def _loopback_only(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and self.family in (socket.AF_INET, socket.AF_INET6):
        try:
            ok = ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            ok = host == "localhost"
        if not ok:
            raise RuntimeError(f"tests may only reach loopback, not {host}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch, tmp_path):
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    monkeypatch.setenv("GONGKAI_DATA", str(tmp_path / "data"))
    yield


@pytest.fixture(scope="session")
def embedder():
    """One USE model for the whole session: loading it takes about a second."""
    from ingest.index.embeddings import make_embedder

    return make_embedder("use-multilingual")


@pytest.fixture
def make_app(tmp_path, embedder):
    """A Gongkai over a fresh embedded Chroma in this test's temp folder."""
    from assistant.service import Gongkai
    from ingest.config import Config

    made = []

    def make(**flags):
        flags.setdefault("data_dir", tmp_path / "data")
        app = Gongkai(Config.from_env(env={}, **flags), embedder=embedder)
        made.append(app)
        return app

    yield make
    # Closed at the end of the test: an open app keeps its Chroma files, parse process and pipes, and a
    # session of hundreds of tests ran out of descriptors select() could wait on.
    for app in made:
        try:
            app.close()
        except Exception:  # noqa: BLE001 - a test may have closed or broken it on purpose
            pass


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium():
    """One Playwright and one Debian Chromium for the whole session: a second sync_playwright() in the
    same thread fails ("Sync API inside the asyncio loop")."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (make browser)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def derived_report(folder: Path) -> Path:
    """A second report made from the sample: 沙坡头区教育局 2023, with 47 items on the city website."""
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in (("中卫市科学技术局", "沙坡头区教育局"), ("中卫市科技局", "沙坡头区教育局"),
                     ("2024", "2023"), ("发布共 31条", "发布共 47条")):
        text = text.replace(old, new)
    path = folder / "shapotou-jyj-2023.txt"
    path.write_text(text, encoding="utf-8")
    return path
