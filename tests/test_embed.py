"""The embeddable chat (issue 17 item 10) over real HTTP: /embed.js and /embed only for the configured sites,
frame-ancestors on the page, the body resolved to its reports, every shown text escaped; no CORS opened."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "zhongwei-kjj-2024.txt"
BODY = "中卫市科学技术局"
SITE = "https://www.example.gov.cn"

from live_server import LiveServer  # noqa: E402


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, embedder) -> Path:
    from assistant.service import Gongkai
    from ingest.config import Config

    data = tmp_path_factory.mktemp("embed-seed") / "data"
    service = Gongkai(Config(data_dir=data), embedder=embedder)
    assert service.ingest([SAMPLE])[0].status == "added"
    service.close()
    return data


@pytest.fixture
def start(tmp_path, seeded, embedder):
    """start(page=False, **config) -> LiveServer over a copy of the seeded data folder."""
    from assistant.service import Gongkai
    from ingest.config import Config
    from ui.server import create_app

    servers = []

    def _start(page: bool = False, **flags) -> LiveServer:
        data = tmp_path / f"data{len(servers)}"
        shutil.copytree(seeded, data)
        config = Config.from_env(env={}, data_dir=data, **flags)
        servers.append(LiveServer(create_app(config, Gongkai(config, embedder=embedder), page=page)).start())
        return servers[-1]

    yield _start
    for s in servers:
        s.stop()


def _settings(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="gk-settings">(.*?)</script>', page, re.S)
    assert m, page[:500]
    return json.loads(m.group(1))


def test_embedding_is_off_by_default_with_the_one_error_shape(start):
    s = start()
    for path in ("/embed.js", "/embed", "/embed?body=x"):
        r = requests.get(s.url + path, timeout=10)
        assert r.status_code == 404, path
        err = r.json()["error"]
        assert err["code"] == "not_found" and "GONGKAI_EMBED_ORIGINS" in err["message"]
        assert "content-security-policy" not in r.headers


def test_the_script_adds_a_button_that_opens_embed_on_its_own_origin(start):
    s = start(embed_origins=SITE)
    r = requests.get(s.url + "/embed.js", timeout=10)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/javascript")
    assert r.headers["x-content-type-options"] == "nosniff"
    js = r.text
    assert "咨询" in js and "currentScript" in js and '"/embed"' in js
    assert "data-body" in js and "data-title" in js
    assert "http://" not in js.split("*/", 1)[1] and "https://" not in js.split("*/", 1)[1]  # own origin only


def test_embed_page_is_framed_only_by_the_configured_sites_and_loads_nothing_else(start):
    s = start(embed_origins=f"{SITE}/, http://127.0.0.1:8081")
    r = requests.get(s.url + "/embed", timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert f"frame-ancestors {SITE} http://127.0.0.1:8081" in csp  # the trailing slash dropped
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    page = r.text
    assert page.count(f'nonce="{nonce}"') == 2  # the one style and the one script
    assert not re.search(r'\b(src|href)\s*=\s*"(https?:)?//', page)  # no external resources
    assert "/api/ask" in page and "history" in page
    assert _settings(page) == {"body": "", "reports": [], "missing": False}
    assert "x-frame-options" not in r.headers
    # A second request gets another nonce.
    assert requests.get(s.url + "/embed", timeout=10).headers["content-security-policy"] != csp


def test_embed_page_with_a_body_asks_within_its_reports(start):
    s = start(embed_origins=SITE)
    settings = _settings(requests.get(s.url + "/embed", params={"body": BODY}, timeout=10).text)
    assert settings == {"body": BODY, "reports": [{"id": "zhongwei-kjj-2024", "year": 2024}], "missing": False}
    unknown = _settings(requests.get(s.url + "/embed", params={"body": "不存在的机关"}, timeout=10).text)
    assert unknown["missing"] is True and unknown["reports"] == []
    # What the page then posts answers with its source.
    r = requests.post(s.url + "/api/ask", json={"question": "通过市人民政府网站发布了多少条信息？",
                                                 "report": settings["reports"][0]["id"]},
                      headers={"X-Gongkai-Source": "embed"}, timeout=30)
    assert r.status_code == 200 and r.json()["found"] and r.json()["citations"]
    # The staff's question log tells the embedded chat's questions apart.
    from ui.questions import table_rows

    rows = s.app.state.questions.rows()
    assert [r["source"] for r in rows] == ["embed"] and table_rows(rows)[0][-1] == "嵌入窗口"


def test_body_and_title_from_the_host_page_are_escaped(start):
    s = start(embed_origins=SITE)
    evil = '</script><script>alert(1)</script><img src=x onerror=alert(2)>'
    r = requests.get(s.url + "/embed", params={"body": evil, "title": evil + "{{nonce}}"}, timeout=10)
    page = r.text
    assert "<img" not in page and "<script>alert" not in page and page.count("<script") == 2
    assert "&lt;/script&gt;&lt;script&gt;" in page  # the heading, as text
    assert "{{nonce}}" in page  # filled in one pass: a placeholder in the input stays text
    assert page.count("</script>") == 2  # the settings and the script: nothing closed early
    assert _settings(page)["body"] == evil[:80]


def test_no_cors_is_opened_and_the_page_still_serves_its_own_routes(start):
    s = start(page=True, embed_origins=SITE)
    r = requests.post(s.url + "/api/ask", json={"question": "通过市人民政府网站发布了多少条信息？"},
                      headers={"Origin": SITE}, timeout=30)
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers
    pre = requests.options(s.url + "/api/ask", headers={"Origin": SITE, "Access-Control-Request-Method": "POST"},
                           timeout=10)
    assert "access-control-allow-origin" not in pre.headers
    # With the Gradio page mounted at "/", /embed and /embed.js are still ours.
    assert "gk-settings" in requests.get(s.url + "/embed", timeout=10).text
    assert "咨询" in requests.get(s.url + "/embed.js", timeout=10).text


def test_embed_origins_setting():
    from ingest.config import Config

    assert Config.from_env(env={"GONGKAI_EMBED_ORIGINS": "https://a.gov.cn/, http://b.cn:8080"}).embed_origins == (
        "https://a.gov.cn", "http://b.cn:8080")
    assert Config.from_env(env={"GONGKAI_EMBED_ORIGINS": "*"}).embed_origins == ("*",)
    assert Config.from_env(env={}).embed_origins == ()
    for bad in ("a.gov.cn", "https://a.gov.cn/path", "javascript:alert(1)", "https://a.gov.cn; script-src *",
                "'self'"):
        with pytest.raises(ValueError, match="GONGKAI_EMBED_ORIGINS"):
            Config.from_env(env={"GONGKAI_EMBED_ORIGINS": bad})
