"""The house's rules: data flows ingest → assistant → eval/ui, and no module imports in a circle, lazy
imports (inside functions) included. The contracts live in pyproject.toml ([tool.importlinter]); the
checker is import-linter. A planted circle and a planted wrong-way import prove the checker can fail."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def lint(cwd: Path, config: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    run = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    return subprocess.run([sys.executable, "-c", run, "--config", str(config), "--no-cache"],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_project_keeps_its_contracts():
    done = lint(REPO, REPO / "pyproject.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BROKEN" not in done.stdout and done.stdout.count("KEPT") >= 4


def _package(root: Path, name: str, modules: dict[str, str]) -> None:
    folder = root / name
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for module, body in modules.items():
        (folder / f"{module}.py").write_text(textwrap.dedent(body))


_CONTRACTS = """
[importlinter]
root_packages =
    low
    high

[importlinter:contract:flow]
name = flow
type = layers
layers =
    high
    low

[importlinter:contract:circles]
name = circles
type = acyclic_siblings
ancestors =
    low
    high
"""


def _planted(tmp_path: Path, low: dict[str, str], high: dict[str, str]) -> subprocess.CompletedProcess:
    _package(tmp_path, "low", low)
    _package(tmp_path, "high", high)
    config = tmp_path / ".importlinter"
    config.write_text(_CONTRACTS)
    return lint(tmp_path, config)


def test_a_clean_planted_tree_passes(tmp_path):
    done = _planted(tmp_path, {"a": "X = 1\n", "b": "from low.a import X\n"}, {"c": "from low.b import X\n"})
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_lazy_circle_is_caught(tmp_path):
    # b imports a at the top, a imports b inside a function: the kind of circle a lazy import hides.
    done = _planted(tmp_path, {"a": "def f():\n    from low import b\n    return b\n", "b": "from low import a\n"},
                    {"c": "from low.b import a\n"})
    assert done.returncode != 0
    assert "circles BROKEN" in " ".join(done.stdout.split())


def test_an_import_against_the_flow_is_caught(tmp_path):
    done = _planted(tmp_path, {"a": "def f():\n    from high import c\n    return c\n"}, {"c": "X = 1\n"})
    assert done.returncode != 0
    assert "flow BROKEN" in " ".join(done.stdout.split())
