"""Every setting with an environment variable is in README's environment table, with its default."""

from __future__ import annotations

from conftest import REPO

from ingest.config import SETTINGS


def test_readme_lists_every_setting_with_its_default():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Environment", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| `GONGKAI_")]
    for s in SETTINGS:
        if s.env is None:
            continue
        row = next((r for r in rows if f"`{s.env}`" in r.split("|")[1]), None)
        assert row is not None, f"{s.env} is not in README's environment table"
        default = row.rsplit("|", 2)[-2]
        if s.default in (None, (), False):
            assert "unset" in default or "../shared" in default, (s.env, default)
        elif not isinstance(s.default, str) or s.env != "GONGKAI_DATA":
            shown = f"{s.default:g}" if isinstance(s.default, float) else str(s.default)
            assert shown in default.replace(",", "") or str(s.default) in default, (s.env, s.default, default)
