"""The staff token check shared by the REST API and the page's staff tab."""

from __future__ import annotations

import hmac

from ingest.config import Config


def token_ok(config: Config, given: str | None) -> bool:
    """Constant-time comparison of a given token with the configured staff token."""
    if config.staff_token is None or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), config.staff_token.value.encode("utf-8"))
