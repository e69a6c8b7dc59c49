"""A client that asks as fast as it can, and one that sends a pathological question every second, for
test_load's mixed load (a separate process, so its loop does not slow the well-behaved clients' threads).

Usage: python flood.py PORT SECONDS  → one JSON line on stdout. Bounded in time; loopback only.
"""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time

PATHOLOGICAL = ["年" * 1999, "2019年至2023年、" * 150, "月" * 1999, ("平潭abc123、ΩΣ😀" * 200)[:1999]]


def post(conn_box: list, port: int, source: str, question: str) -> tuple[int, float, str]:
    t0 = time.perf_counter()
    for _ in range(2):
        if conn_box[0] is None:
            conn_box[0] = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(source, 0))
        try:
            conn_box[0].request("POST", "/api/ask", body=json.dumps({"question": question}).encode(),
                                headers={"Content-Type": "application/json"})
            r = conn_box[0].getresponse()
            body = r.read()
            if r.getheader("connection", "").lower() == "close":
                conn_box[0].close()
                conn_box[0] = None
            return r.status, time.perf_counter() - t0, body[:200].decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            conn_box[0].close()
            conn_box[0] = None
    return 0, time.perf_counter() - t0, ""


def main() -> None:
    port, seconds = int(sys.argv[1]), float(sys.argv[2])
    stop = time.monotonic() + seconds
    flood = {"200": 0, "429": 0, "other": 0, "retry_after_ok": True}
    odd: list[tuple[int, float]] = []

    def flooder():
        box = [None]
        while time.monotonic() < stop:
            status, _, body = post(box, port, "127.0.9.9", "通过市人民政府网站发布了多少条信息？")
            key = str(status) if status in (200, 429) else "other"
            flood[key] += 1
            if status == 429 and "rate_limited" not in body:
                flood["retry_after_ok"] = False

    def pathological():
        box = [None]
        n = 0
        while time.monotonic() < stop:
            t0 = time.monotonic()
            status, took, _ = post(box, port, "127.0.9.10", PATHOLOGICAL[n % len(PATHOLOGICAL)])
            odd.append((status, took))
            n += 1
            time.sleep(max(0.0, 1.0 - (time.monotonic() - t0)))

    threads = [threading.Thread(target=flooder), threading.Thread(target=pathological)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 60)
    print(json.dumps({"seconds": seconds, "flood": flood, "pathological": odd}))


if __name__ == "__main__":
    main()
