"""Settings: one table in ingest/config.py, one precedence (flag > environment > default), and README's
environment table says the same as the table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import REPO

from ingest.config import SETTINGS, Config


def _shown(default: object) -> str:
    """A default as README writes it."""
    if default is None or default is False or default == ():
        return "unset"
    if isinstance(default, Path):
        return str(default) if default.is_absolute() else f"./{default}"
    if isinstance(default, float) and default.is_integer():
        return str(int(default))
    return str(default)


def readme_environment(readme: Path = REPO / "README.md") -> dict[str, str]:
    """variable -> default, from README's "Environment" table (a row may name several variables)."""
    text = readme.read_text(encoding="utf-8")
    section = text.split("## Environment", 1)[1].split("\n## ", 1)[0]
    out: dict[str, str] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        names = re.findall(r"`(GONGKAI_\w+)`", cells[0]) if line.startswith("|") else []
        if not names:
            continue
        defaults = [m.group(1) if m.group(1) is not None else "unset"
                    for m in re.finditer(r"`([^`]*)`|\bunset\b", cells[-1])]
        assert len(defaults) in (1, len(names)), f"README row {line!r}: one default, or one per variable"
        out.update(zip(names, defaults if len(defaults) == len(names) else defaults * len(names)))
    return out


def test_readme_lists_every_setting_with_its_default():
    documented = readme_environment()
    settings = {s.env: _shown(s.default) for s in SETTINGS if s.env}
    assert set(documented) == set(settings), (
        f"missing from README: {sorted(set(settings) - set(documented))}; "
        f"not settings: {sorted(set(documented) - set(settings))}")
    assert documented == settings


def test_readme_table_reader_sees_a_missing_row_and_a_wrong_default(tmp_path):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "| `GONGKAI_DEBUG`" in readme and "| `GONGKAI_MAX_FILE_MB` |" in readme
    edited = re.sub(r"\| `GONGKAI_DEBUG`.*\n", "", readme)
    edited = re.sub(r"(\| `GONGKAI_MAX_FILE_MB` \|.*)`50` \|", r"\1`500` |", edited)
    (tmp_path / "README.md").write_text(edited, encoding="utf-8")
    got = readme_environment(tmp_path / "README.md")
    assert "GONGKAI_DEBUG" not in got and got["GONGKAI_MAX_FILE_MB"] == "500" and got["GONGKAI_DATA"] == "./data"


def test_flag_beats_environment_beats_default():
    env = {"GONGKAI_MAX_FILE_MB": "7", "GONGKAI_PDF_MAX_PAGES": "12", "GONGKAI_DEBUG": "1"}
    assert Config.from_env(env={}).pdf_max_pages == 300
    cfg = Config.from_env(env=env, pdf_max_pages=5)
    assert (cfg.max_file_mb, cfg.pdf_max_pages, cfg.debug) == (7.0, 5, True)
    assert Config.from_env(env={"GONGKAI_DEBUG": "0"}).debug is False


def test_an_unreadable_value_names_its_variable():
    with pytest.raises(ValueError, match="GONGKAI_PDF_TIME_S"):
        Config.from_env(env={"GONGKAI_PDF_TIME_S": "soon"})
