"""The conversations kept in the browser (ui/conversations.py): what is stored, its bounds, a damaged value."""

from __future__ import annotations

from ui import conversations as cv


def _messages(q: str, n: int = 1) -> list[dict]:
    out = []
    for i in range(n):
        out += [{"role": "user", "content": f"{q}{i}"}, {"role": "assistant", "content": "答"}]
    return out


def test_save_puts_the_current_first_and_keeps_at_most_keep():
    stored = None
    ids = []
    for i in range(cv.KEEP + 3):
        c = cv.Conversation.new("zhongwei-kjj-2024")
        c.messages = _messages(f"问题{i}")
        c.turns = {"1": {"question": f"问题{i}0"}}
        stored = cv.save(stored, c)
        ids.append(c.id)
    assert stored["current"] == ids[-1]
    assert [d["id"] for d in stored["items"]] == ids[::-1][: cv.KEEP]
    current, items = cv.load(stored)
    assert current.id == ids[-1] and current.report == "zhongwei-kjj-2024" and current.title == f"问题{cv.KEEP + 2}0"
    assert current.turns_by_index() == {1: {"question": f"问题{cv.KEEP + 2}0"}}
    assert [label for label, _ in cv.choices(stored)][0].startswith(f"问题{cv.KEEP + 2}")


def test_long_conversations_are_cut_with_their_turns_and_titles_shortened():
    c = cv.Conversation.new()
    c.messages = _messages("很长的问题" * 10, cv.TURNS_KEPT)
    c.turns = {str(i): {"n": i} for i in range(1, 2 * cv.TURNS_KEPT, 2)}
    stored = cv.save(None, c)
    kept = stored["items"][0]
    assert len(kept["messages"]) == cv.TURNS_KEPT
    assert all(int(k) < cv.TURNS_KEPT for k in kept["turns"])
    assert len(kept["title"]) == cv.TITLE_CHARS + 1 and kept["title"].endswith("…")


def test_empty_conversations_are_not_listed_and_a_damaged_value_starts_afresh():
    empty = cv.Conversation.new()
    stored = cv.save(None, empty)
    assert cv.choices(stored) == []
    for bad in (None, "x", {"items": "x"}, {"items": [1, {"messages": "not a list"}]}, {"current": 3}):
        current, items = cv.load(bad)
        assert current.messages == [] and current in items
        assert all(isinstance(m, dict) for c in items for m in c.messages)


def test_the_key_is_kept_in_the_data_folder(tmp_path):
    key = cv.secret_for(tmp_path)
    assert len(key) >= 16 and cv.secret_for(tmp_path) == key  # the same after a restart
    assert (tmp_path / "secret").stat().st_mode & 0o077 == 0
    assert cv.secret_for(tmp_path / "other") != key
