"""Limits before work: who a client is, a token bucket per client, a bounded answer queue, and failed
staff logins (stricter). One `Limits` object per server, shared by the REST API and the page.

A client is its address; X-Forwarded-For is believed only when the connection comes from one of the
configured proxies (GONGKAI_TRUSTED_PROXIES), and then the right-most address that is not a proxy is
the client (a client can put anything at the left of the header). Every table is bounded: the least
recently seen clients are forgotten first.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections import OrderedDict

from ingest.config import Config

MAX_CLIENTS = 100_000  # clients remembered per table (about 100 bytes each)


def _network(value: str):
    return ipaddress.ip_network(value, strict=False)


def _address(value: str):
    try:
        return ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return None


class ClientKey:
    def __init__(self, trusted: tuple[str, ...] = ()):
        self.trusted = [_network(p) for p in trusted]

    def _is_proxy(self, addr) -> bool:
        return addr is not None and any(addr in net for net in self.trusted)

    def __call__(self, peer: str | None, forwarded_for: str | None) -> str:
        peer = peer or "unknown"
        if not forwarded_for or not self._is_proxy(_address(peer)):
            return peer
        hops = [h.strip() for h in forwarded_for.split(",") if h.strip()]
        for hop in reversed(hops):
            addr = _address(hop)
            if addr is None:
                return peer  # a malformed hop: nothing to the left of it can be believed
            if not self._is_proxy(addr):
                return str(addr)
        return str(_address(hops[0])) if hops else peer


class TokenBucket:
    """`burst` requests at once, then `per_min` a minute, per client."""

    def __init__(self, per_min: float, burst: int, max_clients: int = MAX_CLIENTS):
        self.rate = per_min / 60.0
        self.burst = float(burst)
        self._max = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # client -> (tokens, when)
        self._lock = threading.Lock()

    def take(self, client: str, now: float | None = None) -> float:
        """0 when the request may go ahead (a token taken), otherwise the seconds until a token is back."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, then = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - then) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[client] = (tokens, now)
                wait = (1.0 - tokens) / self.rate
            while len(self._buckets) > self._max:
                self._buckets.popitem(last=False)
            return wait


class FailedLogins:
    """At most `allowed` wrong staff tokens per client in `window_s`; then every attempt is refused, the right
    token included, until the oldest failure is older than the window."""

    def __init__(self, allowed: int, window_s: float, max_clients: int = MAX_CLIENTS):
        self.allowed, self.window_s, self._max = allowed, window_s, max_clients
        self._failures: OrderedDict[str, list[float]] = OrderedDict()
        self._last: OrderedDict[str, tuple[str | None, float]] = OrderedDict()
        self._lock = threading.Lock()

    def blocked(self, client: str, now: float | None = None) -> float:
        """0 when the client may try a token, otherwise the seconds until it may."""
        now = time.monotonic() if now is None else now
        with self._lock:
            recent = [t for t in self._failures.get(client, []) if now - t < self.window_s]
            if recent:
                self._failures[client] = recent
            else:
                self._failures.pop(client, None)
            return recent[0] + self.window_s - now if len(recent) >= self.allowed else 0.0

    def failed(self, client: str, attempt: str | None = None, now: float | None = None) -> None:
        """One wrong token. The same token again within a few seconds (the page's login sends it to two
        places) counts once: guessing means trying different tokens."""
        now = time.monotonic() if now is None else now
        with self._lock:
            last = self._last.get(client)
            if attempt is not None and last is not None and last[0] == attempt and now - last[1] < 10.0:
                return
            self._last[client] = (attempt, now)
            while len(self._last) > self._max:
                self._last.popitem(last=False)
            times = self._failures.pop(client, [])
            times.append(now)
            self._failures[client] = times[-self.allowed:]
            while len(self._failures) > self._max:
                self._failures.popitem(last=False)


class AnswerGate:
    """At most `size` answers being worked on or waiting at once; the next one is told the server is busy."""

    def __init__(self, size: int):
        self.size = size
        self._n = 0
        self._lock = threading.Lock()

    def enter(self) -> bool:
        with self._lock:
            if self._n >= self.size:
                return False
            self._n += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self._n = max(0, self._n - 1)


RATE_LIMITED = "提问太频繁，请 {s} 秒后再试。"
BUSY = "服务器正忙，请稍后再试。"
LOGIN_BLOCKED = "工作人员令牌输错次数过多，请 {m} 分钟后再试。"


def seconds(wait: float) -> int:
    return max(1, math.ceil(wait))


class Limits:
    def __init__(self, config: Config):
        self.client = ClientKey(config.trusted_proxies)
        self.questions = TokenBucket(config.rate_per_min, config.rate_burst)
        self.logins = FailedLogins(config.login_failures, config.login_window_s)
        self.answers = AnswerGate(config.answer_queue)

    @staticmethod
    def login_message(wait: float) -> str:
        return LOGIN_BLOCKED.format(m=max(1, math.ceil(wait / 60)))


def client_of(limits: Limits, request) -> str:
    """The key of the client behind a page event (a gr.Request), found as the REST API finds it."""
    if request is None:
        return "page"
    peer = getattr(getattr(request, "client", None), "host", None)
    headers = getattr(request, "headers", None) or {}
    return limits.client(peer, headers.get("x-forwarded-for"))
