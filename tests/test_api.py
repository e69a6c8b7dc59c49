"""The REST API over real HTTP: a uvicorn server in a thread on a free loopback port.

Each test gets its own data folder with the sample report ingested; the USE model is
loaded once per module and handed to every service.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "zhongwei-kjj-2024.txt"
TOKEN = "staff-token-42"
QUESTION = "通过市人民政府网站发布了多少条信息？"


from conftest import derived_report  # noqa: E402
from live_server import LiveServer  # noqa: E402


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, embedder) -> Path:
    """The sample ingested once; each test copies this folder, so each has its own data."""
    from assistant.service import Gongkai
    from ingest.config import Config

    data = tmp_path_factory.mktemp("seed") / "data"
    results = Gongkai(Config(data_dir=data), embedder=embedder).ingest([SAMPLE])
    assert results[0].status == "added", results[0].error
    return data


@pytest.fixture
def start(tmp_path, seeded, embedder):
    """start(token=..., page=False, **config) -> LiveServer over a copy of the seeded data folder."""
    from assistant.service import Gongkai
    from ingest.config import Config, Secret
    from ui.server import create_app

    servers = []

    def _start(token: str | None = TOKEN, page: bool = False, **flags) -> LiveServer:
        data = tmp_path / f"data{len(servers)}"
        shutil.copytree(seeded, data)
        config = Config(data_dir=data, staff_token=Secret(token) if token else None, **flags)
        app = create_app(config, Gongkai(config, embedder=embedder), page=page)
        servers.append(LiveServer(app).start())
        return servers[-1]

    yield _start
    for s in servers:
        s.stop()


def auth(token: str = TOKEN) -> dict:
    return {"Authorization": f"Bearer {token}"}


def assert_error(r: requests.Response, status: int) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"]["message"]), body  # Chinese
    return body["error"]


# -- answers ----------------------------------------------------------------------------------
def test_ask_returns_the_answer_object_with_figure_and_citation(start):
    s = start()
    r = requests.post(f"{s.url}/api/ask", json={"question": QUESTION}, timeout=30)
    assert r.status_code == 200, r.text
    a = r.json()
    assert set(a) >= {"question", "answer", "short_answer", "found", "citations", "mode", "latency_ms"}
    assert a["found"] is True
    assert a["short_answer"] == "31条"
    assert any("网站发布共31条" in c["text"].replace(" ", "") for c in a["citations"])
    c = a["citations"][0]
    assert set(c) >= {"report_id", "file", "body", "year", "section", "text"}
    assert c["file"] == "zhongwei-kjj-2024.txt" and c["year"] == 2024


def test_ask_with_report_and_history_answers_the_follow_up(start):
    s = start()
    first = requests.post(f"{s.url}/api/ask", json={"question": QUESTION, "report": "zhongwei-kjj-2024"},
                          timeout=30).json()
    r = requests.post(f"{s.url}/api/ask", json={"question": "那通过中卫日报呢？", "report": "zhongwei-kjj-2024",
                                                "history": [[QUESTION, first["answer"]]]}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json()["short_answer"] == "60条"


def test_draft_returns_draft_and_citations(start):
    s = start()
    r = requests.post(f"{s.url}/api/draft", json={"question": QUESTION}, timeout=30)
    assert r.status_code == 200, r.text
    d = r.json()
    assert "31条" in d["draft"] and d["citations"]


def test_healthz_and_reports(start):
    s = start()
    assert requests.get(f"{s.url}/healthz", timeout=10).json() == {"ok": True, "reports": 1}
    reports = requests.get(f"{s.url}/api/reports", timeout=10).json()["reports"]
    assert [r["report_id"] for r in reports] == ["zhongwei-kjj-2024"]
    assert set(reports[0]) >= {"report_id", "file", "title", "body", "year", "template", "chunks", "facts",
                               "audit_findings"}
    assert reports[0]["body"] == "中卫市科学技术局" and reports[0]["year"] == 2024


# -- errors: one shape ------------------------------------------------------------------------
def test_empty_question_is_a_400_error(start):
    s = start()
    err = assert_error(requests.post(f"{s.url}/api/ask", json={"question": "  "}, timeout=10), 400)
    assert "问题不能为空" in err["message"]


def test_too_long_question_is_a_400_error(start):
    s = start()
    err = assert_error(requests.post(f"{s.url}/api/ask", json={"question": "问" * 10_000}, timeout=10), 400)
    assert "2000" in err["message"]


def test_malformed_json_and_wrong_shapes_are_4xx_errors(start):
    s = start()
    headers = {"Content-Type": "application/json"}
    assert assert_error(requests.post(f"{s.url}/api/ask", data="{not json", headers=headers, timeout=10),
                        400)["code"] == "invalid_json"
    assert "question" in assert_error(requests.post(f"{s.url}/api/ask", json={"q": 1}, timeout=10), 422)["message"]
    assert_error(requests.post(f"{s.url}/api/ask", json=["a"], timeout=10), 422)
    assert_error(requests.post(f"{s.url}/api/ask", json={"question": 5}, timeout=10), 422)
    assert_error(requests.post(f"{s.url}/api/ask", json={"question": "x", "history": "no"}, timeout=10), 422)


# With the page mounted at "/", /api paths must still answer in JSON; mounting it imports Gradio (seconds).
@pytest.mark.parametrize("page", [False, pytest.param(True, marks=pytest.mark.slow)])
def test_unknown_report_is_404_and_unknown_route_and_method_too(start, page):
    s = start(page=page)
    assert_error(requests.post(f"{s.url}/api/ask", json={"question": "x", "report": "nope"}, timeout=10), 404)
    assert_error(requests.get(f"{s.url}/api/nothing-here", timeout=10), 404)
    assert_error(requests.get(f"{s.url}/api/ask", timeout=10), 405)
    if page:
        got = requests.get(f"{s.url}/", timeout=30)
        assert got.status_code == 200 and "<html" in got.text.lower()


def test_oversized_body_is_413(start):
    s = start()
    big = {"question": "x", "history": [["问" * 1000, "答" * 1000]] * 300}  # about 1.8 MB of UTF-8
    assert assert_error(requests.post(f"{s.url}/api/ask", json=big, timeout=30), 413)["code"] == "too_large"


def test_openapi_docs_are_served(start):
    s = start()
    spec = requests.get(f"{s.url}/openapi.json", timeout=10).json()
    assert {"/api/ask", "/api/draft", "/api/reports", "/api/reports/{report_id}", "/healthz"} <= set(spec["paths"])
    assert requests.get(f"{s.url}/docs", timeout=10).status_code == 200


# -- staff: upload and remove -----------------------------------------------------------------
def upload(s: LiveServer, path: Path, headers: dict | None = None, name: str | None = None):
    with open(path, "rb") as f:
        return requests.post(f"{s.url}/api/reports", files={"file": (name or path.name, f, "text/plain")},
                             headers=headers or {}, timeout=60)


def test_upload_refused_without_or_with_wrong_token(start, tmp_path):
    s = start()
    report = derived_report(tmp_path)
    assert assert_error(upload(s, report), 401)["code"] == "unauthorized"
    assert_error(upload(s, report, auth("wrong")), 401)
    assert_error(upload(s, report, {"Authorization": TOKEN}), 401)  # no "Bearer"
    assert requests.get(f"{s.url}/healthz", timeout=10).json()["reports"] == 1


def test_upload_and_delete_disabled_when_no_token_configured(start, tmp_path):
    s = start(token=None)
    assert assert_error(upload(s, derived_report(tmp_path), auth()), 403)["code"] == "staff_disabled"
    assert_error(requests.delete(f"{s.url}/api/reports/zhongwei-kjj-2024", headers=auth(), timeout=10), 403)


def test_upload_with_token_is_ingested_under_its_name_and_answerable(start, tmp_path):
    s = start()
    r = upload(s, derived_report(tmp_path), auth())
    assert r.status_code == 201, r.text
    row = r.json()["reports"][0]
    assert row["status"] == "added" and row["file"] == "shapotou-jyj-2023.txt"
    assert row["report_id"] == "shapotou-jyj-2023" and row["body"] == "沙坡头区教育局" and row["year"] == 2023
    stored = list((s_data(s) / "uploads").iterdir())
    assert len(stored) == 1 and stored[0].name != "shapotou-jyj-2023.txt"  # a generated name
    a = requests.post(f"{s.url}/api/ask", json={"question": "沙坡头区教育局2023年通过市人民政府网站发布了多少条信息？"},
                      timeout=30).json()
    assert "47" in a["short_answer"], a
    assert a["citations"][0]["file"] == "shapotou-jyj-2023.txt"
    again = upload(s, derived_report(tmp_path), auth())
    assert again.status_code == 200 and again.json()["reports"][0]["status"] == "unchanged"


def s_data(s: LiveServer) -> Path:
    return s.server.config.app.state.config.data_dir


def test_upload_never_uses_the_client_path(start, tmp_path):
    s = start()
    r = upload(s, derived_report(tmp_path), auth(), name="../../../etc/evil.txt")
    assert r.status_code == 201, r.text
    assert r.json()["reports"][0]["file"] == "evil.txt"
    assert not (s_data(s).parent.parent / "etc").exists()


def test_upload_checks_content_type_by_magic_bytes(start, tmp_path):
    s = start()
    fake_pdf = tmp_path / "report.pdf"
    fake_pdf.write_text("这不是 PDF 文件" * 10, encoding="utf-8")
    assert assert_error(upload(s, fake_pdf, auth()), 415)["code"] == "content_mismatch"
    binary_txt = tmp_path / "report.txt"
    binary_txt.write_bytes(b"\x00\x01\x02" * 100)
    assert_error(upload(s, binary_txt, auth()), 415)
    exe = tmp_path / "report.exe"
    exe.write_bytes(b"MZ" + b"\x00" * 100)
    assert assert_error(upload(s, exe, auth()), 415)["code"] == "unsupported_type"
    assert not list((s_data(s) / "uploads").glob("*")) if (s_data(s) / "uploads").exists() else True


def test_upload_over_the_size_limit_is_413(start, tmp_path):
    s = start(max_file_mb=0.05)
    big = tmp_path / "big.txt"
    big.write_text("政府信息公开" * 20_000, encoding="utf-8")  # about 360 KB
    assert_error(upload(s, big, auth()), 413)


def test_upload_of_a_file_that_is_not_readable_is_an_error(start, tmp_path):
    s = start()
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("短", encoding="utf-8")
    err = assert_error(upload(s, tiny, auth()), 422)
    assert err["code"] == "ingest_failed" and "tiny.txt" in err["message"]


def test_delete_with_token_removes_the_report(start):
    s = start()
    assert_error(requests.delete(f"{s.url}/api/reports/zhongwei-kjj-2024", timeout=10), 401)
    r = requests.delete(f"{s.url}/api/reports/zhongwei-kjj-2024", headers=auth(), timeout=30)
    assert r.status_code == 200, r.text
    assert r.json()["removed"]["report_id"] == "zhongwei-kjj-2024"
    assert requests.get(f"{s.url}/healthz", timeout=10).json()["reports"] == 0
    assert_error(requests.delete(f"{s.url}/api/reports/zhongwei-kjj-2024", headers=auth(), timeout=10), 404)
    a = requests.post(f"{s.url}/api/ask", json={"question": QUESTION}, timeout=30).json()
    assert a["found"] is False


def test_unexpected_errors_are_a_generic_500(start, monkeypatch):
    s = start()
    service = s.server.config.app.state.service

    def boom(*a, **kw):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(service, "ask", boom)
    r = requests.post(f"{s.url}/api/ask", json={"question": QUESTION}, timeout=10)
    err = assert_error(r, 500)
    assert err["code"] == "internal_error" and "secret" not in r.text


# -- feedback log -----------------------------------------------------------------------------
def test_feedback_log_round_trip(tmp_path):
    from ui.feedback import FeedbackLog

    log = FeedbackLog(tmp_path)
    assert log.export() == []
    fid = log.add("问", "答", "down", [{"file": "a.txt"}], {"report": None})
    log.explain(fid, "出处错误", "  引用的段落不对 ")
    (row,) = log.export()
    assert row["rating"] == "down" and row["reason"] == "出处错误" and row["comment"] == "引用的段落不对"
    assert row["citations"] == [{"file": "a.txt"}] and row["settings"] == {"report": None}
    with pytest.raises(ValueError):
        log.add("问", "答", "meh")


def test_rendered_answers_escape_outside_text():
    from assistant.models import Answer, Citation
    from ui.render import answer_md, question_md

    q = question_md("<script>alert(1)</script> **粗**")
    assert "<script>" not in q and "&lt;script&gt;" in q and "\\*\\*" in q
    a = Answer("q", "共<b>31</b>条", "31条", True,
               [Citation("r", "a<i>.txt", "局", 2024, "一、总体", "网站发布共31条，<img src=x onerror=alert(1)>131条")])
    md = answer_md(a)
    assert "<img" not in md and "<b>" not in md and "<i>" not in md
    assert "共<mark>31</mark>条" in md and "1<mark>31</mark>" not in md


def test_a_non_ascii_token_works_when_sent_as_utf8(start, tmp_path):
    s = start(token="公开令牌")
    r = upload(s, derived_report(tmp_path), {"Authorization": "Bearer 公开令牌".encode("utf-8")})
    assert r.status_code == 201, r.text


@pytest.mark.slow  # the staff tab's handlers import Gradio (several seconds)
def test_page_staff_handlers_recheck_the_token(tmp_path, seeded, embedder):
    """The page's staff events are reachable without the page, so each handler checks the token itself."""
    from assistant.service import Gongkai
    from ingest.config import Config, Secret
    from ui.staff import make_draft, make_inspect, make_reingest, make_remove, make_resolve, make_upload

    data = tmp_path / "data"
    shutil.copytree(seeded, data)
    config = Config(data_dir=data, staff_token=Secret(TOKEN))
    service = Gongkai(config, embedder=embedder)
    status, _, held, _ = make_upload(service, config)("wrong", [str(derived_report(tmp_path))], progress=None)
    assert "令牌不正确" in status and held == []
    assert "令牌不正确" in make_reingest(service, config)("wrong", "zhongwei-kjj-2024")
    fake = [{"name": "x.txt", "path": str(SAMPLE), "body": "b", "year": 2024, "same": ["zhongwei-kjj-2024"]}]
    assert "令牌不正确" in make_resolve(service, config, "replace")("wrong", fake)[0]
    assert SAMPLE.exists()  # a refused choice touches no file
    assert "令牌不正确" in make_remove(service, config)("", "zhongwei-kjj-2024")
    assert make_draft(service, config)("wrong", QUESTION, "*")[0] == ""
    assert "令牌不正确" in make_inspect(service, config)("wrong", "zhongwei-kjj-2024")[0]
    assert "已停用" in make_remove(service, Config(data_dir=data))(TOKEN, "zhongwei-kjj-2024")
    assert [r.report_id for r in service.reports()] == ["zhongwei-kjj-2024"]
    assert "已删除" in make_remove(service, config)(TOKEN, "zhongwei-kjj-2024")
    assert service.reports() == []
