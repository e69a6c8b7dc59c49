"""Limits before work (issue 16, findings 2, 3, 6, 7), over real HTTP on loopback: a per-client token bucket with
429 and Retry-After, X-Forwarded-For believed only from a configured proxy, a bounded answer queue, stricter
limits on failed staff logins, Gradio's upload route closed to all but staff, Gradio's errors in the one
error shape, 404s that echo no unbounded input, and no query string in the access log."""

from __future__ import annotations

import http.client
import json
import logging
import threading
from collections import Counter
from pathlib import Path

import pytest
import requests

from tests.reliability.conftest import SAMPLE, TOKEN

pytestmark = pytest.mark.slow

QUESTION = "通过市人民政府网站发布了多少条信息？"


def post(url: str, path: str, body: dict | None = None, source: str = "127.0.0.1", headers: dict | None = None):
    """A POST from a given loopback address (each address is another client)."""
    host, port = url.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60, source_address=(source, 0))
    try:
        conn.request("POST", path, body=json.dumps(body or {"question": QUESTION}).encode(),
                     headers={"Content-Type": "application/json", **(headers or {})})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, json.loads(r.read() or b"null")
    finally:
        conn.close()


def chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_one_client_is_held_to_its_bucket_and_others_are_not(serve, record):
    """Before: 300 rapid requests from one client were all served."""
    s = serve(rate_per_min=1, rate_burst=5)
    s.service.ingest([SAMPLE])
    got = [post(s.url, "/api/ask")[0] for _ in range(12)]
    status, headers, body = post(s.url, "/api/ask")
    assert got[:5] == [200] * 5 and set(got[5:]) == {429}, got
    assert status == 429 and body["error"]["code"] == "rate_limited" and chinese(body["error"]["message"])
    assert 1 <= int(headers["retry-after"]) <= 60
    other = [post(s.url, "/api/ask", source="127.0.0.2")[0] for _ in range(3)]
    draft = post(s.url, "/api/draft", source="127.0.0.1")[0]
    assert other == [200] * 3 and draft == 429  # /api/draft shares the bucket
    # X-Forwarded-For from a client that is not a configured proxy changes nothing
    spoofed = post(s.url, "/api/ask", headers={"X-Forwarded-For": "203.0.113.9"})[0]
    assert spoofed == 429
    record("limits", "one client: 13 rapid POST /api/ask (limit 1/min, burst 5), then another client, /api/draft, "
                     "and a spoofed X-Forwarded-For from the limited client",
           f"first 5 → 200, the rest 429 `rate_limited` with Retry-After {headers['retry-after']} s and a Chinese "
           "message; another address 3 × 200; /api/draft shares the bucket (429); the spoofed header ignored (429)")


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(serve, record):
    s = serve(rate_per_min=1, rate_burst=2, trusted_proxies=("127.0.0.1",))
    s.service.ingest([SAMPLE])
    a = [post(s.url, "/api/ask", headers={"X-Forwarded-For": "198.51.100.1"})[0] for _ in range(3)]
    b = [post(s.url, "/api/ask", headers={"X-Forwarded-For": "198.51.100.2"})[0] for _ in range(2)]
    # the right-most hop that is not a proxy is the client: a forged left part does not help
    forged = post(s.url, "/api/ask", headers={"X-Forwarded-For": "10.9.9.9, 198.51.100.1"})[0]
    untrusted = [post(s.url, "/api/ask", source="127.0.0.3", headers={"X-Forwarded-For": f"192.0.2.{i}"})[0]
                 for i in range(3)]
    assert a == [200, 200, 429] and b == [200, 200] and forged == 429 and untrusted == [200, 200, 429]
    record("limits", "behind a trusted proxy (127.0.0.1): clients told apart by X-Forwarded-For; a forged left part; "
                     "the same header from an address that is not a proxy",
           "each forwarded client its own bucket (200, 200, 429 / 200, 200); forged left part → still 429; from a "
           "non-proxy the header is ignored (its own address: 200, 200, 429)")


def test_a_full_answer_queue_says_busy(serve, record):
    s = serve(answer_queue=1)
    s.service.ingest([SAMPLE])
    counts: Counter = Counter()
    bad = []
    lock = threading.Lock()

    def client(n: int):
        for _ in range(8):
            status, headers, body = post(s.url, "/api/draft", source=f"127.0.1.{n}")
            with lock:
                counts[status] += 1
                if status == 503 and not (body["error"]["code"] == "busy" and chinese(body["error"]["message"])
                                          and headers.get("retry-after")):
                    bad.append(body)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert set(counts) <= {200, 503} and counts[503] > 0 and counts[200] > 0 and not bad, counts
    record("limits", "answer queue of 1, 16 clients × 8 POST /api/draft at once",
           f"{counts[200]} answered, {counts[503]} × 503 `busy` (服务器正忙，请稍后再试。, Retry-After); "
           "no other status")


def test_failed_staff_logins_lock_the_client_out(serve, record, tmp_path):
    s = serve(login_failures=3, login_window_s=60)
    wrong = [requests.delete(f"{s.url}/api/reports/x", headers={"Authorization": f"Bearer wrong{i}"}, timeout=10)
             for i in range(3)]
    locked = requests.post(f"{s.url}/api/reports", files={"file": ("a.txt", SAMPLE.read_bytes())},
                           headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    assert [r.status_code for r in wrong] == [401] * 3
    assert locked.status_code == 429 and locked.json()["error"]["code"] == "too_many_failures"
    assert chinese(locked.json()["error"]["message"]) and int(locked.headers["retry-after"]) > 0
    host, port = s.url.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30, source_address=("127.0.0.5", 0))
    conn.request("DELETE", "/api/reports/zhongwei-kjj-2024", headers={"Authorization": f"Bearer {TOKEN}"})
    other = conn.getresponse().status
    conn.close()
    assert other == 404  # another client is not locked out (and the right token works for it)
    session = requests.post(f"{s.url}/api/staff/session", json={"token": TOKEN}, timeout=10)
    assert session.status_code == 429  # the page's login goes through the same lock
    record("limits", "3 wrong staff tokens from one client (limit 3 per 60 s), then the right one; another client",
           "3 × 401, then 429 `too_many_failures` for the right token too (REST and the page's login), with "
           "Retry-After; another client's right token works")


def _gradio_upload(url: str, **kw):
    return requests.post(f"{url}/gradio_api/upload", files={"files": ("big.txt", b"x" * 200_000)}, timeout=30, **kw)


def test_gradio_upload_is_staff_only_and_errors_are_plain(serve, record, tmp_path):
    """Before: anyone could put any number of 50 MB files into Gradio's upload folder, never deleted."""
    from gradio.utils import get_upload_folder

    s = serve(page=True)
    folder = Path(get_upload_folder())
    before = sorted(folder.rglob("*")) if folder.exists() else []
    refused = [_gradio_upload(s.url), _gradio_upload(s.url, headers={"Authorization": "Bearer wrong"}),
               _gradio_upload(s.url, cookies={"gongkai_staff": "forged"})]
    after = sorted(folder.rglob("*")) if folder.exists() else []
    assert [r.status_code for r in refused] == [401] * 3
    assert all(r.json()["error"]["code"] == "unauthorized" and chinese(r.json()["error"]["message"]) for r in refused)
    assert after == before, "nothing may be written by a refused upload"
    with requests.Session() as staff:
        assert staff.post(f"{s.url}/api/staff/session", json={"token": TOKEN}, timeout=10).status_code == 200
        ok = staff.post(f"{s.url}/gradio_api/upload", files={"files": ("r.txt", b"abc")}, timeout=30)
    assert ok.status_code == 200, ok.text
    for p in ok.json():
        Path(p).unlink(missing_ok=True)
    # an unknown fn_index: before, a bare 500
    unknown = requests.post(f"{s.url}/gradio_api/queue/join",
                            json={"fn_index": 999, "data": [], "session_hash": "abc", "event_data": None}, timeout=10)
    assert 400 <= unknown.status_code < 600 and set(unknown.json()) == {"error"}, unknown.text
    assert chinese(unknown.json()["error"]["message"])
    record("security", "Gradio's /gradio_api/upload without a staff session (none, a wrong token, a forged cookie), "
                       "then with one; /gradio_api/queue/join with an unknown fn_index",
           f"3 × 401 in the one error shape, nothing written to Gradio's upload folder; the staff session uploads "
           f"(200); unknown fn_index → {unknown.status_code} `{unknown.json()['error']['code']}` with a Chinese "
           "message (before: a bare 500)")


def test_gradio_event_errors_are_plain_chinese(serve, record):
    """Before: malformed event data came back as "'NoneType' object is not subscriptable" and object reprs."""
    s = serve(page=True)
    join = requests.post(f"{s.url}/gradio_api/queue/join",
                         json={"fn_index": 0, "data": [None, None, "not-a-dict", 12345], "session_hash": "plainerr",
                               "event_data": None, "trigger_id": None}, timeout=10)
    texts = []
    if join.status_code == 200:
        with requests.get(f"{s.url}/gradio_api/queue/data", params={"session_hash": "plainerr"}, stream=True,
                          timeout=30) as r:
            for line in r.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    event = json.loads(line[5:])
                    texts.append(json.dumps(event, ensure_ascii=False))
                    if event.get("msg") in ("process_completed", "close_stream", "unexpected_error"):
                        break
    shown = " ".join(texts) + (join.text if join.status_code != 200 else "")
    assert "提交的内容不符合要求" in shown or "内部错误" in shown, shown[:500]
    assert ("is not in the list" not in shown and "object at 0x" not in shown and "NoneType" not in shown
            and "Traceback" not in shown), shown[:500]
    record("security", "a page event with malformed data (fn_index 0, wrong types)",
           "the reply carries a plain Chinese sentence, no exception text or object repr")


def test_unknown_report_404_echoes_no_unbounded_input(serve, record):
    s = serve()
    s.service.ingest([SAMPLE])
    ref = "不存在的报告" * 1000
    r = requests.post(f"{s.url}/api/ask", json={"question": QUESTION, "report": ref}, timeout=30)
    message = r.json()["error"]["message"]
    assert r.status_code == 404 and len(message) < 200 and "zhongwei-kjj-2024" not in message, message
    long_path = requests.get(f"{s.url}/api/" + "x" * 5000, timeout=10).json()["error"]["message"]
    assert len(long_path) < 200
    record("bad input", "a 6,000-character unknown report id; a 5,000-character unknown /api path",
           f"404 with a {len(message)}-character message naming no report (before: the input at any length and every "
           "report id); the path cut short too")


def test_no_query_string_reaches_the_access_log(serve, record):
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, rec):
            records.append(rec.getMessage())

    s = serve()  # uvicorn sets up its loggers as it starts: the handler goes on after that
    access = logging.getLogger("uvicorn.access")
    handler, level = Keep(), access.level
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        requests.get(f"{s.url}/healthz?token=sekrit-{TOKEN}", timeout=10)
        requests.post(f"{s.url}/api/reports?token={TOKEN}", timeout=10)
    finally:
        access.removeHandler(handler)
        access.setLevel(level)
    assert records and all(TOKEN not in line and "?" not in line for line in records), records
    record("security", "requests with ?token=… in the query string, access log at INFO",
           f"{len(records)} access lines, none with the query string")
