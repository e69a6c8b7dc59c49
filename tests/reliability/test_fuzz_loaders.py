"""Loaders fed random bytes, truncated and mutated PDFs/DOCX (a zip bomb among them) and odd encodings.

Every case runs `parse_report` (what ingest does before embedding) in a worker process with a time
limit and a memory limit: the only acceptable outcomes are a parsed report or an IngestError (a clear
per-file message); any other exception, a crash of the worker or a hang is a failure.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.reliability.conftest import REPO, REPORTS, SAMPLE, needs_shared

pytestmark = pytest.mark.slow

SLOW_S = 10.0  # a case slower than this is kept for a look (and reported), though not a failure
TIME_LIMIT_S = 60.0  # the PDF loader's own budget is checked between pages; a hang inside one page is ours to catch
WORKER = Path(__file__).with_name("fuzz_worker.py")
FAILED_CASES = REPO / "test-artifacts" / "reliability" / "fuzz-failures"
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-32", "shift_jis",
             "latin-1", "cp1252", "koi8-r")


class Worker:
    """parse_report in a child process; restarted after a hang or a crash."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.proc: subprocess.Popen | None = None
        self.n = 0

    def _start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
        self.proc = subprocess.Popen([sys.executable, str(WORKER)], cwd=REPO, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)

    def parse(self, name: str, data: bytes, max_mb: float = 50.0) -> dict:
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        self.n += 1
        path = self.tmp / f"case{self.n}{Path(name).suffix}"
        path.write_bytes(data)
        request = {"path": str(path), "name": name, "data": str(self.tmp / "data"), "max_mb": max_mb}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        t0 = time.monotonic()
        reply = self._read(TIME_LIMIT_S)
        path.unlink(missing_ok=True)
        if reply is not None:
            reply["seconds"] = time.monotonic() - t0
        return reply or {"outcome": "hang_or_crash", "seconds": time.monotonic() - t0}

    def _read(self, timeout: float) -> dict | None:
        import selectors

        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        ready = sel.select(timeout)
        sel.close()
        line = self.proc.stdout.readline() if ready else ""
        if not line:
            self.stop()
            return None
        return json.loads(line)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None


@pytest.fixture(scope="module")
def worker(tmp_path_factory):
    w = Worker(tmp_path_factory.mktemp("fuzz"))
    yield w
    w.stop()


# -- seeds ------------------------------------------------------------------------------------
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def docx_seed() -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading("中卫市科学技术局2024年政府信息公开工作年度报告", level=1)
    for line in sample_text().splitlines()[:40]:
        if line.strip():
            doc.add_paragraph(line.strip())
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([["项目", "本年新收", "总计"], ["自然人", "3", "3"], ["法人", "0", "0"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def pdf_seed() -> bytes:
    """A small text PDF (matplotlib, a CJK font if the machine has one) with a ruled table."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    cjk = sorted(Path("/usr/share/fonts").glob("**/wqy*.tt[cf]")) if Path("/usr/share/fonts").exists() else []
    props = font_manager.FontProperties(fname=str(cjk[0])) if cjk else None
    fig = plt.figure(figsize=(8.27, 11.69))
    lines = [line for line in sample_text().splitlines() if line.strip()][:30]
    for i, line in enumerate(lines):
        fig.text(0.05, 0.95 - i * 0.02, line[:40], fontproperties=props, fontsize=8)
    ax = fig.add_axes([0.1, 0.1, 0.8, 0.2])
    ax.table(cellText=[["1", "3", "0", "3"], ["2", "0", "0", "0"]], loc="center")
    ax.axis("off")
    out = io.BytesIO()
    fig.savefig(out, format="pdf")
    plt.close(fig)
    return out.getvalue()


def zip_bomb(declared_honestly: bool = True) -> bytes:
    """A .docx whose document.xml inflates to about 400 MB (about 400 KB on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            block = b"<w:p/>" * 100_000
            for _ in range(400_000_000 // len(block)):
                fh.write(block)
    return out.getvalue()


def html_of(body: str, charset: str = "utf-8") -> str:
    return (f"<html><head><meta charset='{charset}'><title>年度报告</title></head><body><article>"
            f"{body}<table><tr><td>本年新收</td><td>3</td></tr></table></article></body></html>")


# -- mutations --------------------------------------------------------------------------------
@st.composite
def mutated(draw, seed: bytes, keep_pdf_ends: bool = False):
    """The seed truncated, with bytes flipped, inserted, deleted or a span repeated."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "repeat"]))
        pos = draw(st.integers(0, max(0, len(data) - 1)))
        if kind == "truncate":
            del data[pos:]
        elif kind == "flip":
            for i in range(pos, min(len(data), pos + draw(st.integers(1, 64)))):
                data[i] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=256))
        elif kind == "delete":
            del data[pos:pos + draw(st.integers(1, 2048))]
        else:
            data[pos:pos] = data[pos:pos + draw(st.integers(1, 4096))] * draw(st.integers(2, 20))
    out = bytes(data)
    if keep_pdf_ends and draw(st.booleans()):  # past the cheap header/trailer checks, into the parser
        out = b"%PDF-1.4\n" + out[9:] + b"\n%%EOF\n"
    return out


def text_cases():
    odd = st.builds(lambda t, enc: t.encode(enc, errors="ignore"),
                    st.text(st.characters(codec="utf-8"), min_size=0, max_size=3000) |
                    st.just(sample_text()), st.sampled_from(ENCODINGS))
    return st.one_of(st.binary(max_size=5000), odd, mutated(sample_text().encode("utf-8")),
                     mutated(sample_text().encode("gb18030")),
                     st.builds(lambda n: ("问" * n).encode() + b"\n" * n, st.integers(0, 200_000)))


def html_cases():
    page = html_of(sample_text().replace("\n", "<br>"))
    return st.one_of(st.binary(max_size=5000), mutated(page.encode("utf-8")),
                     st.builds(lambda cs: html_of(sample_text(), cs).encode(cs, errors="ignore"),
                               st.sampled_from(("gbk", "big5", "utf-16", "latin-1", "shift_jis"))),
                     st.builds(lambda n: ("<div>" * n + "深").encode(), st.integers(1, 50_000)))


def pdf_cases(full: bool):
    seeds = [pdf_seed()]
    if full:
        seeds.append((REPORTS / "hongze-qu-2024.pdf").read_bytes())
    return st.one_of(st.binary(max_size=4000), st.builds(lambda b: b"%PDF-1.7\n" + b + b"\n%%EOF", st.binary()),
                     *[mutated(s, keep_pdf_ends=True) for s in seeds])


def docx_cases():
    seed = docx_seed()
    return st.one_of(st.binary(max_size=4000), st.builds(lambda b: b"PK\x03\x04" + b, st.binary()),
                     mutated(seed), mutated(seed).map(lambda b: b[:-200] + seed[-200:]),
                     st.builds(_docx_with_xml, st.binary(max_size=2000) | st.text().map(str.encode)),
                     mutated(_part(seed, "word/document.xml"))
                     .map(lambda xml: _replace_part(seed, "word/document.xml", xml)))


def _part(docx: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return zf.read(name)


def _replace_part(docx: bytes, name: str, data: bytes) -> bytes:
    """The same Word file with one part replaced (a valid zip around a damaged part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == name else src.read(info.filename))
    return out.getvalue()


def _docx_with_xml(xml: bytes) -> bytes:
    """A well-formed zip whose document.xml is anything."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"/>')
        zf.writestr("word/document.xml", xml)
    return out.getvalue()


def keep_case(loader: str, suffix: str, data: bytes) -> Path:
    """A failing input, kept for reproducing it: `gongkai ingest <file>`."""
    import hashlib

    FAILED_CASES.mkdir(parents=True, exist_ok=True)
    path = FAILED_CASES / f"{loader}-{hashlib.sha1(data).hexdigest()[:10]}{suffix}"
    path.write_bytes(data)
    return path


# -- the test ---------------------------------------------------------------------------------
LOADERS = {"txt": (".txt", lambda full: text_cases()), "md": (".md", lambda full: text_cases()),
           "html": (".html", lambda full: html_cases()), "pdf": (".pdf", pdf_cases),
           "docx": (".docx", lambda full: docx_cases())}
def nested(open_tag: str, close_tag: str, depth: int = 20_000) -> bytes:
    return ("<html><body>" + open_tag * depth + "政府信息公开工作年度报告，本年新收申请81件。" * 3 + close_tag * depth
            + "</body></html>").encode()


def figures_mid_chunk() -> bytes:
    """Long runs of figures that do not end their chunk: chunking's table test once backtracked exponentially."""
    row = "640020470" * 4  # cells run together, as in the crawled Pingtan pages
    return ("政府信息公开工作年度报告\n" + "\n".join(f"第{i}行 {row}。说明" for i in range(20))).encode()


def damaged_page() -> bytes:
    """A real report whose first page object is damaged: PDFium's page load raised out of the loader."""
    import re

    data = (REPORTS / "hongze-qu-2024.pdf").read_bytes()
    first = re.search(rb"/Type\s*/Page\b(?!s)", data)
    return data[: first.end() - 4] + b"Pxge" + data[first.end():]


def named_box() -> bytes:
    """A real report whose MediaBox holds a name: pdfplumber's MalformedPDFException escaped the loader."""
    import re

    data = (REPORTS / "hongze-qu-2024.pdf").read_bytes()
    box = re.search(rb"/MediaBox\s*\[([^\]]*)\]", data)
    return data[: box.start(1)] + b"0 0 /x 84 1".ljust(len(box.group(1))) + data[box.end(1):]


SEEDS = {"pdf": pdf_seed, "docx": docx_seed}
FIXED = {"docx": [("zip bomb (400 MB document.xml)", zip_bomb)],
         "txt": [("36-digit runs inside chunks", figures_mid_chunk)],
         "pdf": [("a real report with a damaged page object", damaged_page),
                 ("a real report with a non-numeric page box", named_box)],
         # Each of these took from 13 s to many minutes before nesting depth was limited (load_html.MAX_DEPTH).
         "html": [("20,000 nested <div>s", lambda: nested("<div>", "</div>")),
                  ("20,000 nested article containers", lambda: nested('<div class="content">', "</div>")),
                  ("5,000 nested tables", lambda: nested("<table><tr><td>", "</td></tr></table>", 5000))]}


@pytest.mark.parametrize("loader", [pytest.param(n, marks=needs_shared("reports/hongze-qu-2024.pdf"))
                                    if n == "pdf" else n for n in LOADERS])  # the pdf cases damage a real report
def test_loader_never_crashes_or_hangs(loader, worker, sizes, record):
    suffix, strategy = LOADERS[loader]
    outcomes: Counter = Counter()
    failures: list[str] = []
    slowest = [0.0]
    slow: list[str] = []

    def check(data: bytes) -> None:
        reply = worker.parse(f"报告{suffix}", data)
        outcomes[reply["outcome"]] += 1
        slowest[0] = max(slowest[0], reply["seconds"])
        if reply["seconds"] > SLOW_S:
            slow.append(f"{reply['seconds']:.1f} s: {keep_case('slow-' + loader, suffix, data)}")
        if reply["outcome"] not in ("parsed", "ingest_error"):
            kept = keep_case(loader, suffix, data)
            failures.append(f"{reply['outcome']} after {reply['seconds']:.1f} s on {len(data)} bytes (kept as {kept}): "
                            f"{reply.get('type')} {reply.get('message')}\n{reply.get('trace', '')}")
        elif reply["outcome"] == "ingest_error":
            assert reply["message"] and any("\u4e00" <= ch <= "\u9fff" for ch in reply["message"]), reply

    if loader in SEEDS:  # the unmutated seed must parse, or the mutations test nothing but the first check
        check(SEEDS[loader]())
        assert outcomes["parsed"] == 1, f"the {loader} seed does not parse: {failures}"
    for label, make in FIXED.get(loader, []):
        check(make())
        assert not failures and slowest[0] < 10, f"{label} took {slowest[0]:.1f} s: {failures}"

    @settings(max_examples=sizes.fuzz_cases, deadline=None, database=None, derandomize=not sizes.full,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(strategy(sizes.full))
    def fuzz(data: bytes) -> None:
        check(data)

    fuzz()
    tried = sum(outcomes.values())
    extra = "".join(f", {label}" for label, _ in FIXED.get(loader, []))
    record("bad input", f"{tried} fuzzed {suffix} files{extra}: random bytes, truncated/mutated seeds, odd encodings",
           f"{outcomes['parsed']} parsed, {outcomes['ingest_error']} clear IngestError, "
           f"{tried - outcomes['parsed'] - outcomes['ingest_error']} crashes/hangs; slowest {slowest[0]:.1f} s "
           f"(limit {TIME_LIMIT_S:g} s)")
    assert not failures, "\n\n".join(failures[:5])
