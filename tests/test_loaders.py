"""Loaders: the real PDFs, DOCX/HTML/TXT built here, and one test per class of bad input."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest
from conftest import REPORTS, load_shared, needs_shared

from ingest.config import LoadLimits
from ingest.errors import IngestError
from ingest.loaders import load
from ingest.text.clean import clean

MAX_MB = 50

needs_reports = needs_shared()


def _row(tables, label: str) -> list[str]:
    """The first table row whose label cells include `label`."""
    for table in tables:
        for row in table.rows:
            if any(label in cell for cell in row if not cell.replace(".", "").isdigit()):
                return row
    raise AssertionError(f"no row labelled {label!r}")


def _numbers(row: list[str]) -> list[int]:
    return [int(float(c)) for c in row if c.replace(".", "").isdigit()]


# ---------------------------------------------------------------- real PDFs

PDF_EXPECTED = {
    "hongze-qu-2023.pdf": {
        "本年新收政府信息公开申请数量": [21, 0, 0, 0, 0, 0, 21],
        "1.属于国家秘密": [1, 0, 0, 0, 0, 0, 1],
        "1.本机关不掌握相关政府信息": [10, 0, 0, 0, 0, 0, 10],
        "2.没有现成信息需要另行制作": [3, 0, 0, 0, 0, 0, 3],
        "1.信访举报投诉类申请": [1, 0, 0, 0, 0, 0, 1],
        "（七）总计": [21, 0, 0, 0, 0, 0, 21],
        "table4": [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0],
    },
    "hongze-qu-2024.pdf": {
        "本年新收政府信息公开申请数量": [95, 0, 0, 0, 0, 0, 95],
        "（一）予以公开": [50, 0, 0, 0, 0, 0, 50],
        "1.本机关不掌握相关政府信息": [31, 0, 0, 0, 0, 0, 31],
        "（七）总计": [95, 0, 0, 0, 0, 0, 95],
        "table4": [1, 1, 0, 0, 2, 1, 0, 0, 0, 1, 2, 0, 1, 0, 3],
    },
    "huaian-shi-2024.pdf": {
        "本年新收政府信息公开申请数量": [3001, 53, 0, 0, 61, 4, 3119],
        "上年结转政府信息公开申请数量": [34, 0, 0, 0, 0, 0, 34],
        "1.本机关不掌握相关政府信息": [746, 12, 0, 0, 10, 1, 769],
        "2.没有现成信息需要另行制作": [11, 0, 0, 0, 0, 0, 11],
        "3、其他": [108, 2, 0, 0, 0, 0, 110],
        "（七）总计": [2932, 53, 0, 0, 61, 4, 3050],
        "结转下年度继续办理": [103, 0, 0, 0, 0, 0, 103],
        "table4": [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20],
    },
}


@needs_reports
@pytest.mark.parametrize("name", sorted(PDF_EXPECTED))
def test_real_pdf_tables_carry_the_right_numbers(name):
    started = time.process_time()  # this process's CPU time: another busy process does not count
    doc = load(REPORTS / name, LoadLimits(MAX_MB))
    elapsed = time.process_time() - started
    assert elapsed < 2.0, f"{name} took {elapsed:.2f} s of CPU"
    assert doc.pages and doc.pages >= 5
    for label, numbers in PDF_EXPECTED[name].items():
        if label == "table4":
            row = next(r for t in doc.tables for r in t.rows if len(_numbers(r)) == 15)
        else:
            row = _row(doc.tables, label)
        assert _numbers(row) == numbers, (label, row)


@needs_reports
@pytest.mark.parametrize("name", sorted(PDF_EXPECTED))
def test_real_pdf_text_has_one_line_per_table_row(name):
    text = clean(load_shared(name).text)
    lines = text.splitlines()
    secret = [line for line in lines if "属于国家秘密" in line]
    assert len(secret) == 1 and secret[0].count("|") >= 7, secret
    # merged labels are repeated on every row of their block, even across a page break
    unheld = next(line for line in lines if "没有现成信息需要另行制作" in line)
    assert "（四）无法提供" in unheld
    assert "一、总体情况" in lines
    assert lines.index("一、总体情况") < next(i for i, line in enumerate(lines) if "属于国家秘密" in line)


@needs_reports
def test_pdf_page_limit():
    with pytest.raises(IngestError) as err:
        load(REPORTS / "huaian-shi-2024.pdf", LoadLimits(MAX_MB, pdf_max_pages=2))
    assert "huaian-shi-2024.pdf" in str(err.value) and "超过上限 2 页" in str(err.value)


# ---------------------------------------------------------------- formats built here


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("测试局2024年政府信息公开工作年度报告")
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=4, cols=4)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "（本列数据的勾稽关系）"
    t.cell(0, 2).text, t.cell(0, 3).text = "自然人", "总计"
    t.cell(1, 0).merge(t.cell(1, 1)).text = "一、本年新收政府信息公开申请数量"
    t.cell(1, 2).text, t.cell(1, 3).text = "5", "5"
    t.cell(2, 0).merge(t.cell(3, 0)).text = "（三）不予公开"
    t.cell(2, 1).text, t.cell(2, 2).text, t.cell(2, 3).text = "1.属于国家秘密", "1", "1"
    t.cell(3, 1).text, t.cell(3, 2).text, t.cell(3, 3).text = "2.其他法律行政法规禁止公开", "0", ""
    d.add_paragraph("四、结尾段落")
    path = tmp_path / "report.docx"
    d.save(path)

    doc = load(path, LoadLimits(MAX_MB))
    lines = doc.text.splitlines()
    assert lines[0] == "测试局2024年政府信息公开工作年度报告"
    assert lines[-1] == "四、结尾段落"
    assert "（三）不予公开 | 2.其他法律行政法规禁止公开 | 0 | " in lines
    assert doc.tables[0].rows[2] == ["（三）不予公开", "1.属于国家秘密", "1", "1"]
    assert doc.tables[0].rows[1] == ["一、本年新收政府信息公开申请数量", "5", "5"]


HTML_PAGE = """<!doctype html><html><head><meta charset="{charset}">
<title>测试县2023年政府信息公开工作年度报告-测试县人民政府</title>
<meta name="PubDate" content="2024-01-17 09:30"></head><body>
<nav><a>首页</a><a>导航菜单项</a></nav>
<div class="header-menu"><ul><li>繁體版</li><li>无障碍</li></ul></div>
<div class="position">当前位置：首页 &gt; 年报</div>
<div class="main"><h1>测试县2023年政府信息公开工作年度报告</h1>
<div class="article-content" id="zoomcon">
<p><span>根据《条例》要求，</span><span>2023</span><span>年度报告如下。</span></p>
<p>一、总体情况</p>
<table border="1">
<tr><td colspan="2">（本列数据的勾稽关系）</td><td>自然人</td><td>其他</td><td>总计</td></tr>
<tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>2</td><td></td><td>2</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td>3</td><td>1</td><td>4</td></tr>
</table>
<p>测试县人民政府<br>2024年1月17日</p>
</div><div class="bdshare">分享到微信</div></div>
<footer>版权所有 主办单位</footer><script>var s = "脚本";</script>
</body></html>"""


@pytest.mark.parametrize("charset", ["utf-8", "gb2312"])
def test_html_article_tables_and_hints(tmp_path, charset):
    path = tmp_path / "page.html"
    path.write_bytes(HTML_PAGE.format(charset=charset).encode("gb18030" if charset == "gb2312" else "utf-8"))
    doc = load(path, LoadLimits(MAX_MB))
    for chrome in ("导航菜单项", "繁體版", "当前位置", "分享到微信", "版权所有", "脚本"):
        assert chrome not in doc.text
    lines = doc.text.splitlines()
    assert lines[0] == "测试县2023年政府信息公开工作年度报告"
    assert "根据《条例》要求，2023年度报告如下。" in lines
    assert "（三）不予公开 | 2.其他法律行政法规禁止公开 | 3 | 1 | 4" in lines
    assert doc.tables[0].rows[1] == ["（三）不予公开", "1.属于国家秘密", "2", "", "2"]
    assert doc.hints["标题"].startswith("测试县2023年")
    assert doc.hints["发布时间"] == "2024-01-17"


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_text_encodings(tmp_path, encoding):
    path = tmp_path / "report.txt"
    body = "测试局2024年政府信息公开工作年度报告\n一、总体情况\n本年新收申请 5 件。"
    path.write_bytes(body.encode(encoding))
    doc = load(path, LoadLimits(MAX_MB))
    assert doc.text.strip().splitlines()[0] == "测试局2024年政府信息公开工作年度报告"
    assert "\ufeff" not in doc.text


# ---------------------------------------------------------------- bad input


def _expect_error(path: Path, reason: str, **kwargs) -> IngestError:
    with pytest.raises(IngestError) as err:
        load(path, LoadLimits(**{"max_file_mb": MAX_MB, **kwargs}))
    message = str(err.value)
    assert path.name in message, message
    assert reason in message, message
    assert err.value.file == path.name
    return err.value


def _encrypted_pdf() -> bytes:
    """A PDF behind the standard security handler whose user password is not empty."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length 8 >>\nstream\n\x01\x02\x03\x04\x05\x06\x07\x08\nendstream",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -44 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += (b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 5 0 R /ID [<%s> <%s>] >>\n"
            % (len(objects) + 1, b"ab" * 16, b"ab" * 16))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@pytest.mark.parametrize("suffix", [".txt", ".pdf", ".docx", ".html"])
def test_empty_file(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    path.write_bytes(b"")
    _expect_error(path, "文件是空的")


def test_random_bytes_named_pdf(tmp_path):
    path = tmp_path / "random.pdf"
    path.write_bytes(os.urandom(100_000))
    started = time.process_time()
    _expect_error(path, "不是有效的 PDF 文件")
    assert time.process_time() - started < 1.0


@needs_reports
def test_truncated_pdf(tmp_path):
    raw = (REPORTS / "hongze-qu-2023.pdf").read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(raw[: len(raw) // 2])
    _expect_error(path, "PDF 文件不完整")


def test_pdf_with_garbage_after_header(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.4\n" + os.urandom(50_000) + b"\n%%EOF\n")
    _expect_error(path, "不是有效的 PDF 文件")


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(_encrypted_pdf())
    _expect_error(path, "PDF 已加密，无法读取")


@pytest.mark.slow  # OCR of a rendered page
@needs_reports
def test_scanned_pdf_is_read_by_ocr(tmp_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(REPORTS / "hongze-qu-2023.pdf"))
    image = pdf[0].render(scale=150 / 72).to_pil().convert("L")
    pdf.close()
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF", resolution=150)
    doc = load(path, LoadLimits(MAX_MB))
    assert doc.ocr_pages == [1]
    assert "洪泽区人民政府" in doc.text and "政府信息公开工作年度报告" in doc.text
    assert any("OCR" in w for w in doc.warnings)


def test_blank_pdf_page(tmp_path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    path = tmp_path / "blank.pdf"
    pdf.save(str(path))
    pdf.close()
    _expect_error(path, "PDF 的页面是空白的")


def test_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_bytes("这不是 Word 文件".encode() * 100)
    _expect_error(path, "不是有效的 Word（.docx）文件")


def test_zip_bomb_docx(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("word/media/zeros.bin", b"\0" * (30 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    _expect_error(path, "疑似压缩炸弹")


def test_file_over_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("政府信息公开工作年度报告" * 200, encoding="utf-8")
    _expect_error(path, "超过上限", max_file_mb=0.001)


def test_unsupported_extension(tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(b"PK\x03\x04 whatever")
    _expect_error(path, "不支持的文件类型")
