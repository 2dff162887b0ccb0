"""The tables and the chart of one run, from its results.json (so an old run can be redrawn).

    python bench/report.py build/bench/results.json

Rows are ordered by CPU seconds per 1,000 quote requests, the figure that repeats, so a row
keeps its place from one run to the next even when requests per second drift.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

from chart import Panel, figure

ENDPOINTS = ["quote", "list", "page", "signed-in page"]
# The bare reference a row is measured against: the same server; Tornado's own has none, so
# it is set beside the bare ASGI app on uvicorn, the other event-loop server.
BARE_FOR = {
    "gunicorn": "bare-wsgi@gunicorn",
    "granian-wsgi": "bare-wsgi@granian-wsgi",
    "uvicorn": "bare-asgi@uvicorn",
    "granian-asgi": "bare-asgi@granian-asgi",
    "tornado": "bare-asgi@uvicorn",
}
CPU_GOAL = 0.05  # the references' first and last CPU per request agree this closely

Row = dict[str, Any]


def median(row: Row | None, endpoint: str, metric: str = "rps") -> float | None:
    if row is None:
        return None
    value = row["median"].get(endpoint, {}).get(metric)
    return None if value is None or math.isnan(value) else value


def number(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "—"


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1%}"


def name(row: Row) -> str:
    return f"*{row['key'].split('@')[0]}*" if row["kind"] == "bare" else row["key"]


def by_cost(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda r: median(r, "quote", "cpu_per_1k") or math.inf)


class Run:
    """One results.json, with the lookups every table needs."""

    def __init__(self, results: dict[str, Any]) -> None:
        self.results = results
        self.rows: list[Row] = results["targets"]
        self.by_key = {r["key"]: r for r in self.rows}
        self.rate = results["settings"]["rate"]

    def kind(self, *kinds: str) -> list[Row]:
        return [r for r in self.rows if r["kind"] in kinds]

    def bare(self, row: Row) -> Row | None:
        return row if row["kind"] == "bare" else self.by_key.get(BARE_FOR.get(row["server"], ""))

    def trivial(self, row: Row) -> Row | None:
        return row if row["kind"] == "bare" else self.by_key.get(f"{row['impl']}:trivial")

    def charted(self) -> list[Row]:
        return by_cost(self.kind("implementation")) + by_cost(self.kind("bare"))


def fixed_latency(row: Row) -> str:
    fixed = row.get("fixed") or {}
    if not fixed:
        return "—"
    cell = f"{number(fixed['p50_ms'], 1)} / {number(fixed['p99_ms'], 1)}"
    if fixed["achieved_rps"] < 0.95 * fixed["offered_rps"]:  # it did not hold the load
        cell += f" (held {fixed['achieved_rps']:,.0f}/s)"
    return cell


def throughput_table(run: Run) -> list[str]:
    head = ["Framework", "Server"] + [f"{e} req/s" for e in ENDPOINTS]
    head += ["x bare", "x trivial", "quote p50 / p99 ms, saturated"]
    head += [f"quote p50 / p99 ms at {run.rate:,.0f}/s", "startup s", "peak MiB/worker"]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * (len(head) - 2)]
    for row in run.charted():
        bare, trivial = run.bare(row), run.trivial(row)
        cells = [name(row), row["server"]] + [number(median(row, e)) for e in ENDPOINTS]
        cells.append(ratio(median(row, "quote"), median(bare, "quote")))
        cells.append(ratio(median(row, "quote"), median(trivial, "trivial")))
        p50, p99 = median(row, "quote", "p50_ms"), median(row, "quote", "p99_ms")
        cells += [f"{number(p50, 1)} / {number(p99, 1)}", fixed_latency(row)]
        cells += [f"{row['startup_s']:.2f}", f"{row['peak_mib']:.0f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def cpu_cell(row: Row, bare: Row | None, endpoint: str) -> str:
    cost = median(row, endpoint, "cpu_per_1k")
    if cost is None:
        return "—"
    against = median(bare, endpoint, "cpu_per_1k")
    return f"{cost:.2f} ({ratio(cost, against)})" if row is not bare else f"{cost:.2f}"


def largest_spread(row: Row) -> float | None:
    spreads = [s["cpu_per_1k"] for s in row["spread"].values() if s["cpu_per_1k"] is not None]
    return max(spreads, default=None)


def cpu_table(run: Run) -> list[str]:
    head = ["Framework", "Server"] + [f"{e} (x bare)" for e in ENDPOINTS]
    head += ["trivial", "spread in run"]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * (len(head) - 2)]
    for row in run.charted():
        bare = run.bare(row)
        cells = [name(row), row["server"]] + [cpu_cell(row, bare, e) for e in ENDPOINTS]
        cells.append(number(median(run.trivial(row), "trivial", "cpu_per_1k"), 2))
        spread = largest_spread(row)
        cells.append("—" if spread is None else f"{spread:.0%}")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def servers_table(run: Run) -> list[str]:
    lines = [
        "| Framework | Server | quote req/s | page req/s | trivial req/s "
        "| quote CPU s/1k | page CPU s/1k | trivial CPU s/1k |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    rows = sorted(
        run.kind("implementation", "other server"),
        key=lambda r: (r["impl"], r["kind"] != "implementation"),
    )
    for row in rows + run.kind("bare"):
        trivial = run.trivial(row) if row["kind"] != "other server" else None
        server = row["server"] + (" (serve)" if row["kind"] == "implementation" else "")
        cells = [name(row) if row["kind"] == "bare" else row["impl"], server]
        cells += [number(median(row, "quote")), number(median(row, "page"))]
        cells.append(number(median(trivial, "trivial")))
        cells += [number(median(row, e, "cpu_per_1k"), 2) for e in ("quote", "page")]
        cells.append(number(median(trivial, "trivial", "cpu_per_1k"), 2))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def changes(run: Run) -> dict[str, dict[str, float]]:
    """Per reference window: how far its last measurement is from its first, per metric."""
    found = {}
    for row in run.kind("bare", "trivial"):
        for endpoint, check in row["checks"].items():
            if "first" in check and "last" in check:
                found[f"{row['key']} {endpoint}"] = {
                    m: check["last"][m] / check["first"][m] - 1 for m in ("rps", "cpu_per_1k")
                }
    return found


def largest(row: Row, metric: str) -> str:
    moved = {
        e: c["last"][metric] / c["first"][metric] - 1
        for e, c in row["checks"].items()
        if "first" in c and "last" in c
    }
    if not moved:
        return "—"
    endpoint = max(moved, key=lambda e: abs(moved[e]))
    return f"{percent(moved[endpoint])} ({endpoint})"


def references_table(run: Run) -> list[str]:
    lines = [
        "| Reference | Server | req/s, last against first | CPU s/1k, last against first |",
        "|---|---|---:|---:|",
    ]
    for row in run.kind("bare") + sorted(run.kind("trivial"), key=lambda r: r["key"]):
        lines.append(
            f"| {name(row)} | {row['server']} | {largest(row, 'rps')} "
            f"| {largest(row, 'cpu_per_1k')} |"
        )
    return lines


def spread_sentence(moved: dict[str, dict[str, float]], metric: str) -> str:
    sizes = sorted(abs(m[metric]) for m in moved.values())
    if not sizes:
        return "—"
    return f"up to {sizes[-1]:.1%} (median {sizes[len(sizes) // 2]:.1%})"


def reliability(run: Run) -> str:
    moved = changes(run)
    outside = sorted(
        (k for k, m in moved.items() if abs(m["cpu_per_1k"]) > CPU_GOAL),
        key=lambda k: -abs(moved[k]["cpu_per_1k"]),
    )
    worst = ", ".join(f"{k} {percent(moved[k]['cpu_per_1k'])}" for k in outside[:3])
    verdict = (
        f"{len(outside)} of them beyond {CPU_GOAL:.0%} (the most: {worst})"
        if outside
        else f"every reference's CPU per request within {CPU_GOAL:.0%}"
    )
    return (
        f"Repeatability: between each reference's first and last measurement ({len(moved)} "
        f"windows, the run's start and end) requests/s moved {spread_sentence(moved, 'rps')}, "
        f"CPU per request {spread_sentence(moved, 'cpu_per_1k')}: {verdict}."
    )


def cpu_share(run: Run) -> str:
    """How much of each window's wall time the server spent on a CPU.

    Near 100 % the server had its CPU to itself, and its CPU seconds per request are then just
    the inverse of its throughput: they drift with the speed of the CPU, as requests/s do.
    """
    shares = sorted(
        w["cpu_s"] * w["rps"] / w["requests"]
        for row in run.rows
        for windows in row["runs"].values()
        for w in windows
        if w["requests"]
    )
    if not shares:
        return ""
    low, middle, high = shares[len(shares) // 20], shares[len(shares) // 2], shares[-1]
    return (
        f"The server's CPU time was {middle:.0%} of a window's wall time (median; 5th "
        f"percentile {low:.0%}, highest {high:.0%})."
    )


def failures(run: Run) -> str:
    bad = []
    for row in run.rows:
        windows = [w for ws in row["runs"].values() for w in ws]
        errors = sum(w["non_2xx"] + w["socket_errors"] for w in windows)
        errors += (row.get("fixed") or {}).get("non_2xx", 0)
        if errors:
            bad.append(f"{row['key']} {errors:,.0f}")
    return (
        "Non-2xx answers or socket errors: " + ", ".join(bad) + "."
        if bad
        else "Every response was a 2xx."
    )


def note(run: Run) -> str:
    results, settings = run.results, run.results["settings"]
    machine = results["machine"]
    text = (
        f"{results['date']} on {machine['cpu']} ({machine['cores']} cores), Python "
        f"{machine['python']}, {results['wall_s'] / 60:.0f} minutes: {settings['workers']} "
        f"workers per server on CPU {settings['server_cpu']}, the load on CPU "
        f"{settings['load_cpu']}. Saturated: wrk with {settings['connections']} connections, "
        f"median of {settings['rounds']} interleaved rounds of {settings['seconds']} s. "
        f"Fixed load: hey, {settings['connections']} workers sending {run.rate:,.0f} "
        f"requests/s in all for {settings['latency_seconds']} s. CPU s/1k: the user + system "
        "CPU seconds of all the server's processes per 1,000 requests (CPU ms per request). "
        f"{cpu_share(run)} {reliability(run)} {failures(run)}"
    )
    if settings.get("database") == "postgresql":
        text += " Data on PostgreSQL (a throwaway server on this machine, DATABASE_URL)."
    if settings["quick"]:
        text += " A --quick run: servers started together, so startup times do not compare."
    return text


def markdown(results: dict[str, Any]) -> str:
    run = Run(results)
    blocks = [
        throughput_table(run),
        [
            "CPU seconds per 1,000 requests (x the bare reference on the same server):",
            "",
            *cpu_table(run),
        ],
        servers_table(run),
        references_table(run),
    ]
    return "\n\n".join("\n".join(block) for block in blocks) + f"\n\n{note(run)}\n"


def chart(results: dict[str, Any]) -> str:
    run = Run(results)
    rows = run.charted()
    labels = [r["key"] if r["kind"] != "bare" else r["key"].replace("@", " on ") for r in rows]
    series = {"GET /api/quotes/1": "quote", "GET / (template)": "page"}
    panels = [
        Panel(
            "Requests per second (more is better)",
            {s: [median(r, e) or 0 for r in rows] for s, e in series.items()},
        ),
        Panel(
            "CPU seconds per 1,000 requests, all the server's processes (less is better)",
            {s: [median(r, e, "cpu_per_1k") or 0 for r in rows] for s, e in series.items()},
            digits=2,
        ),
    ]
    workers = results["settings"]["workers"]
    title = f"Requests per second and CPU per request, {workers} workers ({results['date']})"
    desc = (
        "Two panels of horizontal bars, one pair per implementation and bare reference, ordered "
        "by CPU per quote request, cheapest first. Above: requests per second at saturation for "
        "GET /api/quotes/1 and GET /. Below: CPU seconds per 1,000 of those requests. "
        + "; ".join(
            f"{label}: {median(r, 'quote') or 0:,.0f} and {median(r, 'page') or 0:,.0f} "
            f"requests/s, {median(r, 'quote', 'cpu_per_1k') or 0:.2f} and "
            f"{median(r, 'page', 'cpu_per_1k') or 0:.2f} CPU s"
            for label, r in zip(labels, rows, strict=True)
        )
        + "."
    )
    return figure(labels, panels, title, desc)


if __name__ == "__main__":
    print(markdown(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))))
