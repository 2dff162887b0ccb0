"""Copy the shared files of shared_spec/ into every implementation's shared/ folder.

    python -m tools.sync            (nox -s sync runs it)

Each implementation carries what it uses: the files every folder needs (the input checks, the
seed data, the stylesheet and icon), plus whatever else its shared/ already holds (the store,
the WSGI body reader, the key file). A test checks that the copies are byte-identical.
"""

from __future__ import annotations

import ast
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_SPEC = ROOT / "shared_spec"
FOLDER = "shared"  # the subfolder of each implementation that holds the copies
REQUIRED = ("checks.py", "quotes.json", "users.json", "static/style.css", "static/favicon.svg")
WSGI_ONLY = ("wsgi_body.py",)
NOTE = "Copied from shared_spec/ by `nox -s sync`; edit them there.\n"


def copies(implementation: Path) -> list[str]:
    """The shared files this implementation carries, as paths relative to its shared/: the
    required ones, those already there, and the shared modules that any of these imports."""
    held = implementation / FOLDER
    present = {
        path.relative_to(held).as_posix()
        for path in held.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.name != "README.md"
    }
    wanted, queue = set(REQUIRED) | present, sorted(set(REQUIRED) | present)
    while queue:
        source = SHARED_SPEC / queue.pop()
        if source.suffix == ".py" and source.is_file():
            for module in imported_siblings(source):
                if module not in wanted:
                    wanted.add(module)
                    queue.append(module)
    return sorted(wanted)


def imported_siblings(source: Path) -> list[str]:
    """The files of the modules that `source` imports relatively (`from .checks import ...`)."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    return [
        f"{node.module}.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
    ]


def sync(implementation: Path) -> list[str]:
    """Copy every file `copies` names from shared_spec/; return the ones that changed."""
    changed = []
    for name in copies(implementation):
        source, target = SHARED_SPEC / name, implementation / FOLDER / name
        if not source.is_file():
            raise SystemExit(f"{target}: shared_spec/ has no {name} (remove the copy)")
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            changed.append(name)
    note = implementation / FOLDER / "README.md"
    if not note.is_file() or note.read_text(encoding="utf-8") != NOTE:
        note.write_text(NOTE, encoding="utf-8")
        changed.append("README.md")
    return changed


def main() -> int:
    for manifest in sorted((ROOT / "frameworks").glob("*/manifest.toml")):
        for name in sync(manifest.parent):
            print(f"{manifest.parent.name}/{FOLDER}/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
