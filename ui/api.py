"""The REST API of SPEC.md: thin routes over Gongkai, one JSON error shape for every error.

Every error is `{"error": {"code": "...", "message": "<中文>"}}`; tracebacks stay in the server log.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import secrets
import time
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, field_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.service import Gongkai
from ingest.config import Config
from ingest.errors import UNAVAILABLE, GongkaiError, NotFoundError, index_unavailable
from ui.auth import token_ok
from ui.limits import BUSY, RATE_LIMITED, Limits, seconds
from ui.output import report_json
from ui.schemas import AnswerOut, DraftOut, HealthOut, RemovedOut, ReportsOut, UploadOut, errors
from ui.uploads import UploadError, UploadSink, ingest_stored

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
STAFF_COOKIE = "gongkai_staff"
SESSION_S = 8 * 3600


def bearer_token(headers: dict[bytes, bytes]) -> str:
    value = headers.get(b"authorization", b"").decode("latin-1")
    scheme, _, token = value.partition(" ")
    token = token if scheme.lower() == "bearer" else ""
    return token.encode("latin-1", "replace").decode("utf-8", "replace").strip()  # headers arrive as latin-1


class StaffSessions:
    """Cookies the staff tab gets on entering the right token (so the browser may upload through the page's
    own upload route); random ids, forgotten after SESSION_S."""

    def __init__(self):
        self._ids: dict[str, float] = {}

    def new(self) -> str:
        now = time.monotonic()
        self._ids = {k: t for k, t in self._ids.items() if t > now}
        sid = secrets.token_urlsafe(24)
        self._ids[sid] = now + SESSION_S
        return sid

    def valid(self, sid: str | None) -> bool:
        return bool(sid) and self._ids.get(sid, 0) > time.monotonic()


def _cookie(headers: dict[bytes, bytes], name: str) -> str | None:
    for part in headers.get(b"cookie", b"").decode("latin-1").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


def staff_refusal(config: Config, limits: Limits, client: str, token: str) -> ApiError | None:
    """None when the token is right; otherwise the error to answer with (a wrong token counts as a failed
    login of this client; too many of them and every attempt is refused for a while)."""
    if config.staff_token is None:
        return ApiError(403, "staff_disabled", "未配置工作人员令牌（GONGKAI_STAFF_TOKEN），上传和删除功能已停用。")
    wait = limits.logins.blocked(client)
    if wait:
        return ApiError(429, "too_many_failures", limits.login_message(wait), {"Retry-After": str(seconds(wait))})
    if token_ok(config, token):
        return None
    limits.logins.failed(client, hashlib.sha256(token.encode("utf-8", "replace")).hexdigest())
    return ApiError(401, "unauthorized", "需要有效的工作人员令牌：请在请求头中提供 Authorization: Bearer <令牌>。",
                    {"WWW-Authenticate": "Bearer"})


def _require_staff(request: Request,
                   creds: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    # The Gate middleware has already refused a wrong token from the headers, before the body was read;
    # this check stays so that the route is safe on its own.
    config: Config = request.app.state.config
    if config.staff_token is None:
        raise ApiError(403, "staff_disabled", "未配置工作人员令牌（GONGKAI_STAFF_TOKEN），上传和删除功能已停用。")
    token = creds.credentials if creds else ""
    token = token.encode("latin-1", "replace").decode("utf-8", "replace")
    if not token_ok(config, token.strip()):
        raise ApiError(401, "unauthorized", "需要有效的工作人员令牌：请在请求头中提供 Authorization: Bearer <令牌>。",
                       {"WWW-Authenticate": "Bearer"})


def _service(request: Request) -> Gongkai:
    return request.app.state.service


Service = Annotated[Gongkai, Depends(_service)]

# -- routes --------------------------------------------------------------------------------
router = APIRouter()
# The models check and document the shapes; exclude_unset keeps each response exactly as the route built it
# (no defaults added, e.g. no "page": null on a text report's citation).
SHAPE_ONLY = {"response_model_exclude_unset": True}


@router.post("/api/ask", summary="回答一个问题", tags=["问答"], response_model=AnswerOut, responses=errors(404, 422),
             **SHAPE_ONLY)
def ask(body: AskBody, service: Service, request: Request) -> dict:
    answer = service.ask(body.question, body.report or None, body.history)
    # The embedded chat (ui/embed.py) says so in a header: only a label in the staff's question log.
    embedded = request.headers.get("x-gongkai-source") == "embed"
    _log_question(request, answer, "embed" if embedded else "api")
    return answer.to_dict()


def _log_question(request: Request, answer, source: str) -> None:
    try:
        request.app.state.questions.add(answer, source, request.scope.get("gongkai_client"))
    except Exception:  # noqa: BLE001 - a log that cannot be written never costs the person their answer
        log.exception("question log write failed")


@router.post("/api/draft", summary="起草答复稿", tags=["问答"], response_model=DraftOut, responses=errors(404, 422),
             **SHAPE_ONLY)
def draft(body: DraftBody, service: Service) -> dict:
    return service.draft(body.question, body.report or None).to_dict()


@router.get("/api/reports", summary="已导入的报告", tags=["报告"], response_model=ReportsOut, responses=errors(),
            **SHAPE_ONLY)
def reports(service: Service) -> dict:
    return {"reports": [report_json(r) for r in service.reports()]}


_UPLOAD_SCHEMA = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "format": "binary",
                            "description": "报告文件：.txt .md .pdf .docx .html/.htm"}}}}}}}


@router.post("/api/reports", summary="上传并导入一份报告（工作人员）", tags=["报告"],
             dependencies=[Depends(_require_staff)], status_code=201, openapi_extra=_UPLOAD_SCHEMA,
             response_model=UploadOut, responses={200: {"model": UploadOut, "description": "文件未变化（已导入过）"},
                                                  **errors(401, 403, 413, 415, 422)})
async def upload(request: Request, service: Service):
    from starlette.concurrency import run_in_threadpool

    path, name = await receive_upload(request, request.app.state.config)
    result = await run_in_threadpool(ingest_stored, service, name, path)
    if result.status == "failed":
        raise ApiError(422, "ingest_failed", f"{result.file}：{result.error}")
    status = 200 if result.status == "unchanged" else 201
    return JSONResponse({"reports": [result.to_dict()]}, status_code=status)


class _FilePart:
    """python-multipart's callbacks: the headers of each part, and the bytes of the part named `file` into
    an UploadSink (the first such part; others are ignored)."""

    def __init__(self, config: Config):
        self.config = config
        self.headers: dict[bytes, bytes] = {}
        self.field = self.value = b""
        self.sink: UploadSink | None = None
        self.done: UploadSink | None = None

    def callbacks(self) -> dict:
        return {"on_header_field": self.on_header_field, "on_header_value": self.on_header_value,
                "on_header_end": self.on_header_end, "on_headers_finished": self.on_headers_finished,
                "on_part_data": self.on_part_data, "on_part_end": self.on_part_end}

    def on_header_field(self, data, start, end):
        self.field += data[start:end]

    def on_header_value(self, data, start, end):
        self.value += data[start:end]

    def on_header_end(self):
        self.headers[self.field.lower()] = self.value
        self.field = self.value = b""

    def on_headers_finished(self):
        from python_multipart.multipart import parse_options_header

        _, disp = parse_options_header(self.headers.get(b"content-disposition", b""))
        if disp.get(b"name") == b"file" and self.sink is None and self.done is None:
            self.sink = UploadSink(self.config, disp.get(b"filename", b"").decode("utf-8", "replace"))

    def on_part_data(self, data, start, end):
        if self.sink is not None:
            self.sink.write(data[start:end])

    def on_part_end(self):
        if self.sink is not None:
            self.done, self.sink = self.sink, None
        self.headers = {}

    def discard(self) -> None:
        for sink in (self.sink, self.done):
            if sink is not None:
                sink.discard()


async def receive_upload(request: Request, config: Config):
    """Stream the multipart body's `file` part to a file under data/uploads: nothing is held in memory, and
    the size cap is enforced on every piece as it arrives. Returns (stored path, clean name)."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    kind, options = parse_options_header(request.headers.get("content-type", ""))
    if kind != b"multipart/form-data" or b"boundary" not in options:
        raise ApiError(400, "bad_upload", "请以 multipart/form-data 上传，文件放在字段 file 中。")
    part = _FilePart(config)
    parser = MultipartParser(options[b"boundary"], part.callbacks())
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except GongkaiError:
        part.discard()
        raise
    except Exception as exc:  # noqa: BLE001 - a malformed body or a client that went away
        part.discard()
        raise ApiError(400, "bad_upload", "上传的内容无法读取（multipart 格式不正确或连接中断）。") from exc
    if part.sink is not None:  # a part that never ended
        part.sink.discard()
    if part.done is None:
        raise ApiError(422, "invalid_request", "缺少字段 file。")
    return part.done.finish(), part.done.name


@router.post("/api/staff/session", include_in_schema=False)
async def staff_session(request: Request):
    """The staff tab calls this on entering its token; the right token gets a session cookie, which the
    page's own upload route (/gradio_api/upload) requires. A wrong one counts as a failed login."""
    limits: Limits = request.app.state.limits
    try:
        body = await request.json()
        token = str(body.get("token") or "").strip() if isinstance(body, dict) else ""
    except ValueError:
        token = ""
    refused = staff_refusal(request.app.state.config, limits, request.scope.get("gongkai_client", "?"), token)
    if refused is not None:
        raise refused
    response = JSONResponse({"ok": True})
    response.set_cookie(STAFF_COOKIE, request.app.state.staff_sessions.new(), max_age=SESSION_S, httponly=True,
                        samesite="strict", path="/")
    return response


@router.delete("/api/reports/{report_id}", summary="删除一份报告（工作人员）", tags=["报告"],
               dependencies=[Depends(_require_staff)], response_model=RemovedOut,
               responses=errors(401, 403, 404), **SHAPE_ONLY)
def remove(report_id: str, service: Service) -> dict:
    return {"removed": report_json(service.remove(report_id))}


@router.get("/healthz", summary="健康检查", tags=["运行"], response_model=HealthOut, responses=errors(), **SHAPE_ONLY)
def healthz(service: Service) -> dict:
    return {"ok": True, "reports": len(service.reports())}


@router.api_route("/healthz", methods=["POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
def healthz_other():
    # Without this, POST /healthz fell through to the page mounted at "/" and got its {"detail": "Not Found"}.
    raise ApiError(405, "method_not_allowed", "/healthz 只支持 GET 请求。")


_KNOWN = {"/api/ask", "/api/draft", "/api/reports", "/api/staff/session"}


@router.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
                  include_in_schema=False)
def api_fallback(request: Request):
    # Without this, unknown /api paths would fall through to the page mounted at "/".
    path = request.url.path.rstrip("/")
    if path in _KNOWN or path.startswith("/api/reports/"):
        raise ApiError(405, "method_not_allowed", f"{path} 不支持 {request.method} 请求。")
    raise ApiError(404, "not_found", f"没有这个接口：{path[:80]}{'…' if len(path) > 80 else ''}")


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


# -- limits before work --------------------------------------------------------------------
QUESTION_PATHS = {"/api/ask", "/api/draft"}
TARPIT_S = 1.0
TARPIT_MAX = 256
GRADIO_MESSAGES = {400: "请求的格式不正确。", 401: "需要登录。", 403: "没有权限。", 404: "没有找到请求的内容。",
                   405: "不支持这种请求方法。", 413: "上传的文件太大。", 422: "请求的内容不符合要求。",
                   429: "请求太频繁，请稍后再试。", 503: BUSY}


class Gate:
    """ASGI middleware that decides before any body is read: who the client is (ui/limits.py), its question
    budget (429 with Retry-After), the bounded answer queue (503 busy), the staff token of uploads and
    removals, and of the page's own upload route; and the body size (JSON 1 MB, buffered; uploads only by
    their declared length here, the route enforces the cap while streaming). Errors of the page's own
    routes are given the one error shape with a Chinese message."""

    def __init__(self, app, config: Config, limits: Limits, sessions: StaffSessions, upload_limit: int,
                 json_limit: int = JSON_LIMIT):
        self.app, self.config, self.limits, self.sessions = app, config, limits, sessions
        self.upload_limit, self.json_limit = upload_limit, json_limit
        self._held = 0  # refused requests being held back (see TARPIT_S)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path, method = scope.get("path", ""), scope.get("method", "")
        headers = dict(scope.get("headers") or [])
        peer = (scope.get("client") or ("unknown", 0))[0]
        client = self.limits.client(peer, headers.get(b"x-forwarded-for", b"").decode("latin-1") or None)
        scope["gongkai_client"] = client
        refused = self._refusal(path.rstrip("/") or "/", method, headers, client)
        if refused is not None and refused.code == "rate_limited":
            # A client past its budget waits for its refusal (up to a second, at most TARPIT_MAX of them at
            # once): a script that ignores Retry-After then costs the server one cheap reply a second, not
            # thousands, and the connection stays open for its next try.
            if self._held < TARPIT_MAX:
                self._held += 1
                try:
                    await asyncio.sleep(min(TARPIT_S, float(refused.headers["Retry-After"])))
                finally:
                    self._held -= 1
            return await _send_error(scope, receive, send, refused)
        if refused is not None:
            return await _send_error(scope, receive, send, refused, close=True)
        if path.startswith("/gradio_api/"):
            return await self.app(scope, receive, _plain_errors(send))
        if path.rstrip("/") in QUESTION_PATHS and method == "POST":
            if not self.limits.answers.enter():
                return await _send_error(scope, receive, send, ApiError(503, "busy", BUSY, {"Retry-After": "2"}))
            try:
                return await self._limited(scope, receive, send, path, method, headers)
            finally:
                self.limits.answers.leave()
        return await self._limited(scope, receive, send, path, method, headers)

    def _refusal(self, path: str, method: str, headers: dict, client: str) -> ApiError | None:
        if path in QUESTION_PATHS and method == "POST":
            wait = self.limits.questions.take(client)
            if wait:
                s = seconds(wait)
                return ApiError(429, "rate_limited", RATE_LIMITED.format(s=s), {"Retry-After": str(s)})
        staff = (path == "/api/reports" and method == "POST") or (path.startswith("/api/reports/")
                                                                   and method == "DELETE")
        if staff:
            return staff_refusal(self.config, self.limits, client, bearer_token(headers))
        if path == "/gradio_api/upload":
            # The page's own upload route: only for the staff tab (a session cookie from entering the token,
            # or the token itself); anyone else could fill the disk with it.
            if self.sessions.valid(_cookie(headers, STAFF_COOKIE)):
                return None
            if self.config.staff_token is not None and token_ok(self.config, bearer_token(headers)):
                return None
            return ApiError(401, "unauthorized", "只有工作人员可以上传文件：请先在“工作人员”页输入令牌。")
        return None

    def _limit(self, path: str, method: str) -> int | None:
        if not (path.startswith("/api/") or path == "/healthz"):
            return None  # the page's own routes have Gradio's limits
        if path.rstrip("/") == "/api/reports" and method == "POST":
            return self.upload_limit + MULTIPART_SLACK
        return self.json_limit

    async def _limited(self, scope, receive, send, path: str, method: str, headers: dict):
        limit = self._limit(path, method)
        if limit is None:
            return await self.app(scope, receive, send)
        declared = headers.get(b"content-length", b"").decode() or "0"
        if declared.isdigit() and int(declared) > limit:
            return await self._too_large(scope, receive, send, limit)
        if limit > self.json_limit:
            return await self.app(scope, receive, send)  # an upload: streamed to disk by its route
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
        message = f"请求体太大，上限约 {mb:.0f} MB。" if mb >= 1 else f"请求体太大，上限 {limit // 1024} KB。"
        await _send_error(scope, receive, send, ApiError(413, "too_large", message), close=True)


async def _send_error(scope, receive, send, error: ApiError, close: bool = False):
    headers = dict(error.headers or {})
    if close:
        headers["Connection"] = "close"  # the body, if any, is not read: the connection cannot be reused
    await error_response(error.status, error.code, error.message, headers)(scope, receive, send)


def _plain_errors(send):
    """Gradio's own HTTP errors (an unknown fn_index is a bare 500; others carry Gradio's English detail)
    become the one error shape with a Chinese message; everything else passes as it is."""
    replaced = False

    async def wrapped(message):
        nonlocal replaced
        if message["type"] == "http.response.start" and message["status"] >= 400:
            kinds = dict(message.get("headers") or []).get(b"content-type", b"")
            if not kinds.startswith(b"text/event-stream"):
                replaced = True
                status = message["status"]
                fallback = "服务器内部错误，请稍后再试。" if status >= 500 else "请求无法处理。"
                text = GRADIO_MESSAGES.get(status, fallback)
                code = {404: "not_found", 413: "too_large", 429: "rate_limited", 503: "busy"}.get(
                    status, "internal_error" if status >= 500 else "bad_request")
                body = JSONResponse({"error": {"code": code, "message": text}}).body
                await send({"type": "http.response.start", "status": status,
                            "headers": [(b"content-type", b"application/json"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body, "more_body": False})
                return
        if replaced:
            return  # Gradio's own body of the replaced response
        await send(message)

    return wrapped


def _replay(body: bytes, receive):
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
