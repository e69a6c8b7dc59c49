"""Errors a person can read: what went wrong with which file, in plain words."""


class GongkaiError(Exception):
    """Base for errors shown to users as one line (CLI `Error: …`, REST JSON, chat message)."""


class IngestError(GongkaiError):
    def __init__(self, file: str, reason: str):
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


class NotFoundError(GongkaiError):
    pass


class IndexMismatchError(GongkaiError):
    pass


UNAVAILABLE = "索引服务暂时无法连接（Chroma 服务器没有响应）。请确认它正在运行，稍后再试；如果问题持续，请联系管理员。"


class IndexUnavailableError(GongkaiError):
    """The Chroma server cannot be reached; a later call may succeed (nothing needs restarting)."""

    def __init__(self, message: str = UNAVAILABLE):
        super().__init__(message)


def index_unavailable(exc: BaseException | None) -> bool:
    """Whether an error is, at its root, a Chroma server that cannot be reached (refused, reset, timed out)."""
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, (IndexUnavailableError, ConnectionError, TimeoutError)):
            return True
        if type(exc).__module__.startswith(("httpx", "httpcore")) and "Status" not in type(exc).__name__:
            return True  # transport errors; an HTTP status error means the server answered
        if "Could not connect to a Chroma server" in str(exc):
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False
