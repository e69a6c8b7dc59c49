"""One settings object, built from flags > environment > defaults, passed down everywhere.

Every setting is one `Setting` row below (its field, its environment variable, its default, how it is
parsed and what it means); `Config.from_env` reads them all the same way and README's environment table
lists them (a test checks that). Nothing else in the library reads the environment.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path


@dataclass(frozen=True)
class Secret:
    """A value that never prints."""

    value: str = field(repr=False)

    def __repr__(self) -> str:
        return "<redacted>"

    __str__ = __repr__


@dataclass(frozen=True)
class Setting:
    name: str  # the Config field
    env: str | None  # the environment variable; None: a flag or constructor argument only
    default: object
    parse: object = str  # str -> value
    meaning: str = ""


def _secret(value: str) -> Secret:
    return Secret(value)


def _flag(value: str) -> bool:
    return value.strip().lower() not in ("", "0", "false", "no", "off")


def _words(value: str) -> tuple[str, ...]:
    return tuple(w for w in value.replace(",", " ").split() if w)



def _origins(value: str) -> tuple[str, ...]:
    return tuple(w.rstrip("/") for w in _words(value))


# An origin as a browser sends it and as CSP's frame-ancestors takes it: scheme, host, optional port; no path.
_ORIGIN = re.compile(r"https?://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                     r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(:[0-9]{1,5})?")


SETTINGS: tuple[Setting, ...] = (
    Setting("data_dir", "GONGKAI_DATA", Path("data"), Path, "数据文件夹（索引、事实、反馈与提问日志）"),
    Setting("chroma_url", "GONGKAI_CHROMA_URL", None, str,
            "Chroma 服务器地址 http://host:port；不设则用数据文件夹内的嵌入式 Chroma"),
    Setting("embedding", "GONGKAI_EMBEDDING", "use-multilingual", str, "嵌入模型"),
    Setting("llm_base_url", "GONGKAI_LLM_BASE_URL", None, str, "OpenAI 兼容的对话接口地址"),
    Setting("llm_model", "GONGKAI_LLM_MODEL", None, str, "对话模型名"),
    Setting("llm_api_key", "GONGKAI_LLM_API_KEY", None, _secret, "对话接口密钥"),
    Setting("staff_token", "GONGKAI_STAFF_TOKEN", None, _secret, "工作人员令牌"),
    Setting("debug", "GONGKAI_DEBUG", False, _flag, "命令行出错时显示完整的调用栈"),
    # -- what ingest accepts
    Setting("max_file_mb", "GONGKAI_MAX_FILE_MB", 50.0, float, "导入文件大小上限（MB）"),
    Setting("pdf_max_pages", "GONGKAI_PDF_MAX_PAGES", 300, int, "PDF 页数上限"),
    Setting("pdf_time_s", "GONGKAI_PDF_TIME_S", 120.0, float, "读取一份 PDF 文字层的时间上限（秒）"),
    Setting("ocr_max_pages", "GONGKAI_OCR_MAX_PAGES", 50, int, "每个文件用 OCR 识别的扫描页上限"),
    Setting("ocr_time_s", "GONGKAI_OCR_TIME_S", 300.0, float, "每个文件 OCR 识别的时间上限（秒）"),
    Setting("max_text_chars", "GONGKAI_MAX_TEXT_CHARS", 2_000_000, int,
            "一个文件读出的文字上限（字符）；超过即拒绝该文件"),
    Setting("ingest_file_time_s", "GONGKAI_INGEST_FILE_TIME_S", 600.0, float,
            "解析一个文件的时间上限（秒）；解析在单独的进程中进行，超时即结束该进程，只有这个文件失败"),
    # -- what one client may ask of the server
    Setting("answer_time_s", "GONGKAI_ANSWER_TIME_S", 2.0, float,
            "回答一个问题可用的计算时间上限（秒，CPU 时间）；超时答“问题过于复杂”"),
    Setting("rate_per_min", "GONGKAI_RATE_PER_MIN", 60.0, float,
            "每个客户端每分钟可提问的次数（/api/ask、/api/draft 与网页问答共用一个令牌桶）；0 为不限"),
    Setting("rate_burst", "GONGKAI_RATE_BURST", 10, int, "每个客户端可连续提问的次数（令牌桶容量）"),
    Setting("trusted_proxies", "GONGKAI_TRUSTED_PROXIES", (), _words,
            "可信反向代理的地址或网段（逗号或空格分隔）；只有来自这些地址的 X-Forwarded-For 才被采信"),
    Setting("answer_queue", "GONGKAI_ANSWER_QUEUE", 256, int,
            "同时在回答或排队的问题上限；再多即答“服务器繁忙”（503）"),
    Setting("login_failures", "GONGKAI_LOGIN_FAILURES", 5, int, "每个客户端在一个时间窗内可输错工作人员令牌的次数"),
    Setting("login_window_s", "GONGKAI_LOGIN_WINDOW_S", 600.0, float,
            "输错令牌次数的时间窗（秒）；用完后到期前一律拒绝"),
    Setting("page_files_age_s", "GONGKAI_PAGE_FILES_AGE_S", 900.0, float,
            "网页上传和下载的临时文件保留时间（秒），到期删除"),
    Setting("shutdown_s", "GONGKAI_SHUTDOWN_S", 3.0, float, "收到 SIGTERM/SIGINT 后等待进行中请求的时间（秒）"),
    # -- the question log (ui/questions.py)
    Setting("question_log_days", "GONGKAI_QUESTION_LOG_DAYS", 90.0, float,
            "提问日志（数据文件夹 questions.sqlite）的保留天数，过期删除；0 为不记录"),
    Setting("question_log_client", "GONGKAI_QUESTION_LOG_CLIENT", False, _flag, "提问日志是否记录客户端地址"),
    # -- embedding the chat in other sites (ui/embed.py)
    Setting("embed_origins", "GONGKAI_EMBED_ORIGINS", (), _origins,
            "允许嵌入问答窗口（/embed.js、/embed）的网站，如 https://www.example.gov.cn（逗号或空格分隔；"
            "* 为任何网站）；不设则嵌入功能关闭"),
    # -- benchmark
    Setting("bench_reports", "GONGKAI_BENCH_REPORTS", None, Path,
            "gongkai bench 取真实报告的文件夹；不设则用 ../shared/reports"),
)
_BY_NAME = {s.name: s for s in SETTINGS}
DEFAULT_EMBEDDING: str = _BY_NAME["embedding"].default  # type: ignore[assignment]


@dataclass(frozen=True)
class OcrLimits:
    """Per file: how many scanned pages may be read by OCR, and for how long (about 10 s a page)."""

    max_pages: int = _BY_NAME["ocr_max_pages"].default  # type: ignore[assignment]
    time_s: float = _BY_NAME["ocr_time_s"].default  # type: ignore[assignment]


@dataclass(frozen=True)
class LoadLimits:
    """What a loader may spend on one file."""

    max_file_mb: float = _BY_NAME["max_file_mb"].default  # type: ignore[assignment]
    pdf_max_pages: int = _BY_NAME["pdf_max_pages"].default  # type: ignore[assignment]
    pdf_time_s: float = _BY_NAME["pdf_time_s"].default  # type: ignore[assignment]
    ocr: OcrLimits = OcrLimits()
    max_text_chars: int = _BY_NAME["max_text_chars"].default  # type: ignore[assignment]


def quiet_third_parties() -> None:
    """Switch telemetry off and keep Hugging Face offline unless the user chose otherwise.

    Called at the entry points (CLI, server), never at import time of library modules.
    """
    os.environ["ANONYMIZED_TELEMETRY"] = "False"
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@dataclass(frozen=True)
class Config:
    data_dir: Path = _BY_NAME["data_dir"].default  # type: ignore[assignment]
    chroma_url: str | None = None
    embedding: str = _BY_NAME["embedding"].default  # type: ignore[assignment]
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: Secret | None = None
    staff_token: Secret | None = None
    debug: bool = False
    max_file_mb: float = _BY_NAME["max_file_mb"].default  # type: ignore[assignment]
    pdf_max_pages: int = _BY_NAME["pdf_max_pages"].default  # type: ignore[assignment]
    pdf_time_s: float = _BY_NAME["pdf_time_s"].default  # type: ignore[assignment]
    ocr_max_pages: int = _BY_NAME["ocr_max_pages"].default  # type: ignore[assignment]
    ocr_time_s: float = _BY_NAME["ocr_time_s"].default  # type: ignore[assignment]
    max_text_chars: int = _BY_NAME["max_text_chars"].default  # type: ignore[assignment]
    ingest_file_time_s: float = _BY_NAME["ingest_file_time_s"].default  # type: ignore[assignment]
    answer_time_s: float = _BY_NAME["answer_time_s"].default  # type: ignore[assignment]
    rate_per_min: float = _BY_NAME["rate_per_min"].default  # type: ignore[assignment]
    rate_burst: int = _BY_NAME["rate_burst"].default  # type: ignore[assignment]
    trusted_proxies: tuple[str, ...] = ()
    answer_queue: int = _BY_NAME["answer_queue"].default  # type: ignore[assignment]
    login_failures: int = _BY_NAME["login_failures"].default  # type: ignore[assignment]
    login_window_s: float = _BY_NAME["login_window_s"].default  # type: ignore[assignment]
    page_files_age_s: float = _BY_NAME["page_files_age_s"].default  # type: ignore[assignment]
    shutdown_s: float = _BY_NAME["shutdown_s"].default  # type: ignore[assignment]
    question_log_days: float = _BY_NAME["question_log_days"].default  # type: ignore[assignment]
    question_log_client: bool = False
    embed_origins: tuple[str, ...] = ()
    bench_reports: Path | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **flags) -> Config:
        """Flags (non-None keyword arguments) win over the environment, which wins over defaults."""
        env = dict(os.environ) if env is None else env
        unknown = set(flags) - set(_BY_NAME)
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        values = {}
        for s in SETTINGS:
            if flags.get(s.name) is not None:
                value = flags[s.name]
                values[s.name] = s.parse(value) if isinstance(value, str) and s.parse is not str else value
                continue
            raw = env.get(s.env) if s.env else None
            if raw in (None, ""):
                continue
            try:
                values[s.name] = s.parse(raw)  # type: ignore[operator]
            except ValueError as exc:
                raise ValueError(f"环境变量 {s.env} 的值 {raw!r} 无法识别：{exc}") from exc
        if isinstance(values.get("llm_api_key"), str):
            values["llm_api_key"] = Secret(values["llm_api_key"])
        if isinstance(values.get("staff_token"), str):
            values["staff_token"] = Secret(values["staff_token"])
        cfg = cls(**values)
        cfg.check()
        return cfg

    def check(self) -> None:
        if self.chroma_url and not self.chroma_url.startswith(("http://", "https://")):
            raise ValueError(
                f"GONGKAI_CHROMA_URL 应为 http://host:port 形式，收到的是 {self.chroma_url!r}"
            )
        if self.max_file_mb <= 0:
            raise ValueError(f"文件大小上限必须大于 0 MB，收到的是 {self.max_file_mb}")
        if self.pdf_max_pages <= 0 or self.pdf_time_s <= 0:
            raise ValueError(
                f"PDF 页数上限和时间上限必须大于 0，收到的是 {self.pdf_max_pages} 页、{self.pdf_time_s} 秒")
        if self.ocr_max_pages < 0 or self.ocr_time_s <= 0:
            raise ValueError(f"OCR 页数上限不能为负、时间上限必须大于 0 秒，"
                             f"收到的是 {self.ocr_max_pages} 页、{self.ocr_time_s} 秒")
        positive = {"GONGKAI_MAX_TEXT_CHARS": self.max_text_chars,
                    "GONGKAI_INGEST_FILE_TIME_S": self.ingest_file_time_s,
                    "GONGKAI_ANSWER_TIME_S": self.answer_time_s, "GONGKAI_RATE_BURST": self.rate_burst,
                    "GONGKAI_ANSWER_QUEUE": self.answer_queue, "GONGKAI_LOGIN_FAILURES": self.login_failures,
                    "GONGKAI_LOGIN_WINDOW_S": self.login_window_s, "GONGKAI_PAGE_FILES_AGE_S": self.page_files_age_s,
                    "GONGKAI_SHUTDOWN_S": self.shutdown_s}
        for env, value in positive.items():
            if value <= 0:
                raise ValueError(f"{env} 必须大于 0，收到的是 {value}")
        if self.rate_per_min < 0:
            raise ValueError(f"GONGKAI_RATE_PER_MIN 不能为负，收到的是 {self.rate_per_min}")
        if self.question_log_days < 0:
            raise ValueError(f"GONGKAI_QUESTION_LOG_DAYS 不能为负，收到的是 {self.question_log_days}")
        for proxy in self.trusted_proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError as exc:
                raise ValueError(f"GONGKAI_TRUSTED_PROXIES 中的 {proxy!r} 不是 IP 地址或网段") from exc

        for origin in self.embed_origins:
            if origin != "*" and not _ORIGIN.fullmatch(origin):
                raise ValueError(f"GONGKAI_EMBED_ORIGINS 中的 {origin!r} 不是网站地址（应为 https://host 或 "
                                 "https://host:port，不带路径），或 *")

    @property
    def ocr_limits(self) -> OcrLimits:
        return OcrLimits(self.ocr_max_pages, self.ocr_time_s)

    @property
    def load_limits(self) -> LoadLimits:
        return LoadLimits(self.max_file_mb, self.pdf_max_pages, self.pdf_time_s, self.ocr_limits, self.max_text_chars)

    @property
    def llm_enabled(self) -> bool:
        return bool(self.llm_base_url and self.llm_model)

    def with_data_dir(self, path: Path) -> Config:
        return replace(self, data_dir=Path(path))
