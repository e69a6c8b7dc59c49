"""`gongkai ingest` that kills itself with SIGKILL right after its N-th write call to Chroma.

A deterministic kill -9 at each step of a write (texts, contents, the report record, deleting the old
version), which random kill times rarely hit. Usage: crash_ingest.py N gongkai-args...
"""

from __future__ import annotations

import os
import signal
import sys


def main() -> None:
    from chromadb.api.models.Collection import Collection

    limit, calls = int(sys.argv[1]), [0]

    def counted(method):
        def wrapper(self, *args, **kwargs):
            result = method(self, *args, **kwargs)
            calls[0] += 1
            if calls[0] >= limit:
                os.kill(os.getpid(), signal.SIGKILL)
            return result

        return wrapper

    for name in ("add", "upsert", "update", "delete"):
        setattr(Collection, name, counted(getattr(Collection, name)))
    from ui.cli import main as cli

    sys.exit(cli(sys.argv[2:]))


if __name__ == "__main__":
    main()
