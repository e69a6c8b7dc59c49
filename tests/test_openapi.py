"""/docs tells the truth (issue 17 item 8): the OpenAPI document gives every route a success schema and every
error status the one shape {"error": {"code", "message"}} (no FastAPI default bodies), and real responses of a
real server — successes and errors — validate against those same models."""

from __future__ import annotations

import shutil

import pytest
import requests
from conftest import SAMPLE
from live_server import LiveServer

from ui.schemas import AnswerOut, DraftOut, ErrorOut, HealthOut, RemovedOut, ReportsOut, UploadOut

TOKEN = "staff-token-42"
QUESTION = "通过市人民政府网站发布了多少条信息？"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, embedder):
    from assistant.service import Gongkai
    from ingest.config import Config

    data = tmp_path_factory.mktemp("openapi-seed") / "data"
    assert Gongkai(Config(data_dir=data), embedder=embedder).ingest([SAMPLE])[0].status == "added"
    return data


@pytest.fixture(params=[False, pytest.param(True, marks=pytest.mark.slow)], ids=["rest", "with-page"])
def server(request, tmp_path, seeded, embedder):
    from assistant.service import Gongkai
    from ingest.config import Config, Secret
    from ui.server import create_app

    data = tmp_path / "data"
    shutil.copytree(seeded, data)
    config = Config(data_dir=data, staff_token=Secret(TOKEN))
    s = LiveServer(create_app(config, Gongkai(config, embedder=embedder), page=request.param), data).start()
    yield s
    s.stop()


def _resolve(doc: dict, schema: dict) -> dict:
    ref = schema.get("$ref")
    return doc["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else schema


def test_every_route_documents_its_success_schema_and_the_one_error_shape(server):
    doc = requests.get(server.url + "/openapi.json", timeout=30).json()
    schemas = doc["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas  # FastAPI's 422 body
    assert set(_resolve(doc, schemas["ErrorOut"])["properties"]) == {"error"}
    assert set(schemas["ErrorDetail"]["required"]) == {"code", "message"}
    routes = [(path, method, op) for path, ops in doc["paths"].items() for method, op in ops.items()]
    assert {(p, m) for p, m, _ in routes} == {("/api/ask", "post"), ("/api/draft", "post"), ("/api/reports", "get"),
                                              ("/api/reports", "post"), ("/api/reports/{report_id}", "delete"),
                                              ("/healthz", "get")}
    for path, method, op in routes:
        codes = op["responses"]
        ok = [c for c in codes if c.startswith("2")]
        assert ok, (path, method)
        for c in ok:
            schema = codes[c]["content"]["application/json"]["schema"]
            assert "$ref" in schema and schema["$ref"].endswith("Out"), (path, method, c, schema)
        errors = [c for c in codes if c[0] in "45"]
        assert {"400", "422", "429", "500", "503"} <= set(errors), (path, method)
        for c in errors:
            assert codes[c]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}, (
                path, method, c)
            assert codes[c]["description"] and codes[c]["description"] != "Validation Error"
    staff = {(p, m) for p, m, op in routes if "401" in op["responses"]}
    assert staff == {("/api/reports", "post"), ("/api/reports/{report_id}", "delete")}


def test_real_responses_have_the_documented_shapes(server, tmp_path):
    url = server.url
    auth = {"Authorization": f"Bearer {TOKEN}"}
    ok = [(AnswerOut, requests.post(url + "/api/ask", json={"question": QUESTION}, timeout=30)),
          (DraftOut, requests.post(url + "/api/draft", json={"question": QUESTION}, timeout=30)),
          (ReportsOut, requests.get(url + "/api/reports", timeout=30)),
          (HealthOut, requests.get(url + "/healthz", timeout=30))]
    copy = tmp_path / "second.txt"
    copy.write_text(SAMPLE.read_text(encoding="utf-8").replace("中卫市科学技术局", "沙坡头区教育局"), encoding="utf-8")
    with open(copy, "rb") as fh:
        ok.append((UploadOut, requests.post(url + "/api/reports", files={"file": fh}, headers=auth, timeout=60)))
    ok.append((RemovedOut, requests.delete(url + "/api/reports/second", headers=auth, timeout=30)))
    for model, r in ok:
        assert r.status_code in (200, 201), (r.request.method, r.url, r.text[:200])
        model.model_validate(r.json())
    answer = ok[0][1].json()
    assert answer["short_answer"] == "31条" and "page" not in answer["citations"][0]  # nothing added by the model

    errors = [(400, requests.post(url + "/api/ask", data="{bad json", headers={"Content-Type": "application/json"},
                                  timeout=30)),
              (422, requests.post(url + "/api/ask", json={"report": "x"}, timeout=30)),
              (401, requests.delete(url + "/api/reports/zhongwei-kjj-2024", timeout=30)),
              (404, requests.delete(url + "/api/reports/no-such", headers=auth, timeout=30)),
              (404, requests.get(url + "/api/nothing-here", timeout=30)),
              (405, requests.post(url + "/healthz", timeout=30)),
              (405, requests.put(url + "/api/ask", timeout=30))]
    for status, r in errors:
        assert r.status_code == status, (r.request.method, r.url, r.status_code, r.text[:200])
        body = ErrorOut.model_validate(r.json())
        assert body.error.code and any("\u4e00" <= ch <= "\u9fff" for ch in body.error.message), r.text
