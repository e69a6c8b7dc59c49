"""One settings object, built from flags > environment > defaults, passed down everywhere."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_EMBEDDING = "use-multilingual"
DEFAULT_MAX_FILE_MB = 50.0
DEFAULT_OCR_MAX_PAGES = 50  # scanned pages read by OCR per file (about 3-10 s a page on 2 cores)
DEFAULT_OCR_TIME_S = 300.0


def quiet_third_parties() -> None:
    """Switch telemetry off and keep Hugging Face offline unless the user chose otherwise.

    Called at the entry points (CLI, server), never at import time of library modules.
    """
    os.environ["ANONYMIZED_TELEMETRY"] = "False"
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@dataclass(frozen=True)
class Secret:
    """A value that never prints."""

    value: str = field(repr=False)

    def __repr__(self) -> str:
        return "<redacted>"

    __str__ = __repr__


@dataclass(frozen=True)
class Config:
    data_dir: Path = Path("data")
    chroma_url: str | None = None
    embedding: str = DEFAULT_EMBEDDING
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: Secret | None = None
    staff_token: Secret | None = None
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    ocr_max_pages: int = DEFAULT_OCR_MAX_PAGES
    ocr_time_s: float = DEFAULT_OCR_TIME_S

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **flags) -> Config:
        """Flags (non-None keyword arguments) win over the environment, which wins over defaults."""
        env = dict(os.environ) if env is None else env

        def pick(flag: str, var: str, default=None):
            if flags.get(flag) is not None:
                return flags[flag]
            value = env.get(var)
            return value if value not in (None, "") else default

        key = pick("llm_api_key", "GONGKAI_LLM_API_KEY")
        token = pick("staff_token", "GONGKAI_STAFF_TOKEN")
        cfg = cls(
            data_dir=Path(pick("data_dir", "GONGKAI_DATA", "data")),
            chroma_url=pick("chroma_url", "GONGKAI_CHROMA_URL"),
            embedding=pick("embedding", "GONGKAI_EMBEDDING", DEFAULT_EMBEDDING),
            llm_base_url=pick("llm_base_url", "GONGKAI_LLM_BASE_URL"),
            llm_model=pick("llm_model", "GONGKAI_LLM_MODEL"),
            llm_api_key=Secret(key) if key else None,
            staff_token=Secret(token) if token else None,
            max_file_mb=float(pick("max_file_mb", "GONGKAI_MAX_FILE_MB", DEFAULT_MAX_FILE_MB)),
            ocr_max_pages=int(pick("ocr_max_pages", "GONGKAI_OCR_MAX_PAGES", DEFAULT_OCR_MAX_PAGES)),
            ocr_time_s=float(pick("ocr_time_s", "GONGKAI_OCR_TIME_S", DEFAULT_OCR_TIME_S)),
        )
        cfg.check()
        return cfg

    def check(self) -> None:
        if self.chroma_url and not self.chroma_url.startswith(("http://", "https://")):
            raise ValueError(
                f"GONGKAI_CHROMA_URL 应为 http://host:port 形式，收到的是 {self.chroma_url!r}"
            )
        if self.max_file_mb <= 0:
            raise ValueError(f"文件大小上限必须大于 0 MB，收到的是 {self.max_file_mb}")
        if self.ocr_max_pages < 0 or self.ocr_time_s <= 0:
            raise ValueError(f"OCR 页数上限不能为负、时间上限必须大于 0 秒，收到的是 {self.ocr_max_pages} 页、{self.ocr_time_s} 秒")

    @property
    def ocr_limits(self):
        from .ocr import OcrLimits

        return OcrLimits(self.ocr_max_pages, self.ocr_time_s)

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)

    def with_data_dir(self, path: Path) -> Config:
        return replace(self, data_dir=Path(path))
