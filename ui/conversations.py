"""Conversations kept in the person's browser (localStorage, through Gradio's BrowserState): the current one
and a short list of earlier ones, so a reload or a return visit finds them. Nothing is kept on the server.

The stored value is one JSON document: {"current": id, "items": [Conversation as dict, ...]}, newest first.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

STORAGE_KEY = "gongkai-conversations"
KEEP = 8  # conversations kept in the browser; older ones drop off the list
TURNS_KEPT = 40  # messages of one conversation kept (localStorage holds about 5 MB a site)
TITLE_CHARS = 24


@dataclass
class Conversation:
    id: str
    title: str = ""
    report: str | None = None  # the picked report (picker value)
    messages: list[dict] = field(default_factory=list)
    turns: dict[str, dict] = field(default_factory=dict)  # message index (as text: JSON keys) -> the turn
    updated: float = 0.0

    @classmethod
    def new(cls, report: str | None = None) -> Conversation:
        return cls(id=secrets.token_hex(6), report=report, updated=time.time())

    @classmethod
    def from_dict(cls, d: dict) -> Conversation:
        return cls(id=str(d.get("id") or secrets.token_hex(6)), title=str(d.get("title") or ""),
                   report=d.get("report") if isinstance(d.get("report"), str) else None,
                   messages=[m for m in d.get("messages") or [] if isinstance(m, dict)]
                   if isinstance(d.get("messages"), list) else [],
                   turns={str(k): v for k, v in d["turns"].items()} if isinstance(d.get("turns"), dict) else {},
                   updated=float(d.get("updated") or 0))

    def turns_by_index(self) -> dict[int, dict]:
        """The page's turns state: keyed by message index as a number (the 👍/👎 handler looks them up so)."""
        out = {}
        for k, v in self.turns.items():
            try:
                out[int(k)] = v
            except ValueError:
                continue
        return out


def title_of(messages: list[dict]) -> str:
    """The first question, shortened: the conversation's name in the list."""
    for m in messages:
        if m.get("role") == "user":
            text = _plain(m.get("content")).replace("\\", "").strip()
            return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS] + "…"
    return ""


def _plain(content) -> str:
    """A message's text: Gradio 6 hands a message's content back as a list of parts ({"type": "text", …})."""
    if isinstance(content, list):
        return " ".join(_plain(p) for p in content)
    if isinstance(content, dict):
        return str(content.get("text") or "")
    return str(content or "")


def load(stored: dict | None) -> tuple[Conversation, list[Conversation]]:
    """(the current conversation, all kept ones newest first) from the browser's value; a value that is not
    ours (another version, damaged) starts afresh rather than failing the page."""
    items: list[Conversation] = []
    current_id = None
    if isinstance(stored, dict):
        current_id = stored.get("current")
        for d in stored.get("items") or []:
            if isinstance(d, dict):
                try:
                    items.append(Conversation.from_dict(d))
                except (TypeError, ValueError):
                    continue
    current = next((c for c in items if c.id == current_id), None)
    if current is None:
        current = Conversation.new()
        items.insert(0, current)
    return current, items


def save(stored: dict | None, current: Conversation) -> dict:
    """The browser's value with `current` updated and moved first; empty ones other than the current dropped."""
    _, items = load(stored)
    if current.messages:
        current.title = current.title or title_of(current.messages)
        current.messages = current.messages[-TURNS_KEPT:]
        first = len(current.messages)  # turns of messages cut off go with them
        current.turns = {k: v for k, v in current.turns.items() if k.isdigit() and int(k) < first}
    current.updated = time.time()
    rest = [c for c in items if c.id != current.id and c.messages]
    kept = [current, *rest][:KEEP]
    return {"current": current.id, "items": [asdict(c) for c in kept]}


def choices(stored: dict | None) -> list[tuple[str, str]]:
    """(label, id) of the kept conversations with messages, newest first, for the 之前的对话 list."""
    _, items = load(stored)
    out = []
    for c in sorted((c for c in items if c.messages), key=lambda c: -c.updated):
        when = time.strftime("%m-%d %H:%M", time.localtime(c.updated)) if c.updated else ""
        out.append((f"{c.title or '（无标题）'} · {when}".strip(" ·"), c.id))
    return out


def secret_for(data_dir: Path) -> str:
    """The key BrowserState encrypts with, kept in the data folder: Gradio's default is a new random key each
    start, and every stored conversation would be unreadable after a restart."""
    path = Path(data_dir) / "secret"
    try:
        value = path.read_text(encoding="utf-8").strip()
        if len(value) >= 16:
            return value
    except OSError:
        pass
    value = secrets.token_urlsafe(24)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value, encoding="utf-8")
        path.chmod(0o600)
    except OSError:
        pass  # a read-only data folder: this process's key, conversations last until a restart
    return value
