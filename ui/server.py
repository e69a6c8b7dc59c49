"""One FastAPI app: the REST API (ui/api.py) beside the chat page (ui/page.py) mounted at "/"."""

from __future__ import annotations

import logging
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI

from assistant.service import Gongkai
from ingest.config import Config, quiet_third_parties

from .api import BodyLimit, install_error_handlers, router

log = logging.getLogger("gongkai.server")


def create_app(config: Config, service: Gongkai | None = None, page: bool = True) -> FastAPI:
    """The whole web service; `page=False` leaves out the Gradio page (REST only)."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    service = service or Gongkai(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Load the model, index and jieba before the first request, so the first question is fast.
        service.warm_up()
        log.info("gongkai ready: %d reports", len(service.reports()))
        yield

    app = FastAPI(title="公开 Gongkai：政府信息公开工作年度报告问答", version="0.1.0", lifespan=lifespan,
                  description="回答关于政府信息公开工作年度报告的问题，给出准确数字和出处。"
                              "错误统一为 `{\"error\": {\"code\", \"message\"}}`。")
    app.state.config, app.state.service = config, service
    install_error_handlers(app)
    app.include_router(router)
    app.add_middleware(BodyLimit, upload_limit=int(config.max_file_mb * 1048576))
    if page:
        _mount_page(app, service, config)
    return app


def _mount_page(app: FastAPI, service: Gongkai, config: Config) -> None:
    import gradio as gr

    from .page import PAGE_CSS, PAGE_HEAD, build_page

    blocks = build_page(service, config)
    gr.mount_gradio_app(app, blocks, path="/", footer_links=[], max_file_size=f"{config.max_file_mb:g}mb",
                        css=PAGE_CSS, head=PAGE_HEAD, show_error=True)


def serve(config: Config, host: str = "127.0.0.1", port: int = 7860) -> None:
    import uvicorn

    quiet_third_parties()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    uvicorn.run(create_app(config), host=host, port=port, log_level="info")
