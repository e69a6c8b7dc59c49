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
