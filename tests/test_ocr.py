"""Scanned reports: image-only versions of the three real PDFs, read by OCR.

The scans are made here: every page rendered at 150 dpi and saved as an image-only PDF.
OCR takes a few seconds a page, so each page is read once per session (a memo around
`ingest.ocr.read_image`) and the slow tests share the parsed reports and one index.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from conftest import QA, REPORTS, needs_shared

from ingest.config import Config, LoadLimits, OcrLimits
from ingest.errors import IngestError
from ingest.facts.extract import extract_facts
from ingest.models import TableBlock
from ingest.ocr.engine import TextBox
from ingest.ocr.layout import MIN_CELL_CONFIDENCE, layout_page
from ingest.pages import page_at
from ingest.text.clean import clean_pages

PDFS = ["hongze-qu-2023.pdf", "hongze-qu-2024.pdf", "huaian-shi-2024.pdf"]
SCAN_DPI = 150

needs_reports = needs_shared(*(f"reports/{n}" for n in PDFS))


# ---------------------------------------------------------------- making scans


def image_pdf(images, path: Path, dpi: int = SCAN_DPI) -> Path:
    images[0].save(path, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return path


def scan_of(source: Path, path: Path, dpi: int = SCAN_DPI) -> Path:
    """An image-only copy of a PDF: what a scanner or a 'print to image' produces."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(source))
    try:
        images = [page.render(scale=dpi / 72).to_pil().convert("L") for page in pdf]
    finally:
        pdf.close()
    return image_pdf(images, path, dpi)


def white_pages(n: int, path: Path) -> Path:
    from PIL import Image

    return image_pdf([Image.new("L", (1240, 1754), 255) for _ in range(n)], path)


@pytest.fixture(scope="session")
def ocr_memo():
    """Each distinct page image is read by OCR once per session (the tests parse each scan twice)."""
    import ingest.ocr.engine as ocr

    real = ocr.read_image
    seen: dict[str, list[TextBox]] = {}

    def memo(image):
        key = hashlib.sha1(image.tobytes()).hexdigest() + str(image.shape)
        if key not in seen:
            seen[key] = real(image)
        return seen[key]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ocr, "read_image", memo)
        yield


@pytest.fixture
def parse_here(ocr_memo, monkeypatch):
    """Ingest parses in a separate process, where the OCR memo does not reach: for this test it parses in this
    one (its own fallback when no process can start), so each page is read once, not once per index."""

    def no_process(*args, **kwargs):
        raise OSError("tests: parse in this process, where the OCR memo is")

    monkeypatch.setattr("ingest.ingester.ParseWorker", no_process)


@pytest.fixture(scope="session")
def scans(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("scans")
    return {name: scan_of(REPORTS / name, folder / name) for name in PDFS}


@pytest.fixture(scope="session")
def parsed(scans, ocr_memo):
    """(text-layer, scan) ParsedReport pairs by file name."""
    from ingest.parse import parse_report

    config = Config.from_env(env={})
    return {name: (parse_report(REPORTS / name, config), parse_report(path, config)) for name, path in scans.items()}


# ---------------------------------------------------------------- layout (fast, synthetic boxes)


def _box(x0, y0, text, conf=0.99, w=None, h=30):
    return TextBox(x0, y0, x0 + (w or 20 * len(text)), y0 + h, text, conf)


def _t3_row(y, label, values, conf=0.99):
    boxes = [_box(100, y, label)]
    for i, v in enumerate(values):
        boxes.append(_box(600 + 60 * i, y, v, conf=conf if i == 1 else 0.99))
    return boxes


def test_layout_rebuilds_rows_and_columns():
    boxes = [_box(100, 40, "三、收到和处理政府信息公开申请情况", w=700)]
    boxes += [_box(600 + 60 * i, 100, w, w=40)
              for i, w in enumerate(["自然人", "商业", "科研", "公益", "法律", "其他", "总计"])]
    boxes += _t3_row(160, "一、本年新收政府信息公开申请数量", ["5", "0", "0", "0", "0", "0", "5"])
    boxes += [_box(100, 205, "（二）部分公开（区分处理的，只计这一")]  # a label wrapped over two lines
    boxes += _t3_row(220, "", ["1", "0", "0", "0", "0", "0", "1"])[1:]
    boxes += [_box(100, 238, "情形)")]
    boxes += [_box(580, 1500, "3")]  # a page number: not a table row
    page = layout_page(boxes, page=4)
    kinds = [k for k, _ in page.blocks]
    assert kinds == ["text", "table", "text"]
    table = page.blocks[1][1]
    assert isinstance(table, TableBlock) and table.page == 4
    assert table.rows[-2] == ["一、本年新收政府信息公开申请数量", "5", "0", "0", "0", "0", "0", "5"]
    assert table.rows[-1] == ["（二）部分公开（区分处理的，只计这一情形)", "1", "0", "0", "0", "0", "0", "1"]
    assert page.unsure_cells == 0


def test_low_confidence_cell_becomes_null_not_a_guess():
    boxes = [_box(100, 40, "三、收到和处理政府信息公开申请情况", w=700)]
    boxes += _t3_row(160, "一、本年新收政府信息公开申请数量", ["5", "8", "0", "0", "0", "0", "13"],
                     conf=MIN_CELL_CONFIDENCE - 0.2)
    boxes += _t3_row(220, "二、上年结转政府信息公开申请数量", ["0", "o", "0", "0", "0", "0", "0"])  # not a digit
    page = layout_page(boxes, page=1)
    rows = page.blocks[-1][1].rows
    assert rows[0][1:] == ["5", "", "0", "0", "0", "0", "13"]
    assert rows[1][1:] == ["0", "", "0", "0", "0", "0", "0"]
    assert page.unsure_cells == 2
    text = "三、收到和处理政府信息公开申请情况\n" + "\n".join(" | ".join(r) for r in rows)
    _, facts = extract_facts(text, [TableBlock(rows)], "r")
    cell = {(f.row, f.column): f.value for f in facts}
    assert cell[("本年新收政府信息公开申请数量", "商业企业")] is None
    assert cell[("本年新收政府信息公开申请数量", "总计")] == 13
    assert cell[("上年结转政府信息公开申请数量", "商业企业")] is None


def test_clean_pages_knows_where_pages_start():
    text, starts = clean_pages("第一页的标题\n一、总体情况\n本段跨页，\f继续写完。\n二、主动公开政府信息情况\f三、收到")
    assert text.split("\n") == ["第一页的标题", "一、总体情况", "本段跨页，继续写完。", "二、主动公开政府信息情况",
                                "三、收到"]
    assert starts[0] == 0
    assert text[starts[1] :].startswith("继续写完。")  # page 2 starts inside the joined paragraph
    assert text[starts[2] :] == "三、收到"
    assert [page_at(starts, text.index(s)) for s in ("本段跨页", "二、主动", "三、收到")] == [1, 2, 3]


# ---------------------------------------------------------------- errors and limits


def test_blank_pdf_gives_clear_error(tmp_path):
    import pypdfium2 as pdfium

    from ingest.loaders import load

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    path = tmp_path / "blank.pdf"
    pdf.save(str(path))
    pdf.close()
    with pytest.raises(IngestError) as err:
        load(path, LoadLimits(50))
    assert "空白" in err.value.reason


@pytest.mark.slow
def test_scan_with_nothing_readable_gives_clear_error(tmp_path):
    from ingest.loaders import load

    with pytest.raises(IngestError) as err:
        load(white_pages(1, tmp_path / "white.pdf"), LoadLimits(50))
    assert "没有读出任何文字" in err.value.reason


def test_ocr_page_limit(tmp_path):
    from ingest.loaders import load

    with pytest.raises(IngestError) as err:
        load(white_pages(3, tmp_path / "three.pdf"), LoadLimits(50, ocr=OcrLimits(max_pages=2)))
    assert "3 页是扫描页" in err.value.reason and "上限 2 页" in err.value.reason


@pytest.mark.slow
def test_ocr_time_limit(tmp_path, capsys):
    from ingest.loaders import load

    with pytest.raises(IngestError) as err:
        load(white_pages(2, tmp_path / "two.pdf"), LoadLimits(50, ocr=OcrLimits(time_s=1e-6)))
    assert "OCR 识别超时" in err.value.reason and "1/2 页" in err.value.reason
    assert "OCR 第 1/2 页" in capsys.readouterr().err


def test_config_reads_ocr_limits():
    config = Config.from_env(env={"GONGKAI_OCR_MAX_PAGES": "7", "GONGKAI_OCR_TIME_S": "12.5"})
    assert config.ocr_limits == OcrLimits(7, 12.5)
    assert Config.from_env(env={}).ocr_limits == OcrLimits()


# ---------------------------------------------------------------- the three real reports, scanned


@needs_reports
@pytest.mark.slow
def test_scanned_reports_body_year_and_pages(parsed):
    for name, (text, scan) in parsed.items():
        assert scan.report.body == text.report.body, name
        assert scan.report.year == text.report.year, name
        assert any("OCR" in w for w in scan.warnings), name
        assert all(c.ocr and c.page for c in scan.chunks), name
        assert all(f.ocr and f.page for f in scan.facts), name
        assert not any(c.ocr for c in text.chunks), name
        assert {c.page for c in text.chunks} >= {1, 2}, name


def _table3(parsed_report, column: str = "总计") -> dict[str, object]:
    return {f.row: f.value for f in parsed_report.facts if f.table == "三" and f.column == column}


@needs_reports
@pytest.mark.slow
def test_table3_total_column_matches_text_layer(parsed):
    agree = []
    for name, (text, scan) in parsed.items():
        expected, got = _table3(text), _table3(scan)
        assert expected, name
        wrong = {row: (v, expected.get(row)) for row, v in got.items() if v is not None and v != expected.get(row)}
        assert not wrong, f"{name}: OCR read figures that differ from the text layer: {wrong}"
        if got == expected:
            agree.append(name)
    assert len(agree) >= 2, agree


@needs_reports
@pytest.mark.slow
def test_scanned_table_cells_are_right_or_null(parsed):
    """Over every table cell of the three scans: nothing guessed, most cells read."""
    read = total = 0
    for name, (text, scan) in parsed.items():
        expected = {(f.table, f.row, f.column): f.value for f in text.facts}
        for f in scan.facts:
            key = (f.table, f.row, f.column)
            if expected.get(key) is None:
                continue
            total += 1
            if f.value is not None:
                assert f.value == expected[key], (name, key, f.value, expected[key])
                read += 1
    assert read >= 0.9 * total, (read, total)


def _gold() -> list[dict]:
    return [q for q in map(json.loads, QA.read_text(encoding="utf-8").splitlines()) if q.get("report") in PDFS]


def _score(app, questions: list[dict]) -> tuple[float, list[str]]:
    from eval.scorer import is_correct

    right = []
    for q in questions:
        answer = app.ask(q["question"], report=q.get("scope"), history=q.get("history"))
        if is_correct(q, answer.to_dict()):
            right.append(q["id"])
    return 100.0 * len(right) / len(questions), right


@needs_reports
@pytest.mark.slow
def test_gold_questions_on_scans_score_near_text_layer(scans, parse_here, tmp_path_factory, embedder):
    from assistant.service import Gongkai

    questions = _gold()
    assert len(questions) >= 20
    scores = {}
    for kind, files in (("text", {n: REPORTS / n for n in PDFS}), ("scan", scans)):
        data = tmp_path_factory.mktemp(f"data-{kind}")
        app = Gongkai(Config.from_env(env={}, data_dir=data), embedder=embedder)
        results = app.ingest(list(files.values()))
        assert [r.status for r in results] == ["added"] * 3, [r.error for r in results]
        scores[kind] = _score(app, questions)
    for name in PDFS:
        ids = [q["id"] for q in questions if q["report"] == name]
        shown = {k: sum(i in scores[k][1] for i in ids) for k in scores}
        print(f"{name}: text layer {shown['text']}/{len(ids)}, scan {shown['scan']}/{len(ids)}")
    print(f"gold questions: text layer {scores['text'][0]:.0f}%, scan {scores['scan'][0]:.0f}%")
    assert scores["scan"][0] >= scores["text"][0] - 10, (scores, set(scores["text"][1]) - set(scores["scan"][1]))


@needs_reports
@pytest.mark.slow
def test_answer_from_scan_says_it_was_read_from_a_scan(scans, parse_here, tmp_path_factory, embedder):
    from assistant.service import Gongkai

    app = Gongkai(Config.from_env(env={}, data_dir=tmp_path_factory.mktemp("data-cite")), embedder=embedder)
    app.ingest([scans["hongze-qu-2023.pdf"]])
    answer = app.ask("洪泽区2023年受理政府信息公开申请多少件？", report="hongze-qu-2023.pdf")
    assert answer.found
    assert "扫描件" in answer.answer
    assert all(c.ocr and c.page for c in answer.citations)


@needs_reports
@pytest.mark.slow
def test_ocr_seconds_per_page(tmp_path):
    from ingest.ocr.engine import ocr_seconds_per_page

    # 160 dpi: page images the session memo has not seen, so this is a real OCR run.
    seconds = ocr_seconds_per_page(scan_of(REPORTS / "hongze-qu-2024.pdf", tmp_path / "s.pdf", dpi=160), pages=1)
    assert 0 < seconds < 120
