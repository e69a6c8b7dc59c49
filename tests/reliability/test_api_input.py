"""`/api/ask`, `/api/draft` and the staff upload fed malformed JSON, huge bodies, control characters,
lone surrogates, 100k-character questions and hostile file names: always an answer or a 4xx in the
one error shape with a Chinese message, never a 500."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
import requests
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.reliability.conftest import SAMPLE, TOKEN

pytestmark = pytest.mark.slow

QUESTION = "通过市人民政府网站发布了多少条信息？"
ANSWER_KEYS = {"question", "answer", "short_answer", "found", "citations", "mode", "latency_ms"}
odd_text = st.text(st.characters(codec="utf-8", categories=("Cc", "Cf", "Zs", "Lo", "Nd", "P", "S", "Cs")),
                   max_size=300)
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | odd_text,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(odd_text, inner, max_size=4),
                           max_leaves=12)


def ask_bodies():
    """Bodies for /api/ask: raw bytes, any JSON, and well-shaped requests with odd contents."""
    shaped = st.fixed_dictionaries(
        {"question": odd_text | st.sampled_from([QUESTION, "", " " * 50, "问" * 100_000, "\x00" * 10,
                                                  "<script>alert(1)</script>", "\ud800\udfff"])},
        optional={"report": odd_text | st.sampled_from(["../../etc/passwd", "zhongwei-kjj-2024", "*", "\x00"]),
                  "history": st.lists(st.tuples(odd_text, odd_text), max_size=8) | json_values})
    return st.one_of(st.binary(max_size=2000).map(lambda b: ("raw", b)),
                     json_values.map(lambda v: ("json", json.dumps(v).encode())),
                     shaped.map(lambda d: ("json", json.dumps(d).encode())),
                     shaped.map(lambda d: ("json", json.dumps(d, ensure_ascii=False).encode("utf-8", "surrogatepass"))))


def check_reply(r: requests.Response, counts: Counter) -> None:
    counts[r.status_code] += 1
    assert r.status_code < 500, f"{r.status_code}: {r.text[:500]}"
    body = r.json()
    if r.status_code >= 400:
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
        assert re.search(r"[\u4e00-\u9fff]", body["error"]["message"]), body
    elif r.request.path_url == "/api/ask":
        assert ANSWER_KEYS <= set(body), body


def test_ask_and_draft_never_answer_500(serve, sizes, record, tmp_path):
    s = serve()
    s.service.ingest([SAMPLE])
    counts: Counter = Counter()
    session = requests.Session()

    @settings(max_examples=sizes.api_cases, deadline=None, database=None, derandomize=not sizes.full,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(ask_bodies(), st.sampled_from(["/api/ask", "/api/draft"]),
           st.sampled_from(["application/json", "text/plain", "application/x-www-form-urlencoded", None]))
    def fuzz(case, path, content_type):
        headers = {"Content-Type": content_type} if content_type else {}
        check_reply(session.post(s.url + path, data=case[1], headers=headers, timeout=60), counts)

    fuzz()
    fixed = fixed_cases(s.url, session, counts)
    record("bad input", f"{sum(counts.values())} requests to /api/ask and /api/draft: random bytes, random JSON, "
                        f"control characters, lone surrogates, 100k-character questions, {fixed} fixed edge cases "
                        "(2 MB body, chunked 2 MB body, 5,000-turn history)",
           "status counts " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + "; no 5xx, every error in "
           "the one JSON shape with a Chinese message")


def fixed_cases(url: str, session: requests.Session, counts: Counter) -> int:
    cases = [
        lambda: session.post(url + "/api/ask", json={"question": "问" * 100_000}, timeout=30),
        lambda: session.post(url + "/api/ask", data=b"{" * 2_000_000, headers={"Content-Type": "application/json"},
                             timeout=30),
        lambda: session.post(url + "/api/ask", data=iter([b'{"question": "', b"x" * 2_000_000, b'"}']),
                             headers={"Content-Type": "application/json"}, timeout=30),  # chunked, no length
        lambda: session.post(url + "/api/ask", json={"question": QUESTION, "history": [["问", "答"]] * 5000},
                             timeout=30),
        lambda: session.post(url + "/api/ask", data=b'{"question": "\\ud800"}',
                             headers={"Content-Type": "application/json"}, timeout=30),
        lambda: session.post(url + "/api/ask", data=b"\xff\xfe{}", headers={"Content-Type": "application/json"},
                             timeout=30),
    ]
    replies = [case() for case in cases]
    for r in replies:
        check_reply(r, counts)
    assert [r.status_code for r in replies] == [400, 413, 413, 200, 422, 400], [r.text[:200] for r in replies]
    assert "代理码位" in replies[4].json()["error"]["message"]  # was a 500 (UnicodeEncodeError in the embedder)
    return len(cases)


names = st.one_of(odd_text, st.sampled_from(["../../../../etc/passwd.txt", "..\\..\\boot.ini.txt", "/abs/path.txt",
                                             "a" * 5000 + ".txt", ".txt", "..txt", "con.txt", "\x00.txt",
                                             "报告.TXT", "x.pdf.txt", "x.txt\n.pdf"]))


def test_uploads_with_hostile_names_stay_in_the_uploads_folder(serve, sizes, record, tmp_path):
    s = serve()
    data_dir = s.service.config.data_dir
    counts: Counter = Counter()
    session = requests.Session()
    body = SAMPLE.read_bytes()

    @settings(max_examples=max(10, sizes.api_cases // 4), deadline=None, database=None, derandomize=not sizes.full,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(names, st.sampled_from([body, b"%PDF-1.4 junk", b"PK\x03\x04junk", b"\x00\x01binary", b""]))
    def fuzz(name, content):
        r = session.post(s.url + "/api/reports", files={"file": (name, content, "application/octet-stream")},
                         headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
        check_reply(r, counts)

    fuzz()
    stored = [p for p in data_dir.rglob("*") if p.is_file() and "uploads" in p.parts]
    assert all(re.fullmatch(r"[0-9a-f]{32}\.(txt|md|html|htm|pdf|docx)", p.name) for p in stored), stored
    outside = [p for p in tmp_path.parent.rglob("passwd*")] + [p for p in tmp_path.rglob("boot.ini*")]
    assert not outside
    record("security", f"{sum(counts.values())} staff uploads with hostile names (../, \\, absolute, NUL, 5,000 "
                       "characters, control characters) and mismatched contents",
           "status counts " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + f"; {len(stored)} stored "
           "files, all under data/uploads with generated names; nothing written outside")
