"""`nox -s starter`: a starter project for each implementation runs its own tests, green.

Each test writes the starter into a temporary folder, builds a fresh virtualenv there from the
starter's own files (the commands its README gives), and runs the copied suite against the copied
app. A starter that only works beside this repository fails here.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.starter import ROOT, write_starter

IMPLEMENTATIONS = sorted(p.parent.name for p in (ROOT / "frameworks").glob("*/manifest.toml"))


def run(*command: str | Path, cwd: Path) -> str:
    """Run a command in the starter; fail the test with its output when it fails."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "ROSETTA_IMPL"}}
    done = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{command} failed:\n{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
    return done.stdout


@pytest.mark.parametrize("name", IMPLEMENTATIONS)
def test_starter_passes_its_own_suite(name: str, tmp_path: Path) -> None:
    """The starter installs from its own files and passes the copied suite."""
    project = write_starter(name, tmp_path / f"{name}-starter")
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert f"frameworks/{name}/requirements.txt" in readme and "pytest" in readme
    assert not list(project.rglob("*.db")) and not list(project.rglob("__pycache__"))
    run(sys.executable, "-m", "venv", ".venv", cwd=project)
    pip = [project / ".venv/bin/python", "-m", "pip", "install", "-q"]
    requirements = ["-r", f"frameworks/{name}/requirements.txt", "-r", "tests/requirements.in"]
    run(*pip, *requirements, cwd=project)
    output = run(project / ".venv/bin/pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    assert " passed" in output and " failed" not in output, output[-2000:]


def test_starter_refuses_unknown_names_and_full_folders(tmp_path: Path) -> None:
    """No starter for a framework that isn't here, and no writing over a folder in use."""
    with pytest.raises(SystemExit, match="no implementation"):
        write_starter("no-such-framework", tmp_path / "new")
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit, match="not empty"):
        write_starter(IMPLEMENTATIONS[0], tmp_path / "used")
    assert [p.name for p in (tmp_path / "used").iterdir()] == ["keep.txt"]
