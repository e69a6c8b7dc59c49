"""Hand-built passages for the readers' unit tests: no index, no embedder."""

from __future__ import annotations

import pytest


class Doc:
    """A passage as the retriever hands it over (page_content + metadata)."""

    def __init__(self, text: str, section: str = "一、总体情况", n: int = 0, kind: str = "prose", report_id: str = "r"):
        self.page_content = text
        self.metadata = {"chunk_id": f"{report_id}:v:{n}:x", "report_id": report_id, "section": section, "kind": kind,
                         "file": f"{report_id}.txt", "body": "青山县教育局", "year": 2024, "page": None, "ocr": False}


@pytest.fixture
def doc():
    return Doc
