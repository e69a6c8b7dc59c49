"""The REST API of SPEC.md: thin routes over Gongkai, one JSON error shape for every error.

Every error is `{"error": {"code": "...", "message": "<中文>"}}`; tracebacks stay in the server log.
"""

from __future__ import annotations

import logging
import re
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, File, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.service import Gongkai
from ingest.config import Config
from ingest.errors import UNAVAILABLE, GongkaiError, NotFoundError, index_unavailable
from ui.auth import token_ok
from ui.output import report_json
from ui.uploads import UploadError, ingest_upload

log = logging.getLogger("gongkai.api")

JSON_LIMIT = 1024 * 1024  # questions are at most 2,000 characters; 1 MB leaves room for history
MULTIPART_SLACK = 64 * 1024  # multipart headers and boundaries around the file


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


# -- request bodies ------------------------------------------------------------------------
_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_surrogates(value):
    """JSON may carry lone surrogates (\\ud800) that no text encoding accepts; refuse them here, not with a 500."""
    texts = [value] if isinstance(value, str) else [t for pair in value or [] for t in pair]
    if any(_SURROGATE.search(t) for t in texts if isinstance(t, str)):
        raise ValueError("含有无效字符（不成对的 Unicode 代理码位）")
    return value


class AskBody(BaseModel):
    question: str = Field(description="问题，最多 2000 字")
    report: str | None = Field(None, description="只在这份报告中查找：报告编号或文件名")
    history: list[tuple[str, str]] | None = Field(None, description="本次对话此前的 [问题, 回答]")

    _texts = field_validator("question", "report", "history")(_no_surrogates)


class DraftBody(BaseModel):
    question: str = Field(description="群众来信中的问题")
    report: str | None = Field(None, description="只在这份报告中查找：报告编号或文件名")

    _texts = field_validator("question", "report")(_no_surrogates)


# -- staff check ---------------------------------------------------------------------------
_bearer = HTTPBearer(auto_error=False, description="工作人员令牌（环境变量 GONGKAI_STAFF_TOKEN）")


def _require_staff(request: Request,
                   creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    config: Config = request.app.state.config
    if config.staff_token is None:
        raise ApiError(403, "staff_disabled", "未配置工作人员令牌（GONGKAI_STAFF_TOKEN），上传和删除功能已停用。")
    token = creds.credentials if creds else ""
    token = token.encode("latin-1", "replace").decode("utf-8", "replace")  # HTTP headers arrive as latin-1
    if not token_ok(config, token.strip()):
        raise ApiError(401, "unauthorized", "需要有效的工作人员令牌：请在请求头中提供 Authorization: Bearer <令牌>。",
                       {"WWW-Authenticate": "Bearer"})


def _service(request: Request) -> Gongkai:
    return request.app.state.service


Service = Annotated[Gongkai, Depends(_service)]

# -- routes --------------------------------------------------------------------------------
router = APIRouter()


@router.post("/api/ask", summary="回答一个问题", tags=["问答"])
def ask(body: AskBody, service: Service) -> dict:
    return service.ask(body.question, body.report or None, body.history).to_dict()


@router.post("/api/draft", summary="起草答复稿", tags=["问答"])
def draft(body: DraftBody, service: Service) -> dict:
    return service.draft(body.question, body.report or None).to_dict()


@router.get("/api/reports", summary="已导入的报告", tags=["报告"])
def reports(service: Service) -> dict:
    return {"reports": [report_json(r) for r in service.reports()]}


@router.post("/api/reports", summary="上传并导入一份报告（工作人员）", tags=["报告"],
             dependencies=[Depends(_require_staff)], status_code=201)
def upload(request: Request, service: Service,
           file: Annotated[UploadFile, File(description="报告文件：.txt .md .pdf .docx .html/.htm")]):
    data = file.file.read()
    result = ingest_upload(service, request.app.state.config, file.filename, data)
    if result.status == "failed":
        raise ApiError(422, "ingest_failed", f"{result.file}：{result.error}")
    status = 200 if result.status == "unchanged" else 201
    return JSONResponse({"reports": [result.to_dict()]}, status_code=status)


@router.delete("/api/reports/{report_id}", summary="删除一份报告（工作人员）", tags=["报告"],
               dependencies=[Depends(_require_staff)])
def remove(report_id: str, service: Service) -> dict:
    return {"removed": report_json(service.remove(report_id))}


@router.get("/healthz", summary="健康检查", tags=["运行"])
def healthz(service: Service) -> dict:
    return {"ok": True, "reports": len(service.reports())}


_KNOWN = {"/api/ask", "/api/draft", "/api/reports"}


@router.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                  include_in_schema=False)
def api_fallback(request: Request):
    # Without this, unknown /api paths would fall through to the page mounted at "/".
    path = request.url.path.rstrip("/")
    if path in _KNOWN or path.startswith("/api/reports/"):
        raise ApiError(405, "method_not_allowed", f"{path} 不支持 {request.method} 请求。")
    raise ApiError(404, "not_found", f"没有这个接口：{path}")


# -- errors --------------------------------------------------------------------------------
_HTTP_MESSAGES = {404: ("not_found", "没有找到请求的内容。"), 405: ("method_not_allowed", "不支持这种请求方法。"),
                  413: ("too_large", "请求体太大。"), 401: ("unauthorized", "需要登录。"),
                  403: ("forbidden", "没有权限。")}


def _field(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "请求体"


def validation_message(errors: list[dict]) -> tuple[int, str, str]:
    """Turn pydantic's errors into one Chinese sentence (status, code, message)."""
    for e in errors:
        if e.get("type") == "json_invalid":
            return 400, "invalid_json", "请求体不是有效的 JSON。"
    msgs = []
    for e in errors[:5]:
        name, kind = _field(e.get("loc", ())), e.get("type", "")
        if kind == "missing":
            msgs.append(f"缺少字段 {name}")
        elif kind in ("model_attributes_type", "dict_type") and name == "请求体":
            msgs.append("请求体应为 JSON 对象")
        elif kind == "value_error" and isinstance((e.get("ctx") or {}).get("error"), ValueError):
            msgs.append(f"字段 {name} {e['ctx']['error']}")
        else:
            msgs.append(f"字段 {name} 的值不符合要求")
    return 422, "invalid_request", "；".join(msgs) + "。"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError):
        status, code, message = validation_message(list(exc.errors()))
        return error_response(status, code, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException):
        code, message = _HTTP_MESSAGES.get(exc.status_code, ("http_error", "请求无法处理。"))
        return error_response(exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(GongkaiError)
    async def _gongkai(request: Request, exc: GongkaiError):
        if index_unavailable(exc):
            return _unavailable(request, exc)
        if isinstance(exc, UploadError):
            return error_response(exc.status, exc.code, str(exc))
        if isinstance(exc, NotFoundError):
            return error_response(404, "not_found", str(exc))
        return error_response(400, "bad_request", str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        if index_unavailable(exc):
            return _unavailable(request, exc)
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", "服务器内部错误，请稍后再试；如果问题持续，请联系管理员。")


def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    # The Chroma server is away: 503, so clients retry; the Store reconnects by itself when it is back.
    log.warning("index unavailable on %s %s: %s", request.method, request.url.path, exc)
    return error_response(503, "index_unavailable", UNAVAILABLE, {"Retry-After": "5"})


# -- body size limit -----------------------------------------------------------------------
class BodyLimit:
    """ASGI middleware: refuse API request bodies over the limit with 413 (JSON 1 MB, uploads max_file_mb).

    The body is read here, up to the limit, and replayed to the app, so a body without a
    Content-Length (chunked) is limited as well.
    """

    def __init__(self, app, upload_limit: int, json_limit: int = JSON_LIMIT):
        self.app, self.upload_limit, self.json_limit = app, upload_limit, json_limit

    def _limit(self, scope) -> int | None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path.startswith("/api/") or path == "/healthz"):
            return None  # the page's own routes have Gradio's limits
        if path.rstrip("/") == "/api/reports" and scope.get("method") == "POST":
            return self.upload_limit + MULTIPART_SLACK
        return self.json_limit

    async def __call__(self, scope, receive, send):
        limit = self._limit(scope)
        if limit is None:
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode() or "0"
        if declared.isdigit() and int(declared) > limit:
            return await self._too_large(scope, receive, send, limit)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > limit:
                return await self._too_large(scope, receive, send, limit)
        return await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def _too_large(self, scope, receive, send, limit: int):
        mb = limit / 1048576
        response = error_response(413, "too_large", f"请求体太大，上限约 {mb:.0f} MB。" if mb >= 1
                                  else f"请求体太大，上限 {limit // 1024} KB。",
                                  {"Connection": "close"})
        await response(scope, receive, send)


def _replay(body: bytes, receive):
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
