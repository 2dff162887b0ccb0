"""Feature regions (SPEC.md, RUN-5): the marked pieces of code that the side-by-side site shows.

A region starts at a comment line whose text begins `region: <name>` and ends at the next comment
line beginning `endregion`, in any language: `# region: csrf`, `{# region: csrf #}`,
`% # region: csrf`. Python's `# region` is also the folding marker that editors understand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

START = re.compile(r"^\W*region:\s*([a-z][a-z-]*)")
END = re.compile(r"^\W*endregion\b")
SOURCE_SUFFIXES = {".py", ".html", ".tpl", ".toml", ".cfg", ".ini", ".txt"}
SKIP = {".venv", "__pycache__", ".pytest_cache", ".ruff_cache", "static"}


@dataclass(frozen=True)
class Region:
    name: str
    path: Path  # relative to the implementation's folder
    first_line: int  # 1-based number of the first line inside the markers
    lines: tuple[str, ...]


class RegionError(ValueError):
    """Markers that do not pair up: a start inside a region, an end outside one, no end."""


def spec_region_names(spec_text: str) -> list[str]:
    """The names in SPEC.md's *Feature regions* table, in its order."""
    section = spec_text.split("## Feature regions", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z-]+)` \|", section, re.M)


def source_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix in SOURCE_SUFFIXES
        and p.name != "requirements.txt"
        and not SKIP & set(p.relative_to(folder).parts)
    )


def regions_in(folder: Path) -> list[Region]:
    """Every region in the folder's source files, in file order; RegionError on broken markers.

    Regions may nest (the `csrf` lines inside `configuration`): an outer region's lines keep the
    inner one's markers, which read as what they are, comments.
    """
    found: list[Region] = []
    for path in source_files(folder):
        relative = path.relative_to(folder)
        open_: list[tuple[str, int, list[str]]] = []  # innermost last
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            opened, closed = START.match(line.strip()), END.match(line.strip())
            if closed:
                if not open_:
                    raise RegionError(f"{relative}:{number}: endregion without a region")
                name, start, body = open_.pop()
                found.append(Region(name, relative, start, tuple(body)))
            for _, _, body in open_:
                body.append(line)
            if opened:
                if opened[1] in [name for name, _, _ in open_]:
                    raise RegionError(f"{relative}:{number}: region {opened[1]!r} inside itself")
                open_.append((opened[1], number + 1, []))
        if open_:
            raise RegionError(f"{relative}: region {open_[-1][0]!r} never ends")
    return sorted(found, key=lambda r: (r.path, r.first_line))
