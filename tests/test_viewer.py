"""The source viewer over real HTTP (issue 17 items 1 and 2): the original file kept at ingest, the page image
of a PDF with the cell's box where the cell is, a text report at the passage, and what is shown when the
original is not on this server; the small table a table figure's source becomes."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from conftest import REPORTS, SAMPLE, needs_shared
from live_server import LiveServer

QUESTION = "通过市人民政府网站发布了多少条信息？"


def _start(data: Path, embedder) -> LiveServer:
    from assistant.service import Gongkai
    from ingest.config import Config
    from ui.server import create_app

    config = Config(data_dir=data)
    return LiveServer(create_app(config, Gongkai(config, embedder=embedder), page=False), data).start()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, embedder) -> Path:
    from assistant.service import Gongkai
    from ingest.config import Config

    data = tmp_path_factory.mktemp("viewer-seed") / "data"
    assert Gongkai(Config(data_dir=data), embedder=embedder).ingest([SAMPLE])[0].status == "added"
    return data


@pytest.fixture
def sample_server(tmp_path, seeded, embedder):
    data = tmp_path / "data"
    shutil.copytree(seeded, data)  # each test its own folder (one deletes the originals)
    s = _start(data, embedder)
    yield s
    s.stop()


@pytest.mark.slow  # three ingests and a re-ingest, about 9 s
def test_ingest_keeps_the_original_and_remove_deletes_it(tmp_path, embedder):
    from assistant.service import Gongkai
    from ingest.config import Config

    service = Gongkai(Config(data_dir=tmp_path / "data"), embedder=embedder)
    copy = tmp_path / "zhongwei-kjj-2024.txt"
    copy.write_bytes(SAMPLE.read_bytes())
    service.ingest([copy])
    kept = service.original_file("zhongwei-kjj-2024")
    assert kept is not None and kept.read_bytes() == SAMPLE.read_bytes()
    copy.write_text(SAMPLE.read_text(encoding="utf-8").replace("31条", "32条"), encoding="utf-8")
    assert service.ingest([copy])[0].status == "replaced"
    new = service.original_file("zhongwei-kjj-2024")
    assert new != kept and not kept.exists() and "32条" in new.read_text(encoding="utf-8")  # the old copy went
    assert service.reingest("zhongwei-kjj-2024").status == "replaced"  # 重新导入 reads it again from the copy
    service.remove("zhongwei-kjj-2024")
    assert list((tmp_path / "data" / "originals").iterdir()) == []


def test_text_report_opens_at_the_passage_highlighted(sample_server):
    answer = requests.post(sample_server.url + "/api/ask", json={"question": QUESTION}, timeout=30).json()
    cite = answer["citations"][0]
    from assistant.models import Citation
    from ui.sources import viewer_link

    link = viewer_link(Citation(**{k: cite[k] for k in ("report_id", "file", "body", "year", "section", "text")}),
                       "31")
    r = requests.get(sample_server.url + link, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert page.count('<mark id="gk-hit">') == 1
    hit = page.split('<mark id="gk-hit">', 1)[1].split("</mark>", 1)[0]
    assert "<b>31</b>" in hit  # the figure inside the highlighted passage
    assert "通过市人民政府网站发布共" in hit.replace(" ", "")
    assert f"位置：{cite['section'].replace(' > ', ' › ')}" in page
    assert "gk-not-here" not in page
    assert "frame-ancestors" not in r.headers.get("content-security-policy", "")  # set by item 10, not here


def test_viewer_says_when_the_original_is_not_on_this_server(sample_server):
    for path in (sample_server.data / "originals").iterdir():
        path.unlink()
    page = requests.get(sample_server.url + "/view/zhongwei-kjj-2024?q=通过市人民政府网站发布共31条", timeout=30).text
    assert 'id="gk-not-here"' in page and "本服务器上没有这份报告的原文件" in page
    assert '<mark id="gk-hit">' in page  # the passages from the index are still shown, the cited one marked


def test_unknown_report_and_script_in_the_passage(sample_server):
    r = requests.get(sample_server.url + "/view/no-such-report", timeout=30)
    assert r.status_code == 200 and "没有找到这份报告" in r.text
    r = requests.get(sample_server.url + "/view/zhongwei-kjj-2024", params={"q": "<script>alert(1)</script>"},
                     timeout=30)
    assert "<script>alert(1)" not in r.text and "&lt;script&gt;" in r.text
    assert requests.get(sample_server.url + "/view/zhongwei-kjj-2024/page/1.png", timeout=30).status_code == 404


@needs_shared()
@pytest.mark.slow  # a PDF ingest and page renders, a few seconds
def test_pdf_page_image_and_the_cell_box(tmp_path, embedder):
    from PIL import Image

    from assistant.service import Gongkai
    from ingest.config import Config
    from ui.render import answer_md
    from ui.sources import cell_rows

    data = tmp_path / "data"
    service = Gongkai(Config(data_dir=data), embedder=embedder)
    assert service.ingest([REPORTS / "hongze-qu-2024.pdf"])[0].status == "added"
    answer = service.ask("洪泽区2024年本年新收政府信息公开申请总计多少件？")
    cells = cell_rows(service, answer)
    assert [(c.table, c.row, c.answered, c.value, c.page) for c in cells] == [
        ("三", "本年新收政府信息公开申请数量", "总计", 95, 3)]
    md = answer_md(answer, cells=cells)
    assert '<th class="gk-hit">总计</th>' in md and '<td class="gk-hit"><mark>95</mark></td>' in md
    assert "读法：从 PDF 第 3 页的表格逐格读取。" in md
    link = md.split("[查看原文](", 1)[1].split(")", 1)[0]
    assert parse_qs(urlsplit(link).query)["page"] == ["3"]
    server = _start(data, embedder)
    try:
        page = requests.get(server.url + link, timeout=60).text
        assert "第 3 页 / 共" in page and 'class="gk-box strong"' in page
        style = page.split('class="gk-box strong" style="', 1)[1].split('"', 1)[0]
        box = {k: float(v.rstrip("%")) for k, v in (p.split(":") for p in style.split(";"))}
        # 总计 is the table's last column, in the right part of the page; the row is about 40 % down page 3.
        assert 70 < box["left"] < 85 and 0.5 < box["width"] < 10
        assert 25 < box["top"] < 60 and 0.5 < box["height"] < 6
        png = requests.get(server.url + "/view/hongze-qu-2024/page/3.png", timeout=60)
        assert png.status_code == 200 and png.headers["content-type"] == "image/png"
        image = Image.open(io.BytesIO(png.content))
        assert image.width > 800 and image.height > image.width  # an A4 page, portrait
        assert requests.get(server.url + "/view/hongze-qu-2024/page/99.png", timeout=30).status_code == 404
    finally:
        server.stop()
