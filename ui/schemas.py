"""The REST API's response shapes, for /docs and for the test that walks the OpenAPI document
(tests/test_openapi.py): every success response has its model, every error the one shape
{"error": {"code", "message"}}. The routes return plain dicts (SPEC.md's shapes, new keys allowed); the
models describe them and the test validates real responses against them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")  # SPEC: "keys may grow"


class CitationOut(_Open):
    report_id: str
    file: str
    body: str
    year: int | None
    section: str = Field(description="引文所在的章节路径")
    text: str = Field(description="引用的原文")
    page: int | None = Field(None, description="PDF 的页码（文本报告没有）")


class UnderstoodOut(_Open):
    reports: list[str] = []
    bodies: list[str] = []
    years: list[int] = []
    target: str = Field("", description="问的是哪一格或哪个指标")
    carried: list[str] = Field([], description="追问从上文沿用的内容")
    corrected: list[list[str]] = Field([], description="按另一个词理解的写法：[[原词, 理解为]]")


class AnswerOut(_Open):
    question: str
    answer: str = Field(description="给人看的完整回答")
    short_answer: str = Field(description="只有答案本身，如 “31条”；没有找到时为空")
    found: bool
    citations: list[CitationOut]
    mode: Literal["extractive", "llm"]
    latency_ms: float
    understood: UnderstoodOut


class DraftOut(_Open):
    draft: str = Field(description="答复稿全文")
    citations: list[CitationOut]
    flags: list[str] = Field([], description="引用的数字所在行核对不一致时给工作人员的提示")


class ReportOut(_Open):
    report_id: str
    file: str
    title: str
    body: str
    year: int | None
    template: Literal["2021", "2019", "unknown"]
    chunks: int
    facts: int
    audit_findings: int


class ReportsOut(_Open):
    reports: list[ReportOut]


class IngestOut(_Open):
    file: str
    report_id: str
    status: Literal["added", "unchanged", "replaced", "failed"]
    error: str | None
    body: str | None
    year: int | None
    chunks: int
    facts: int


class UploadOut(_Open):
    reports: list[IngestOut]


class RemovedOut(_Open):
    removed: ReportOut


class HealthOut(_Open):
    ok: bool
    reports: int


class ErrorDetail(BaseModel):
    code: str = Field(description="机器可读的错误代码，如 invalid_request、not_found、rate_limited")
    message: str = Field(description="给人看的中文说明")


class ErrorOut(BaseModel):
    error: ErrorDetail


_WHAT = {400: "请求格式不正确（如无效的 JSON）", 401: "缺少或错误的工作人员令牌", 403: "未配置工作人员令牌，功能已停用",
         404: "没有找到（报告或接口）", 405: "不支持这种请求方法", 413: "请求体或文件太大",
         415: "文件内容与扩展名不符或格式不支持", 422: "字段缺失或不符合要求，或文件无法导入",
         429: "请求太频繁（见 Retry-After）", 500: "服务器内部错误", 503: "索引暂时不可用或服务繁忙（见 Retry-After）"}
COMMON = (400, 405, 413, 422, 429, 500, 503)  # the Gate and the validation answer any route so


def errors(*statuses: int) -> dict:
    """The `responses=` of a route: the statuses it can answer with besides success, all in the one shape."""
    return {s: {"model": ErrorOut, "description": _WHAT[s]} for s in sorted({*COMMON, *statuses})}
