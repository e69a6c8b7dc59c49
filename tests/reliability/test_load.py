"""Many clients asking at once on loopback, alone and while reports are ingested through the staff API.

Every loop is bounded by a count and a deadline and stops by itself. Answers must equal single-client
answers; during ingest, a found answer must be the one from before or the one from after (never a third,
partial one), otherwise found:false or, scoped to a report still being ingested, 404 (not indexed); and
`GET /api/reports` may only list reports whose chunks and facts are all stored.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from tests.reliability.conftest import TOKEN, essentials, load_questions, percentile, report_files

pytestmark = pytest.mark.slow

DEADLINE_S = {False: 180.0, True: 900.0}


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, status: int, problem: str | None = None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] += 1
            if problem:
                self.problems.append(problem)


def body_of(item: dict) -> dict:
    body = {"question": item["question"]}
    if item.get("scope"):
        body["report"] = item["scope"]
    if item.get("history"):
        body["history"] = item["history"]
    return body


def ask_all(url: str, items: list[dict]) -> list[tuple[int, dict | None]]:
    """Single client, one question after another: the reference answers."""
    out = []
    with requests.Session() as s:
        for item in items:
            r = s.post(f"{url}/api/ask", json=body_of(item), timeout=60)
            out.append(outcome(r))
    return out


def outcome(r: requests.Response) -> tuple[int, object]:
    """What must match: the answer without its latency, or the error's code (its message may list reports)."""
    return (r.status_code, essentials(r.json()) if r.status_code == 200 else r.json()["error"]["code"])


def run_clients(url: str, items: list[dict], clients: int, total: int, judge, deadline_s: float,
                keep_going=lambda: False) -> Tally:
    """`clients` threads asking items round-robin until `total` are asked (and keep_going() is false)."""
    tally = Tally()
    counter = itertools.count()
    stop_at = time.monotonic() + deadline_s
    cap = total * 20  # however long ingest takes, the loop stops

    def client():
        with requests.Session() as s:
            while time.monotonic() < stop_at:
                n = next(counter)
                if n >= cap or (n >= total and not keep_going()):
                    return
                i = n % len(items)
                t0 = time.perf_counter()
                try:
                    r = s.post(f"{url}/api/ask", json=body_of(items[i]), timeout=60)
                except requests.RequestException as exc:
                    tally.add(time.perf_counter() - t0, 0, f"{items[i]['id']}: {exc!r}")
                    continue
                tally.add(time.perf_counter() - t0, r.status_code, judge(i, r))

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(deadline_s + 60)
    return tally


def pick(items: list[dict], n: int) -> list[dict]:
    return items if n >= len(items) else items[:: max(1, len(items) // n)][:n]


def test_concurrent_clients_get_single_client_answers(serve, corpus_data, sizes, record):
    s = serve(seed=corpus_data)
    items = pick(load_questions(), 120 if sizes.full else 25)
    reference = ask_all(s.url, items)

    def judge(i: int, r: requests.Response) -> str | None:
        return None if outcome(r) == reference[i] else f"{items[i]['id']}: differs from the single-client answer"

    t0 = time.monotonic()
    tally = run_clients(s.url, items, sizes.load_clients, sizes.load_questions, judge, DEADLINE_S[sizes.full])
    wall = time.monotonic() - t0
    served = sum(tally.statuses.values())
    errors = sum(n for code, n in tally.statuses.items() if code == 0 or code >= 500)
    record("load", f"{sizes.load_clients} concurrent clients, {sizes.load_questions} questions to POST /api/ask "
                   f"({len(items)} distinct gold questions, {len(reference)} single-client references)",
           f"{served} served in {wall:.1f} s ({served / wall:.0f}/s), {errors} errors, {len(tally.problems)} answers "
           f"differing from single-client; p50 {percentile(tally.latencies, 0.5) * 1000:.0f} ms, "
           f"p95 {percentile(tally.latencies, 0.95) * 1000:.0f} ms")
    assert served == sizes.load_questions and errors == 0, tally.statuses
    assert not tally.problems, tally.problems[:5]


# -- while ingesting ----------------------------------------------------------------------------
def changed_copy(path: Path, folder: Path) -> Path:
    out = folder / path.name
    out.write_text(path.read_text(encoding="utf-8") + "\n（本报告已更新）\n", encoding="utf-8")
    return out


class ListingWatcher:
    """Polls GET /api/reports; every listed report must have all its chunks and facts stored."""

    def __init__(self, url: str, store):
        self.url, self.store = url, store
        self.polls = self.checked = 0
        self.problems: list[str] = []
        self.done = threading.Event()

    def run(self, deadline_s: float) -> None:
        stop_at = time.monotonic() + deadline_s
        with requests.Session() as s:
            while not self.done.is_set() and time.monotonic() < stop_at:
                r = s.get(f"{self.url}/api/reports", timeout=30)
                self.polls += 1
                if r.status_code != 200:
                    self.problems.append(f"GET /api/reports: {r.status_code}")
                    continue
                for rep in r.json()["reports"]:
                    self._check(rep)
                time.sleep(0.02)

    def _check(self, rep: dict) -> None:
        record = self.store.get_report(rep["report_id"])
        if record is None or (record.chunks, record.facts) != (rep["chunks"], rep["facts"]):
            return  # replaced or removed since it was listed: that version is no longer the one to check
        contents = list(self.store.contents_of([record.report_id], {record.report_id: record.content_hash}))
        chunks = sum(len(c.chunks) for c in contents)
        facts = sum(len(c.facts) for c in contents)
        current = self.store.get_report(rep["report_id"])
        if current is None or current.content_hash != record.content_hash:
            return
        self.checked += 1
        if (chunks, facts) != (rep["chunks"], rep["facts"]):
            self.problems.append(f"{rep['report_id']} listed with {rep['chunks']} chunks/{rep['facts']} facts, "
                                 f"stored {chunks}/{facts}")


def split_reports(full: bool) -> tuple[list[Path], list[Path]]:
    """(reports indexed before, reports uploaded during the load)."""
    files = report_files() if full else [f for f in report_files() if f.suffix in (".txt", ".md")]
    late = files[1::2] if full else files[1:6:2]
    return [f for f in files if f not in late], late


def test_answers_while_reports_are_ingested(serve, corpus_data, sizes, record, tmp_path):
    early, late = split_reports(sizes.full)
    s = serve(seed=corpus_data)
    for f in report_files():
        if f not in early:
            s.service.remove(f.name)
    replaced = [f for f in early if f.suffix in (".txt", ".md")][: 2 if sizes.full else 1]
    uploads = late + [changed_copy(f, tmp_path) for f in replaced]
    items = pick(load_questions(), 120 if sizes.full else 40)
    before = ask_all(s.url, items)
    late_names = {f.name for f in late}

    watcher = ListingWatcher(s.url, s.service.store)
    ingest_done = threading.Event()
    upload_statuses: Counter = Counter()

    def ingest():
        with requests.Session() as session:
            for path in uploads:
                r = session.post(f"{s.url}/api/reports", files={"file": (path.name, path.read_bytes())},
                                 headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300)
                upload_statuses[r.json()["reports"][0]["status"] if r.status_code < 300 else r.status_code] += 1
        ingest_done.set()

    answers: list[tuple[int, int, object]] = []
    lock = threading.Lock()

    def judge(i: int, r: requests.Response) -> str | None:
        with lock:
            answers.append((i, *outcome(r)))
        return None

    threads = [threading.Thread(target=ingest, daemon=True),
               threading.Thread(target=watcher.run, args=(DEADLINE_S[sizes.full],), daemon=True)]
    for t in threads:
        t.start()
    t0 = time.monotonic()
    tally = run_clients(s.url, items, sizes.load_clients, sizes.ingest_load_questions, judge, DEADLINE_S[sizes.full],
                        keep_going=lambda: not ingest_done.is_set())
    wall = time.monotonic() - t0
    ingest_done.wait(DEADLINE_S[sizes.full])
    watcher.done.set()
    threads[1].join(30)
    after = ask_all(s.url, items)

    wrong = []
    not_indexed = not_found = 0
    for i, status, got in answers:
        scoped_late = (items[i].get("scope") or "") in late_names
        if scoped_late and status == 404 and got == "not_found":
            not_indexed += 1
            continue
        if status == 200 and not got["found"] and (status, got) not in (before[i], after[i]):
            not_found += 1  # e.g. "which of these reports?" while only some are in: a refusal, never a wrong figure
            continue
        if (status, got) not in (before[i], after[i]):
            wrong.append(f"{items[i]['id']}: {status} {str(got)[:200]}")
    served = sum(tally.statuses.values())
    errors = sum(n for code, n in tally.statuses.items() if code == 0 or code >= 500)
    record("load", f"{sizes.load_clients} clients asking (at least {sizes.ingest_load_questions} questions, until "
                   f"ingest ended) while {len(late)} new reports and {len(replaced)} changed ones were uploaded "
                   "one per `POST /api/reports`; `GET /api/reports` polled throughout",
           f"{served} served in {wall:.1f} s, {errors} errors (5xx or connection); uploads "
           + ", ".join(f"{k}: {v}" for k, v in upload_statuses.items())
           + f"; every found answer the before- or after-ingest one ({len(wrong)} other); {not_indexed} '404 not "
           f"indexed yet' for reports still being ingested, {not_found} found:false in between; "
           f"{watcher.polls} listings, {watcher.checked} report rows checked against stored chunks/facts, "
           f"{len(watcher.problems)} incomplete; p50 {percentile(tally.latencies, 0.5) * 1000:.0f} ms, "
           f"p95 {percentile(tally.latencies, 0.95) * 1000:.0f} ms")
    assert errors == 0, tally.statuses
    assert sum(upload_statuses.values()) == len(uploads), upload_statuses
    assert set(upload_statuses) <= {"added", "replaced"}, upload_statuses
    assert not wrong, wrong[:5]
    assert not watcher.problems, watcher.problems[:5]
    assert watcher.checked > 0


# -- 200 clients at a citizen's pace, one flooding, pathological questions --------------------------
def _mixed_sizes(full: bool) -> tuple[int, float]:
    return (200, 40.0) if full else (200, 12.0)


def test_well_behaved_clients_are_served_while_one_floods_and_odd_questions_arrive(corpus_data, tmp_path, record,
                                                                                    sizes):
    """Issue 16, finding 6: nothing held one script back. 200 clients (each its own loopback address) ask one
    question every 2 s; one client asks as fast as it can; a pathological question arrives every second. The
    server is a real `gongkai serve` with the default limits (60 a minute, burst 10 per client)."""
    import http.client
    import json
    import shutil
    import subprocess
    import sys

    from tests.reliability.test_server_process import Served

    clients, seconds = _mixed_sizes(sizes.full)
    data = tmp_path / "data"
    shutil.copytree(corpus_data, data)
    s = Served(data)
    questions = [q["question"] for q in pick(load_questions(), 60)]
    statuses: Counter = Counter()
    latencies: list[float] = []
    problems: list[str] = []
    busy: list[str] = []  # first tries told 503 busy (each retried once, after its Retry-After)
    lock = threading.Lock()
    start_at = time.monotonic() + 2.0
    stop_at = start_at + seconds

    def client(n: int):
        source = f"127.0.{2 + n // 250}.{1 + n % 250}"
        conn = None
        k = 0
        time.sleep(max(0.0, start_at - time.monotonic() + 2.0 * n / clients))  # each its own phase of the 2 s
        while time.monotonic() < stop_at:
            t0 = time.monotonic()
            question = questions[(n + k) % len(questions)]
            k += 1
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30, source_address=(source, 0))
                for attempt in range(2):
                    conn.request("POST", "/api/ask", body=json.dumps({"question": question}).encode(),
                                 headers={"Content-Type": "application/json"})
                    r = conn.getresponse()
                    r.read()
                    status = r.status
                    if status != 503 or attempt:
                        break
                    # A well-behaved client: told the server is busy, it waits as told and asks once more.
                    with lock:
                        busy.append(source)
                    time.sleep(float(r.getheader("Retry-After") or 2))
            except (OSError, http.client.HTTPException) as exc:
                status = 0
                if conn is not None:
                    conn.close()
                conn = None
                with lock:
                    problems.append(f"{source}: {exc!r}")
            took = time.monotonic() - t0
            with lock:
                statuses[status] += 1
                latencies.append(took)
            time.sleep(max(0.0, 2.0 - took))
        if conn is not None:
            conn.close()

    try:
        flood = subprocess.Popen([sys.executable, str(Path(__file__).with_name("flood.py")), str(s.port),
                                  str(seconds)], stdout=subprocess.PIPE, text=True)
        time.sleep(max(0.0, start_at - time.monotonic()))
        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(seconds + 90)
        out, _ = flood.communicate(timeout=seconds + 120)
    finally:
        code, _ = s.stop()
    got = json.loads(out)
    fl, odd = got["flood"], got["pathological"]
    allowed = 10 + 60 * seconds / 60 + 2  # burst + the rate over the run + rounding
    served = sum(statuses.values())
    errors = served - statuses[200]
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    odd_ok = [t for st, t in odd if st == 200]
    record("load", f"`gongkai serve`, 12 reports, default limits: {clients} clients (own loopback addresses) "
                   f"asking one gold question every 2 s for {seconds:.0f} s; "
                   "meanwhile one client asking as fast as it can and one "
                   "sending a pathological question (\"年\"×1999, \"2019年至2023年、\"×150, …) every second",
           f"{served} questions from the {clients}: {errors} errors ({len(busy)} first tries told busy, each "
           f"answered on its one retry after Retry-After), p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms; "
           f"the flooder: {fl['200']} answered, {fl['429']} × 429 (allowed at most {allowed:.0f}); pathological: "
           f"{len(odd_ok)}/{len(odd)} answered, slowest {max(odd_ok or [0]) * 1000:.0f} ms; "
           f"server exit {code} on SIGTERM")
    assert errors == 0 and not problems, (statuses, len(busy), problems[:5])
    # Shedding is for a server past its capacity, which 100 questions a second is not: a busy reply may
    # come only in a stall of the shared machine, never for a sizeable share of the questions.
    assert len(busy) <= 0.03 * served, (len(busy), served)
    assert p95 < 1.0, p95
    assert fl["200"] <= allowed and fl["429"] > 0 and fl["retry_after_ok"] and fl["other"] == 0, fl
    assert len(odd_ok) == len(odd) and odd and max(odd_ok) < 1.0, odd
    assert code == 0
