"""Write a standalone project for one implementation, with the shared suite to keep it honest.

    nox -s starter -- <framework> <new-folder>       (or: python -m tools.starter ...)

The new project has this repository's shape, cut down to one framework: frameworks/<name>/ (the
app, its pinned requirements, and in shared/ its copies of the seed data, stylesheet and shared
modules), shared_spec/ (the specification the tests hold it to), tests/ (the whole suite, which
picks the one implementation by itself) and the few modules of tools/ that the suite reads. The
feature-region markers, which only serve this repository's side-by-side site, are left out.
"""

from __future__ import annotations

import shutil
import sys
import tomllib
from pathlib import Path

from tools.regions import source_files, without_markers

ROOT = Path(__file__).resolve().parent.parent
GENERATED = shutil.ignore_patterns(
    ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", "*.db", "*.db-*", "*.log", "matrix.py"
)
README = Path(__file__).with_name("starter_readme.md")  # filled in with str.format
TOOLS_THE_SUITE_READS = ("regions.py", "sync.py", "chromium.py", "postgres.py")


def write_starter(name: str, dest: Path) -> Path:
    """Write the starter for `name` into `dest` (new or empty) and return `dest`."""
    source = ROOT / "frameworks" / name
    if not (source / "manifest.toml").is_file():
        known = sorted(p.parent.name for p in (ROOT / "frameworks").glob("*/manifest.toml"))
        raise SystemExit(f"no implementation {name!r}; one of: {', '.join(known)}")
    if dest.exists() and any(dest.iterdir()):
        raise SystemExit(f"{dest} is not empty")
    manifest = tomllib.loads((source / "manifest.toml").read_text(encoding="utf-8"))
    app = shutil.copytree(source, dest / "frameworks" / name, ignore=GENERATED)
    for path in source_files(app):
        path.write_text(without_markers(path.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copytree(ROOT / "shared_spec", dest / "shared_spec", ignore=GENERATED)
    shutil.copytree(ROOT / "tests", dest / "tests", ignore=GENERATED)
    (dest / "tools").mkdir()
    for tool in TOOLS_THE_SUITE_READS:
        shutil.copy(ROOT / "tools" / tool, dest / "tools" / tool)
    serve = manifest["serve"].format(host="127.0.0.1", port=8000, workers=2)
    readme = README.read_text(encoding="utf-8")
    readme = readme.format(name=name, title=manifest["title"], serve=serve)
    (dest / "README.md").write_text(readme, encoding="utf-8")
    shutil.copy(ROOT / "pyproject.toml", dest / "pyproject.toml")  # pytest and ruff settings
    ignored = (
        ".venv/\n__pycache__/\n.pytest_cache/\n.ruff_cache/\n*.db\n*.db-*\n*.secret-key\n*.log\n"
    )
    (dest / ".gitignore").write_text(ignored, encoding="utf-8")
    return dest


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        raise SystemExit(__doc__)
    dest = write_starter(argv[1], Path(argv[2]).resolve())
    print(f"{argv[1]} starter written to {dest}; see {dest / 'README.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
