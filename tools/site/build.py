"""Build the side-by-side site: every feature region of every implementation, next to each other.

    python -m tools.site.build [OUT]          (default: build/site; `nox -s site` runs it)

Static HTML and one stylesheet, no JavaScript: a page per feature region (SPEC.md's table), a
page per framework (its README), a page per source file, and an overview with the implementation
table, the metrics and the conformance matrix of the last `nox` run (build/conformance/).
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename

from tools.matrix import MARKS, lines_of, outcomes, requirements, template_lines
from tools.regions import Region, regions_in, source_files, spec_region_names

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
SPEC = ROOT / "shared_spec" / "SPEC.md"
CONFORMANCE = ROOT / "build" / "conformance"
BENCHMARK_CHART = ROOT / "docs" / "benchmark.svg"  # committed by `nox -s bench`, when run


@dataclass
class Implementation:
    name: str
    title: str
    manifest: dict[str, object]
    folder: Path
    regions: list[Region]
    files: list[Path]
    direct: dict[str, str]  # requirements.in's packages and their pinned versions
    pinned: int  # every package requirements.txt installs
    results: dict[str, str]  # requirement id -> outcome, from the last conformance run


def pins(folder: Path) -> dict[str, str]:
    """package -> version, from requirements.txt's `name==version` lines."""
    found = re.findall(
        r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;]+)",
        (folder / "requirements.txt").read_text(encoding="utf-8"),
        re.M,
    )
    return {normal(name): version for name, version in found}


def normal(package: str) -> str:
    return re.sub(r"[-_.]+", "-", package).lower()


def load(folder: Path) -> Implementation:
    manifest = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))
    pinned = pins(folder)
    direct = [
        normal(re.split(r"[\[=<>~! ;]", line.strip())[0])
        for line in (folder / "requirements.in").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith(("#", "-"))
    ]
    return Implementation(
        name=folder.name,
        title=str(manifest["title"]),
        manifest=manifest,
        folder=folder,
        regions=regions_in(folder),
        files=[p.relative_to(folder) for p in source_files(folder)],
        direct={name: pinned.get(name, "?") for name in direct},
        pinned=len(pinned),
        results=outcomes(CONFORMANCE, folder.name),  # every session's verdicts, merged
    )


def feature_table() -> list[tuple[str, str]]:
    """(region name, what it holds) from SPEC.md's Feature regions table."""
    section = SPEC.read_text(encoding="utf-8").split("## Feature regions", 1)[1]
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| (.+?) \|$", section, re.M))
    return [(name, rows[name]) for name in spec_region_names(SPEC.read_text(encoding="utf-8"))]


def lexer_for(path: Path) -> Lexer:
    if path.suffix in (".html", ".tpl"):
        return get_lexer_by_name("html+jinja")  # close enough for Django's and Tornado's too
    if path.suffix == ".ptl":
        return get_lexer_by_name("python")  # Quixote's templates are Python functions
    return get_lexer_for_filename(path.name)


def highlighted(lines: list[str], path: Path, first_line: int) -> str:
    formatter = HtmlFormatter(linenos="inline", linenostart=first_line, wrapcode=True)
    return one_block_per_line(highlight("\n".join(lines) + "\n", lexer_for(path), formatter))


def one_block_per_line(html: str) -> str:
    """Each code line in a block of its own, so that a long line wraps under its own text, with
    its number kept beside it (site.css: .line), and columns never scroll sideways. Pygments
    closes its spans at every line end, so a line is whole HTML."""
    head, _, rest = html.partition("<code>")
    body, _, tail = rest.rpartition("</code>")
    lines = body.removesuffix("\n").split("\n")
    return (
        head
        + "<code>"
        + "".join(f'<span class="line">{line}</span>' for line in lines)
        + "</code>"
        + tail
    )


def fragment(region: Region) -> dict[str, object]:
    """A region's code without its surrounding blank lines, dedented, highlighted."""
    lines, first = list(region.lines), region.first_line
    while lines and not lines[0].strip():
        lines, first = lines[1:], first + 1
    while lines and not lines[-1].strip():
        lines.pop()
    lines = textwrap.dedent("\n".join(lines)).splitlines()
    return {
        "path": region.path.as_posix(),
        "line": first,
        "html": highlighted(lines, region.path, first),
    }


def stylesheet(implementations: list[Implementation]) -> str:
    """The site's CSS, Pygments' colours, and the chooser: pure CSS, so a strict CSP holds."""
    rules = [(HERE / "site.css").read_text(encoding="utf-8"), HtmlFormatter().get_style_defs()]
    rules.append("body:has(.chooser input:checked) .impl { display: none; }")
    rules += [
        f"body:has(#pick-{i.name}:checked) .impl-{i.name} {{ display: block; }}"
        for i in implementations
    ]
    return "\n".join(rules) + "\n"


def build(out: Path) -> list[Path]:
    """Write the site into `out` (emptied first); return the pages written."""
    implementations = [
        load(p.parent) for p in sorted((ROOT / "frameworks").glob("*/manifest.toml"))
    ]
    features = feature_table()
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    shutil.rmtree(out, ignore_errors=True)
    (out / "static").mkdir(parents=True)
    (out / "static" / "site.css").write_text(stylesheet(implementations), encoding="utf-8")
    shutil.copy(ROOT / "shared_spec" / "static" / "favicon.svg", out / "static" / "favicon.svg")
    chart = None
    if BENCHMARK_CHART.exists():
        shutil.copy(BENCHMARK_CHART, out / "static" / BENCHMARK_CHART.name)
        chart = f"static/{BENCHMARK_CHART.name}"
    common = {
        "implementations": implementations,
        "features": features,
        "built": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    pages: list[Path] = []

    def write(relative: str, template: str, **context: object) -> None:
        depth = relative.count("/")
        html = env.get_template(template).render(common | context, root="../" * depth)
        html = html.replace("<pre>", '<pre tabindex="0">')  # scrollable, so keyboard-reachable
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(html, encoding="utf-8")
        pages.append(out / relative)

    write(
        "index.html",
        "index.html",
        requirements=requirements(),
        marks=MARKS,
        lines={
            i.name: (lines_of(i.folder, ".py"), template_lines(i.folder)) for i in implementations
        },
        has_results=any(i.results for i in implementations),
        chart=chart,
    )
    write("spec.html", "spec.html", spec=markdown.render(SPEC.read_text(encoding="utf-8")))
    for name, holds in features:
        columns = [(i, [fragment(r) for r in i.regions if r.name == name]) for i in implementations]
        write(f"features/{name}.html", "feature.html", name=name, holds=holds, columns=columns)
    for i in implementations:
        readme = markdown.render((i.folder / "README.md").read_text(encoding="utf-8"))
        readme = re.sub(
            r'href="([^":]+)"',
            lambda m, i=i: f'href="{site_link(i, m[1], implementations)}"',
            readme,
        )
        write(f"frameworks/{i.name}.html", "framework.html", impl=i, readme=readme)
        for path in i.files:
            lines = (i.folder / path).read_text(encoding="utf-8").splitlines()
            write(
                f"source/{i.name}/{path.as_posix()}.html",
                "source.html",
                impl=i,
                path=path.as_posix(),
                code=anchored(lines, path),
            )
    return pages


def site_link(impl: Implementation, href: str, others: list[Implementation]) -> str:
    """A README's link to a repository file, as a link to that file's page on the site."""
    path = href.split("#")[0]
    if not path:
        return href  # a link within the page
    target = (impl.folder / path).resolve()
    if target == SPEC:
        return "../spec.html"
    for other in others:
        if target == other.folder or target == other.folder / "README.md":
            return f"{other.name}.html"
        if target.is_relative_to(other.folder):
            relative = target.relative_to(other.folder)
            if relative in other.files:
                return f"../source/{other.name}/{relative.as_posix()}.html"
    return f"{impl.name}.html"  # a folder or a file the site doesn't show


def anchored(lines: list[str], path: Path) -> str:
    """A whole file, highlighted, each line with an id (`#L-12`) that the feature pages link to."""
    formatter = HtmlFormatter(linenos="inline", lineanchors="L", anchorlinenos=True, wrapcode=True)
    return one_block_per_line(highlight("\n".join(lines) + "\n", lexer_for(path), formatter))


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "site"
    pages = build(out)
    print(f"{len(pages)} pages in {out}; open {out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
