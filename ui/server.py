"""One FastAPI app: the REST API (ui/api.py) beside the chat page (ui/page.py) mounted at "/"."""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from assistant.service import Gongkai
from ingest.config import Config, quiet_third_parties
from ingest.errors import index_unavailable
from ui.api import Gate, StaffSessions, install_error_handlers, router
from ui.limits import Limits

log = logging.getLogger("gongkai.server")


def create_app(config: Config, service: Gongkai | None = None, page: bool = True) -> FastAPI:
    """The whole web service; `page=False` leaves out the Gradio page (REST only). The entry point
    (`serve`, or a test) has switched telemetry off (config.quiet_third_parties)."""
    service = service or Gongkai(config)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        # Load the model, index and jieba before the first request, so the first question is fast.
        try:
            service.warm_up()
            log.info("gongkai ready: %d reports", len(service.reports()))
        except Exception as exc:
            if not index_unavailable(exc):
                raise
            # A Chroma server that is away now may be back later: serve 503s until then, no restart needed.
            log.warning("gongkai started without its index: %s", exc)
        yield
        # Shutting down (SIGTERM/SIGINT, or a test's server stopping): background threads, parsing processes and
        # the Chroma client, in order (Gongkai.close). An ingest still running is abandoned: its report was
        # either committed or is invisible and cleaned up by the next ingest (the kill tests' invariants).
        service.close(timeout_s=1.0)

    local_docs = _swagger_assets()
    app = FastAPI(title="公开 Gongkai：政府信息公开工作年度报告问答", version="0.1.0", lifespan=lifespan,
                  docs_url=None if local_docs else "/docs",
                  description="回答关于政府信息公开工作年度报告的问题，给出准确数字和出处。"
                              "错误统一为 `{\"error\": {\"code\", \"message\"}}`。")
    app.state.config, app.state.service = config, service
    app.state.limits, app.state.staff_sessions = Limits(config), StaffSessions()
    from ui.questions import QuestionLog

    app.state.questions = QuestionLog(config)
    install_error_handlers(app)
    app.include_router(router)
    from ui.viewer import router as viewer_router

    app.include_router(viewer_router)  # /view/…: a citation opens the report itself (before the page's "/")
    from ui.embed import router as embed_router

    app.include_router(embed_router)  # /embed.js and /embed: the chat in another site (GONGKAI_EMBED_ORIGINS)
    app.add_middleware(Gate, config=config, limits=app.state.limits, sessions=app.state.staff_sessions,
                       upload_limit=int(config.max_file_mb * 1048576))
    _no_query_strings_in_logs()
    if local_docs:
        _local_docs(app, local_docs)
    if page:
        _mount_page(app, service, config, app.state.limits)
        from ui.page import CHINESE_FIRST

        app.add_middleware(FirstInHead, script=CHINESE_FIRST, paths=("/",))
    return app


class FirstInHead:
    """ASGI middleware: `script` inserted right after <head> of the HTML pages at `paths` (Gradio's page), so
    it runs before any of the page's own scripts."""

    def __init__(self, app, script: bytes, paths: tuple[str, ...]):
        self.app, self.script, self.paths = app, script, set(paths)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "GET" or scope.get("path") not in self.paths:
            return await self.app(scope, receive, send)
        start: dict = {}
        chunks: list[bytes] = []

        async def wrapped(message):
            if message["type"] == "http.response.start":
                start.update(message)
                return None
            if message["type"] != "http.response.body":
                return await send(message)
            headers = dict(start.get("headers") or [])
            if not headers.get(b"content-type", b"").startswith(b"text/html"):
                if start:
                    await send(dict(start))
                    start.clear()
                return await send(message)
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return None
            body = b"".join(chunks).replace(b"<head>", b"<head>" + self.script, 1)
            out = [(k, v) for k, v in start.get("headers") or [] if k != b"content-length"]
            out.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": out})
            return await send({"type": "http.response.body", "body": body})

        return await self.app(scope, receive, wrapped)


class _NoQuery(logging.Filter):
    """uvicorn's access log line without the query string: a token sent as ?token=… must not land in a log."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def _no_query_strings_in_logs() -> None:
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, _NoQuery) for f in access.filters):
        access.addFilter(_NoQuery())


def _swagger_assets() -> str | None:
    """Swagger UI's files from the fastapi-offline package; FastAPI's default loads them from a CDN."""
    try:
        import fastapi_offline
    except ImportError:
        return None
    folder = Path(fastapi_offline.__file__).parent / "static"
    return str(folder) if (folder / "swagger-ui-bundle.js").exists() else None


def _local_docs(app: FastAPI, assets: str) -> None:
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    app.mount("/docs-static", StaticFiles(directory=assets), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url="/openapi.json", title=app.title + " · API",
                                   swagger_js_url="/docs-static/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-static/swagger-ui.css",
                                   swagger_favicon_url="/docs-static/favicon.png")


def _mount_page(app: FastAPI, service: Gongkai, config: Config, limits: Limits) -> None:
    import gradio as gr

    from ui.page import PAGE_CSS, PAGE_HEAD, build_page, plain_gradio_errors

    plain_gradio_errors()
    blocks = build_page(service, config, limits)
    # show_error=False: an error our handlers did not turn into a sentence shows plain_gradio_errors' one.
    gr.mount_gradio_app(app, blocks, path="/", footer_links=[], max_file_size=f"{config.max_file_mb:g}mb",
                        css=PAGE_CSS, head=PAGE_HEAD, show_error=False)


def serve(config: Config, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Serve until SIGTERM or SIGINT, then stop taking requests, give those in flight config.shutdown_s,
    shut down in order and exit 0 (within 5 s: a watchdog ends the process if anything hangs)."""
    import uvicorn

    quiet_third_parties()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    service = Gongkai(config)
    try:
        service.store  # noqa: B018 - a corrupt or foreign data folder stops here with its message (CLI: Error: …)
    except Exception as exc:
        if not index_unavailable(exc):
            raise
    service.start_warm_up()  # model, snapshot and jieba load while the page is built; the lifespan waits for it
    # proxy_headers=False: uvicorn would otherwise take the client address from X-Forwarded-For of any
    # connection from 127.0.0.1; the Gate believes that header only from GONGKAI_TRUSTED_PROXIES.
    server = _Server(uvicorn.Config(create_app(config, service), host=host, port=port, log_level="info",
                                    proxy_headers=False, timeout_graceful_shutdown=max(0.1, config.shutdown_s)))
    server.run()
    service.close(timeout_s=1.0)
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    # An ingest in a worker thread (non-daemon) would otherwise keep the interpreter waiting for it; its report
    # is committed or invisible either way, so the process ends here instead of at the end of that ingest.
    os._exit(0)


class _Server:
    """uvicorn's server, but a signal means "shut down and exit 0": uvicorn re-raises the signal it caught
    after its graceful shutdown, so `gongkai serve` died of its own SIGTERM (exit 143)."""

    WATCHDOG_S = 4.5

    def __new__(cls, config):
        import uvicorn

        class Server(uvicorn.Server):
            def handle_exit(self, sig, frame):  # noqa: ARG002 - the signal handler's signature
                if not self.should_exit:
                    log.info("received %s: shutting down", signal.Signals(sig).name)
                    threading.Thread(target=_watchdog, args=(cls.WATCHDOG_S,), name="gongkai-exit-watchdog",
                                     daemon=True).start()
                elif sig == signal.SIGINT:
                    self.force_exit = True
                self.should_exit = True

        return Server(config)


def _watchdog(seconds: float) -> None:
    threading.Event().wait(seconds)
    log.warning("shutdown took longer than %.1f s: exiting now", seconds)
    logging.shutdown()
    os._exit(0)
