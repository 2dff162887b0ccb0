"""Two runs side by side: does CPU per request repeat, row by row?

    python bench/compare.py build/bench/first.json build/bench/results.json

Prints a Markdown table of every row's CPU seconds per 1,000 requests per endpoint in both
runs and the change, marking with ! each change beyond 5 %; then the same for requests/s in
one line, for contrast, and for CPU per request divided by the bare reference's on the same
server in the same run (the "x bare" figure), which a change of the machine's speed between
the runs cancels out of.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from report import CPU_GOAL, Row, Run, median

ENDPOINTS = ["quote", "list", "page", "signed-in page", "trivial"]


def value(run: Run, row: Row | None, endpoint: str, metric: str) -> float | None:
    if metric != "cpu_x_bare":
        return median(row, endpoint, metric)
    if row is None or row["kind"] == "bare":
        return None
    cost, bare = median(row, endpoint, "cpu_per_1k"), median(run.bare(row), endpoint, "cpu_per_1k")
    return cost / bare if cost and bare else None


def cells(first: dict[str, Any], second: dict[str, Any], metric: str) -> list[tuple[str, float]]:
    """(key endpoint, change) for every window both runs measured."""
    one, two = Run(first), Run(second)
    found = []
    for row in two.rows:
        for endpoint in ENDPOINTS:
            a = value(one, one.by_key.get(row["key"]), endpoint, metric)
            b = value(two, row, endpoint, metric)
            if a and b:
                found.append((f"{row['key']} {endpoint}", b / a - 1))
    return found


def table(first: dict[str, Any], second: dict[str, Any]) -> str:
    earlier = {r["key"]: r for r in first["targets"]}
    lines = [
        "| Row | " + " | ".join(ENDPOINTS) + " |",
        "|---|" + "---:|" * len(ENDPOINTS),
    ]
    for row in second["targets"]:
        out = []
        for endpoint in ENDPOINTS:
            a = median(earlier.get(row["key"]), endpoint, "cpu_per_1k")
            b = median(row, endpoint, "cpu_per_1k")
            if not (a and b):
                out.append("")
                continue
            mark = " !" if abs(b / a - 1) > CPU_GOAL else ""
            out.append(f"{a:.3f} → {b:.3f} ({b / a - 1:+.1%}){mark}")
        lines.append(f"| {row['key']} | " + " | ".join(out) + " |")
    return "\n".join(lines)


def summary(first: dict[str, Any], second: dict[str, Any]) -> str:
    lines = []
    metrics = (("cpu_per_1k", "CPU s/1k"), ("cpu_x_bare", "CPU x bare"), ("rps", "req/s"))
    for metric, label in metrics:
        moved = sorted(abs(change) for _, change in cells(first, second, metric))
        outside = sum(1 for change in moved if change > CPU_GOAL)
        if moved:
            lines.append(
                f"{label}: {len(moved)} windows, change up to {moved[-1]:.1%}, median "
                f"{moved[len(moved) // 2]:.1%}, {outside} beyond {CPU_GOAL:.0%}"
            )
    return "\n".join(lines)


if __name__ == "__main__":
    runs = [json.loads(Path(p).read_text(encoding="utf-8")) for p in sys.argv[1:3]]
    print(table(*runs))
    print()
    print(summary(*runs))
