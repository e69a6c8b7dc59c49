"""A worker process for fuzzing the loaders: one JSON request per line on stdin, one JSON reply per line.

Run in its own process so that a hang can be cut off by the parent (kill) and a memory bomb meets an
address-space limit instead of the machine's memory.
"""

from __future__ import annotations

import json
import resource
import sys
import traceback
from pathlib import Path

MEMORY_LIMIT = 3 * 1024**3


def handle(request: dict) -> dict:
    from ingest.config import Config
    from ingest.errors import IngestError
    from ingest.parse import parse_report

    config = Config(data_dir=Path(request["data"]), max_file_mb=request.get("max_mb", 50.0))
    try:
        parsed = parse_report(Path(request["path"]), config, request.get("name"))
    except IngestError as exc:
        return {"outcome": "ingest_error", "message": exc.reason}
    except Exception as exc:  # noqa: BLE001 - this is what the fuzzer looks for
        return {"outcome": "other_error", "type": type(exc).__name__, "message": str(exc)[:300],
                "trace": traceback.format_exc()[-2000:]}
    return {"outcome": "parsed", "chunks": len(parsed.chunks), "facts": len(parsed.facts)}


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    for line in sys.stdin:
        reply = handle(json.loads(line))
        sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
