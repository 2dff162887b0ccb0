"""Pass nox's output through, and end it with a table of each session's wall time.

    nox -j 2 2>&1 | python3 tools/session_times.py      (.ci/run does this)

A session's time runs from the line that starts it to the line that ends it. Run one at a time,
nox prints "Running session X" and "Session X was successful"; run in parallel (-j), it prints
"Starting session X..." as the child starts and, as it ends, a "== + X: success ==" header over
the child's whole output, whose own "Running"/"was successful" lines then repeat the session.

A report for the reader of a CI log, not a check: nothing here fails a run. Plain Python, so it
runs before any virtualenv exists.
"""

from __future__ import annotations

import re
import sys
import time

STARTED = re.compile(r"nox > Running session (\S+)|^Starting session (\S+)\.\.\.$")
ENDED = re.compile(
    r"nox > Session (\S+) (was successful|failed|skipped|aborted)"
    r"|^=+ \S+ (\S+): (success|failed|skipped|aborted)"
)
PARAMETER = re.compile(r"\((\w+)\)$")
PYTEST_SUMMARY = re.compile(r"^(?:=+ )?(.*\d+ (?:passed|failed|errors?).*) in [\d.]+s")


def main() -> int:
    began = time.monotonic()
    starts: dict[str, float] = {}
    rows: list[tuple[str, float, str]] = []
    counts = {"passed": 0, "failed": 0}
    ended: set[str] = set()
    for line in sys.stdin:
        sys.stdout.write(line)
        sys.stdout.flush()
        now = time.monotonic()
        if summary := PYTEST_SUMMARY.search(line):
            for number, word in re.findall(r"(\d+) (passed|failed|errors?)", summary[1]):
                counts["passed" if word == "passed" else "failed"] += int(number)
        if (found := STARTED.search(line)) and (name := found[1] or found[2]) not in ended:
            starts.setdefault(name, now)
        elif (found := ENDED.search(line)) and (name := found[1] or found[3]) in starts:
            outcome = found[2] or found[4]
            outcome = "ok" if outcome in ("was successful", "success") else outcome
            rows.append((name, now - starts.pop(name), outcome))
            ended.add(name)
    print("\n| session | seconds | outcome |\n|---|---:|---|")
    for name, seconds, outcome in rows:
        print(f"| {name} | {seconds:.0f} | {outcome} |")
    wall = time.monotonic() - began
    print(f"| **all of nox** | **{wall:.0f}** | |")
    # What each implementation adds to the run: its own sessions (conformance(flask), ...), so
    # a reader can tell what a new framework costs; the rest (lint, looks, matrix, site,
    # starters) is shared by all.
    per_impl: dict[str, float] = {}
    for name, seconds, _ in rows:
        key = param[1] if (param := PARAMETER.search(name)) else "(shared sessions)"
        per_impl[key] = per_impl.get(key, 0.0) + seconds
    print("\n| implementation | seconds |\n|---|---:|")
    for key, seconds in sorted(per_impl.items()):
        print(f"| {key} | {seconds:.0f} |")
    # Under `nox -j 2` sessions overlap, so these sums exceed the wall time: their ratio is how
    # many sessions were running at once on average.
    busy = sum(seconds for _, seconds, _ in rows)
    print(f"\nSessions summed: {busy:.0f} s in {wall:.0f} s ({busy / max(wall, 1):.1f} at once)")
    print(f"\nTests: {counts['passed']} passed, {counts['failed']} failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
