"""The load generators and what the server spends on them: wrk at saturation, hey at a fixed rate.

Each measured window samples the CPU seconds of the whole server (the master and every worker)
just before and just after the load, so a window reports both how many requests the server
answered per wall second and how many CPU seconds it spent per 1,000 of them. Another program
on the machine steals the server's wall time, which moves requests per second; it does not add
to the server's own CPU time, so the second figure is the one that repeats on a shared machine.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import re
import subprocess

import psutil

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def tree_cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds of a process and all its descendants, the reaped ones too.

    A worker that exits during a window leaves the live set, but its parent's children_user and
    children_system then hold its whole lifetime, so the sum over the live tree moves by exactly
    what was spent in between; a worker started during the window counts from zero.
    """
    with contextlib.suppress(psutil.NoSuchProcess):
        root = psutil.Process(pid)
        total = 0.0
        for process in [root, *root.children(recursive=True)]:
            with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
                times = process.cpu_times()
                total += times.user + times.system + times.children_user + times.children_system
        return total
    return math.nan


def per_thousand(cpu_seconds: float, requests: float) -> float:
    return 1000 * cpu_seconds / requests if requests else math.nan


def header_options(headers: list[str]) -> list[str]:
    return [option for header in headers for option in ("-H", header)]


def wrk(url: str, headers: list[str], seconds: int, connections: int, cpu: str) -> dict[str, float]:
    """wrk at saturation (as many requests as the connections can get answered) for one window."""
    options = [f"-c{connections}", f"-d{seconds}s", "--latency", *header_options(headers)]
    output = subprocess.run(
        ["taskset", "-c", cpu, "wrk", "-t1", *options, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(percentile: str) -> float:
        found = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)$", output, re.M)
        return float(found[1]) * UNITS[found[2]] if found else math.nan

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"^\s+(\d+) requests in", output, re.M)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(rps[1]) if rps else 0.0,
        "requests": float(total[1]) if total else 0.0,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": float(bad[1]) if bad else 0.0,
        "socket_errors": float(sum(int(n) for n in errors.groups())) if errors else 0.0,
    }


def hey(
    url: str, headers: list[str], rate: float, seconds: int, workers: int, cpu: str
) -> dict[str, float]:
    """hey at a fixed offered rate: each worker sends on a clock tick of workers/rate seconds.

    A worker whose response is late skips the ticks it missed, so `achieved_rps` below `rate`
    says the server did not hold the load (and the latencies are then those of a queue).
    """
    options = ["-z", f"{seconds}s", "-c", str(workers), "-q", f"{rate / workers:.3f}", "-o", "csv"]
    output = subprocess.run(
        ["taskset", "-c", cpu, "hey", *options, *header_options(headers), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = list(csv.DictReader(io.StringIO(output)))
    # hey writes a row per answered request (errors are left out), times in seconds.
    latencies = sorted(float(row["response-time"]) * 1000 for row in rows)
    return {
        "offered_rps": rate,
        "achieved_rps": len(rows) / seconds,
        "requests": float(len(rows)),
        "p50_ms": percentile(latencies, 50),
        "p99_ms": percentile(latencies, 99),
        "non_2xx": float(sum(1 for row in rows if not row["status-code"].startswith("2"))),
    }


def percentile(ordered: list[float], percent: float) -> float:
    """The nearest-rank percentile of an ascending list."""
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def warm(url: str, headers: list[str], cpu: str) -> None:
    """A few hundred requests: lazy imports, template caches and SQLite's pages, in each worker."""
    subprocess.run(
        ["taskset", "-c", cpu, "hey", "-n", "300", "-c", "16", *header_options(headers), url],
        capture_output=True,
        check=True,
    )
