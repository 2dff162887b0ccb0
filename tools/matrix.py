"""Write the README's two generated tables: the implementations and the conformance matrix.

    python -m tools.matrix build/conformance [--readme]

The implementation table comes from the manifests and a count of each folder's lines; the
matrix (requirement x implementation) from the suite's JSON results. Both are printed and
written to build/; with --readme they replace the tables between the markers in README.md.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKS = {"pass": "✅", "fail": "❌", "expected failure": "⚠️", "skipped": "⏭️", "not run": "·"}
NOT_OWN = {".venv", "__pycache__", "shared", "migrations"}  # copies and generated code


def requirements() -> list[tuple[str, str]]:
    """(id, first words) for every requirement in SPEC.md, in order."""
    text = (ROOT / "shared_spec" / "SPEC.md").read_text(encoding="utf-8")
    found = re.findall(r"^- \*\*([A-Z]+-\d+)\*\* (.+)$", text, re.M)
    return [(req, " ".join(words.replace("|", "\\|").split()[:7]) + " …") for req, words in found]


def manifests() -> list[dict[str, object]]:
    paths = sorted((ROOT / "frameworks").glob("*/manifest.toml"))
    return [tomllib.loads(p.read_text(encoding="utf-8")) for p in paths]


def lines_of(folder: Path, suffix: str) -> int:
    """Non-blank lines in the folder's own files with this suffix: not its shared/ copies of
    shared_spec/ files, nor the migrations a framework writes (Django's makemigrations)."""
    files = [p for p in folder.rglob(f"*{suffix}") if p.is_file() and not NOT_OWN & set(p.parts)]
    return sum(
        1 for p in files for line in p.read_text(encoding="utf-8").splitlines() if line.strip()
    )


def template_lines(folder: Path) -> int:
    """Non-blank lines in the folder's templates/ (py4web keeps them in its app's folder)."""
    return sum(lines_of(templates, "") for templates in folder.rglob("templates"))


def implementations_table() -> str:
    columns = ["Framework", "Interface", "Production server", "Templates", "Sessions", "CSRF"]
    columns += ["Python lines", "Template lines"]
    rows = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for m in manifests():
        folder, about = ROOT / "frameworks" / str(m["name"]), m.get("about", {})
        assert isinstance(about, dict)
        cells = [f"[{m['title']}](frameworks/{m['name']}/)", str(m["interface"])]
        cells += [about.get(k, "?") for k in ("server", "templates", "sessions", "csrf")]
        cells += [str(lines_of(folder, ".py")), str(template_lines(folder))]
        rows.append("| " + " | ".join(cells) + " |")
    return (
        "\n".join(rows)
        + "\n\nLines are non-blank lines of the folder's own code, counted by `nox -s matrix`:"
        + " not its `shared/` copies of shared_spec/ files, nor generated migrations.\n"
    )


# When several runs checked a requirement, the worst verdict stands.
SEVERITY = ["not run", "pass", "skipped", "expected failure", "fail"]


def outcomes(results_dir: Path, name: str) -> dict[str, str]:
    """Requirement -> verdict for one implementation, over all its runs: the suite's
    (`NAME.json`) and the sessions that check more in their own environments
    (`NAME.browser.json`, `NAME.fuzz.json`, `NAME.postgres.json`, ...)."""
    merged: dict[str, str] = {}
    runs = [results_dir / f"{name}.json", *sorted(results_dir.glob(f"{name}.*.json"))]
    for path in (run for run in runs if run.exists()):
        for req, verdict in json.loads(path.read_text())["requirements"].items():
            merged[req] = max(merged.get(req, "not run"), verdict, key=SEVERITY.index)
    return merged


def matrix_table(results_dir: Path) -> str:
    titles = {str(m["name"]): str(m["title"]) for m in manifests()}
    results = {name: outcomes(results_dir, name) for name in titles}
    header = "| Requirement | " + " | ".join(titles.values()) + " |"
    rows = [header, "|" + "---|" * (len(titles) + 1)]
    for req, words in requirements():
        cells = [MARKS[results[name].get(req, "not run")] for name in titles]
        rows.append(f"| {req} {words} | " + " | ".join(cells) + " |")
    passed = [sum(v == "pass" for v in results[n].values()) for n in titles]
    total = len(requirements())
    rows.append("| **passing** | " + " | ".join(f"**{p}/{total}**" for p in passed) + " |")
    legend = "✅ pass · ❌ fail · ⚠️ known gap (expected failure) · · not run"
    return "\n".join(rows) + "\n\n" + legend + "\n"


def replace_between(text: str, marker: str, content: str) -> str:
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    return f"{before}{start}\n{content}{end}{after}"


def main(argv: list[str]) -> int:
    paths = [arg for arg in argv[1:] if not arg.startswith("--")]
    results_dir = Path(paths[0]) if paths else ROOT / "build" / "conformance"
    tables = {"implementations": implementations_table(), "matrix": matrix_table(results_dir)}
    (ROOT / "build").mkdir(exist_ok=True)
    for marker, markdown in tables.items():
        print(markdown)
        (ROOT / "build" / f"{marker}.md").write_text(markdown, encoding="utf-8")
    if "--readme" in argv:
        readme = ROOT / "README.md"
        text = readme.read_text(encoding="utf-8")
        for marker, markdown in tables.items():
            text = replace_between(text, marker, markdown)
        readme.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
