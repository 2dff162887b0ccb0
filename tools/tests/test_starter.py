"""`nox -s starters`: each implementation's starter project stands on its own.

Each test writes the starter into a temporary folder and proves what only a starter can: it
installs from its own files into a fresh virtualenv (uv, the commands its README gives in pip's
form), it carries the whole suite (it collects as many tests as this repository's run of that
implementation does), and its smoke tests pass against the copied app. The full suite is not run
again here: `conformance` has just run it against the same code.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tools.regions import marker_lines
from tools.starter import ROOT, write_starter

IMPLEMENTATIONS = sorted(p.parent.name for p in (ROOT / "frameworks").glob("*/manifest.toml"))
QUIET = ("-q", "-p", "no:cacheprovider")


def run(*command: str | Path, cwd: Path) -> str:
    """Run a command in the starter; fail the test with its output when it fails."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "ROSETTA_IMPL"}}
    done = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def collected(output: str) -> int:
    """The count from `pytest --collect-only -q`'s last line ("282 tests collected in 0.4s", or
    "310/315 tests collected (5 deselected) in 0.5s" where some are not for this database)."""
    found = re.search(r"^(\d+)(?:/\d+)? tests? collected", output, re.M)
    assert found, output[-2000:]
    return int(found[1])


@pytest.mark.parametrize("name", IMPLEMENTATIONS)
def test_starter_stands_on_its_own(name: str, tmp_path: Path) -> None:
    """The starter installs from its own files, holds the whole suite and no region markers,
    and passes its smoke tests."""
    project = write_starter(name, tmp_path / f"{name}-starter")
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert f"frameworks/{name}/requirements.txt" in readme and "pytest" in readme
    assert "SECRET_KEY" in readme
    assert not list(project.rglob("*.db")) and not list(project.rglob("__pycache__"))
    assert marker_lines(project / "frameworks" / name) == 0, "a starter carries no markers"

    uv = (sys.executable, "-m", "uv")
    run(*uv, "venv", "-q", "--python", sys.executable, ".venv", cwd=project)
    requirements = ["-r", f"frameworks/{name}/requirements.txt", "-r", "tests/requirements.in"]
    run(*uv, "pip", "install", "-q", "--python", ".venv/bin/python", *requirements, cwd=project)
    pytest_ = project / ".venv/bin/pytest"
    here = collected(run(pytest_, *QUIET, "--collect-only", "--impl", name, "tests", cwd=ROOT))
    assert collected(run(pytest_, *QUIET, "--collect-only", cwd=project)) == here
    output = run(pytest_, *QUIET, "-m", "smoke", cwd=project)
    assert re.search(r"^\d+ passed", output, re.M) and " failed" not in output, output[-2000:]


def test_starter_refuses_unknown_names_and_full_folders(tmp_path: Path) -> None:
    """No starter for a framework that isn't here, and no writing over a folder in use."""
    with pytest.raises(SystemExit, match="no implementation"):
        write_starter("no-such-framework", tmp_path / "new")
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit, match="not empty"):
        write_starter(IMPLEMENTATIONS[0], tmp_path / "used")
    assert [p.name for p in (tmp_path / "used").iterdir()] == ["keep.txt"]
