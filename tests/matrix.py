"""Write the conformance matrix (requirement x implementation) from the suite's JSON results.

    python tests/matrix.py build/conformance [--readme]

Prints the Markdown table, writes it to build/conformance.md, and with --readme replaces the
table between the matrix markers in README.md.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKS = {"pass": "✅", "fail": "❌", "expected failure": "⚠️", "skipped": "⏭️", "not run": "·"}
START, END = "<!-- matrix:start -->", "<!-- matrix:end -->"


def requirements() -> list[tuple[str, str]]:
    """(id, first words) for every requirement in SPEC.md, in order."""
    text = (ROOT / "shared_spec" / "SPEC.md").read_text(encoding="utf-8")
    found = re.findall(r"^- \*\*([A-Z]+-\d+)\*\* (.+)$", text, re.M)
    return [(req, " ".join(words.replace("|", "\\|").split()[:7]) + " …") for req, words in found]


def table(results_dir: Path) -> str:
    titles = {}
    for manifest in sorted((ROOT / "frameworks").glob("*/manifest.toml")):
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
        titles[data["name"]] = data["title"]
    results = {}
    for name in titles:
        path = results_dir / f"{name}.json"
        results[name] = json.loads(path.read_text())["requirements"] if path.exists() else {}
    header = "| Requirement | " + " | ".join(titles.values()) + " |"
    rows = [header, "|" + "---|" * (len(titles) + 1)]
    for req, words in requirements():
        cells = [MARKS[results[name].get(req, "not run")] for name in titles]
        rows.append(f"| {req} {words} | " + " | ".join(cells) + " |")
    passed = [sum(v == "pass" for v in results[n].values()) for n in titles]
    rows.append(
        "| **passing** | " + " | ".join(f"**{p}/{len(requirements())}**" for p in passed) + " |"
    )
    legend = "✅ pass · ❌ fail · ⚠️ known gap (expected failure) · · not run"
    return "\n".join(rows) + "\n\n" + legend + "\n"


def main(argv: list[str]) -> int:
    results_dir = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "conformance"
    markdown = table(results_dir)
    print(markdown)
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "conformance.md").write_text(markdown, encoding="utf-8")
    if "--readme" in argv:
        readme = ROOT / "README.md"
        text = readme.read_text(encoding="utf-8")
        before, rest = text.split(START, 1)
        _, after = rest.split(END, 1)
        readme.write_text(f"{before}{START}\n{markdown}{END}{after}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
