"""One FastAPI app: the REST API (ui/api.py) beside the chat page (ui/page.py) mounted at "/"."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from assistant.service import Gongkai
from ingest.config import Config, quiet_third_parties
from ingest.errors import index_unavailable
from ui.api import BodyLimit, install_error_handlers, router

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

    local_docs = _swagger_assets()
    app = FastAPI(title="公开 Gongkai：政府信息公开工作年度报告问答", version="0.1.0", lifespan=lifespan,
                  docs_url=None if local_docs else "/docs",
                  description="回答关于政府信息公开工作年度报告的问题，给出准确数字和出处。"
                              "错误统一为 `{\"error\": {\"code\", \"message\"}}`。")
    app.state.config, app.state.service = config, service
    install_error_handlers(app)
    app.include_router(router)
    app.add_middleware(BodyLimit, upload_limit=int(config.max_file_mb * 1048576))
    if local_docs:
        _local_docs(app, local_docs)
    if page:
        _mount_page(app, service, config)
    return app


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


def _mount_page(app: FastAPI, service: Gongkai, config: Config) -> None:
    import gradio as gr

    from ui.page import PAGE_CSS, PAGE_HEAD, build_page

    blocks = build_page(service, config)
    gr.mount_gradio_app(app, blocks, path="/", footer_links=[], max_file_size=f"{config.max_file_mb:g}mb",
                        css=PAGE_CSS, head=PAGE_HEAD, show_error=True)


def serve(config: Config, host: str = "127.0.0.1", port: int = 7860) -> None:
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
    uvicorn.run(create_app(config, service), host=host, port=port, log_level="info")
