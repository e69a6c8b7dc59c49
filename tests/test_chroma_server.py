"""Beyond one machine: `gongkai` processes sharing a real Chroma server (GONGKAI_CHROMA_URL).

A `chroma run` on a free loopback port; the sample is ingested by one `gongkai` CLI process and
answered by two separate `gongkai serve` processes exactly as embedded mode answers it; a report
ingested from a third process after they started is answered by both within 5 s (their snapshot
refresh). At bench scale: eval/two_servers.py. Every process is stopped by the fixtures' finalizers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from conftest import REPORTS, SAMPLE, needs_shared

REPO = Path(__file__).resolve().parents[1]
CHROMA = Path(sys.executable).with_name("chroma")
QUESTIONS = [
    ("通过市人民政府网站发布了多少条信息？", None),
    ("中卫市科学技术局2024年主动公开了多少条信息？", None),
    ("联系电话是多少？", "zhongwei-kjj-2024.txt"),
]
LATE = REPORTS / "pingtan-2023.txt"
LATE_QUESTION = "平潭综合实验区2023年本年新收政府信息公开申请数量是多少？"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMA.exists(), reason="the chroma CLI is not installed")]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            got = check()
            if got:
                return got
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    path, port = tmp_path_factory.mktemp("chroma-server"), free_port()
    proc = subprocess.Popen([str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "ANONYMIZED_TELEMETRY": "False"})
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: requests.get(f"{url}/api/v2/heartbeat", timeout=2).ok, 30, "chroma run")
        yield url
    finally:
        stop(proc)


def gongkai_env(chroma_url: str, data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(GONGKAI_CHROMA_URL=chroma_url, GONGKAI_DATA=str(data), ANONYMIZED_TELEMETRY="False",
               GRADIO_ANALYTICS_ENABLED="False", HF_HUB_OFFLINE="1", PYTHONPATH=str(REPO))
    return env


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ui.cli", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def shared(chroma_url, tmp_path_factory):
    """The sample ingested through one CLI process into the Chroma server."""
    env = gongkai_env(chroma_url, tmp_path_factory.mktemp("writer"))
    done = cli(env, "ingest", str(SAMPLE), "--json")
    assert done.returncode == 0, done.stderr
    return chroma_url


def _serve(shared: str, data: Path):
    """A `gongkai serve` process over the shared Chroma server (its own, empty data folder)."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ui.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
                            cwd=REPO, env=gongkai_env(shared, data), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: requests.get(f"{url}/healthz", timeout=2).json().get("reports") == 1, 60, "gongkai serve")
        yield url
    finally:
        stop(proc)


@pytest.fixture(scope="module")
def server(shared, tmp_path_factory):
    yield from _serve(shared, tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def server2(shared, tmp_path_factory):
    """A second web process over the same Chroma server, as behind a load balancer."""
    yield from _serve(shared, tmp_path_factory.mktemp("web2"))


def _essentials(answer: dict) -> dict:
    return {"answer": answer["answer"], "short_answer": answer["short_answer"], "found": answer["found"],
            "citations": [(c["file"], c["section"], c["text"]) for c in answer["citations"]]}


def test_served_answers_equal_embedded_answers(server, make_app):
    app = make_app()
    app.ingest([SAMPLE])
    app.warm_up()  # the first answer's loading is outside its 2 s budget (a busy machine took longer)
    for question, report in QUESTIONS:
        embedded = app.ask(question, report).to_dict()
        served = requests.post(f"{server}/api/ask", json={"question": question, "report": report}, timeout=30)
        assert served.status_code == 200, served.text
        assert _essentials(served.json()) == _essentials(embedded), question
    assert embedded["found"]


def test_two_servers_answer_alike(server, server2):
    for question, report in QUESTIONS:
        one, two = (requests.post(f"{u}/api/ask", json={"question": question, "report": report}, timeout=30).json()
                    for u in (server, server2))
        assert _essentials(one) == _essentials(two), question


@needs_shared()
def test_report_ingested_later_is_answered_by_both_running_servers(server, server2, shared, tmp_path):
    for url in (server, server2):
        assert not requests.post(f"{url}/api/ask", json={"question": LATE_QUESTION}, timeout=30).json()["found"]
    late = tmp_path / LATE.name
    shutil.copy(LATE, late)
    done = cli(gongkai_env(shared, tmp_path / "writer2"), "ingest", str(late))  # a third process
    assert done.returncode == 0, done.stderr
    t0 = time.monotonic()
    for url in (server, server2):
        def answered(url=url):
            got = requests.post(f"{url}/api/ask", json={"question": LATE_QUESTION}, timeout=30).json()
            return got if got["found"] else None

        got = wait_until(answered, 15, "each running server to see the new report")
        assert any(c["file"] == LATE.name for c in got["citations"])
    assert time.monotonic() - t0 < 5  # both: the 2 s refresh check, then only the changed report is read
