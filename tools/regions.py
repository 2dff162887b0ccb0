"""Feature regions (SPEC.md, RUN-5): the named pieces of code that the side-by-side site shows.

A region that is a whole function, class, method, file or manifest key is named in the
implementation's manifest, in its `[regions]` table:

    [regions]
    "api.py:Quotes.on_post" = "body-validation"     # a function, class or method, decorators too
    "templates/index.html" = "templates"            # a whole file
    "manifest.toml:serve" = "production-server"     # one key of a TOML file
    "app.py:create_app" = ["configuration", "sessions"]

Part of a body is marked in place instead, by a comment line whose text begins
`region: <name>` and the next comment line beginning `endregion`, at the same indentation, in
any language: `# region: csrf`, `{# region: csrf #}`. Python's `# region` is also the folding
marker that editors understand.
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

START = re.compile(r"^\W*region:\s*([a-z][a-z-]*)")
END = re.compile(r"^\W*endregion\b")
SOURCE_SUFFIXES = {".py", ".html", ".tpl", ".ptl", ".toml", ".cfg", ".ini", ".txt"}
SKIP = {".venv", "__pycache__", ".pytest_cache", ".ruff_cache", "static", "shared"}


@dataclass(frozen=True)
class Region:
    name: str
    path: Path  # relative to the implementation's folder
    first_line: int  # 1-based number of the region's first line
    lines: tuple[str, ...]


class RegionError(ValueError):
    """A region that cannot be found: markers that do not pair up, or a manifest entry that
    names a file, function or key that is not there."""


def spec_region_names(spec_text: str) -> list[str]:
    """The names in SPEC.md's *Feature regions* table, in its order."""
    section = spec_text.split("## Feature regions", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z-]+)` \|", section, re.M)


def source_files(folder: Path) -> list[Path]:
    """The implementation's own source files (not its shared/ copies or static files)."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix in SOURCE_SUFFIXES
        and p.name != "requirements.txt"
        and not SKIP & set(p.relative_to(folder).parts)
    )


def regions_in(folder: Path) -> list[Region]:
    """Every region of the implementation: those its manifest names, then the marked ones, in
    file order; RegionError for a broken marker or an entry that does not resolve."""
    found = named_regions(folder)
    for path in source_files(folder):
        found += marked_regions(path.read_text(encoding="utf-8"), path.relative_to(folder))
    return sorted(found, key=lambda r: (r.path, r.first_line, -len(r.lines)))


def named_regions(folder: Path) -> list[Region]:
    """The regions the manifest's `[regions]` table names."""
    manifest = folder / "manifest.toml"
    table = tomllib.loads(manifest.read_text(encoding="utf-8")).get("regions", {})
    found = []
    for entry, names in table.items():
        file, _, symbol = entry.partition(":")
        path = folder / file
        if not path.is_file():
            raise RegionError(f"[regions] {entry!r}: there is no {file}")
        text = path.read_text(encoding="utf-8")
        first, last = span(text, symbol, entry) if symbol else (1, len(text.splitlines()))
        lines = tuple(text.splitlines()[first - 1 : last])
        for name in [names] if isinstance(names, str) else names:
            found.append(Region(name, Path(file), first, lines))
    return found


def span(text: str, symbol: str, entry: str) -> tuple[int, int]:
    """The first and last line (1-based) of a Python definition or a TOML key."""
    if entry.split(":")[0].endswith(".toml"):
        for number, line in enumerate(text.splitlines(), 1):
            if re.match(rf"{re.escape(symbol)}\s*=", line):
                return number, number
        raise RegionError(f"[regions] {entry!r}: no key {symbol!r}")
    body: list[ast.stmt] = ast.parse(text).body
    node: ast.stmt | None = None
    for part in symbol.split("."):
        node = next((n for n in body if part in defined_names(n)), None)
        if node is None:
            raise RegionError(f"[regions] {entry!r}: nothing named {part!r} there")
        body = getattr(node, "body", [])
    assert node is not None and node.end_lineno is not None
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)]), node.end_lineno


def defined_names(node: ast.stmt) -> set[str]:
    """The names a statement defines: a def or class, or the targets of an assignment."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
    return {t.id for t in targets if isinstance(t, ast.Name)}


def marked_regions(text: str, relative: Path) -> list[Region]:
    """The regions marked in one file. Regions may nest (the `csrf` lines inside the factory):
    an outer region's lines keep the inner one's markers, which read as what they are."""
    found = []
    open_: list[
        tuple[str, int, int, list[str]]
    ] = []  # name, first line, indent, lines; innermost last
    for number, line in enumerate(text.splitlines(), 1):
        indent = len(line) - len(line.lstrip())
        opened, closed = START.match(line.strip()), END.match(line.strip())
        if closed:
            if not open_:
                raise RegionError(f"{relative}:{number}: endregion without a region")
            name, start, opened_at, body = open_.pop()
            if indent != opened_at:
                raise RegionError(f"{relative}:{number}: {name!r} ends at another indentation")
            found.append(Region(name, relative, start, tuple(body)))
        for _, _, _, body in open_:
            body.append(line)
        if opened:
            if opened[1] in [name for name, _, _, _ in open_]:
                raise RegionError(f"{relative}:{number}: region {opened[1]!r} inside itself")
            open_.append((opened[1], number + 1, indent, []))
    if open_:
        raise RegionError(f"{relative}: region {open_[-1][0]!r} never ends")
    return found


def is_marker(line: str) -> bool:
    return bool(START.match(line.strip()) or END.match(line.strip()))


def without_markers(text: str) -> str:
    """The text with its region marker lines taken out (for a starter project)."""
    kept = [line for line in text.splitlines(keepends=True) if not is_marker(line)]
    return "".join(kept)


def marker_lines(folder: Path) -> int:
    """How many lines of the folder's own files are region markers."""
    return sum(
        is_marker(line)
        for path in source_files(folder)
        for line in path.read_text(encoding="utf-8").splitlines()
    )
