"""Benchmark every implementation side by side, against bare references on the same servers.

    nox -s bench [-- --quick] [-- --readme] [-- --only NAME ...] [-- --rate N]

For each implementation (found from its manifest) this starts its production server (`serve`,
2 workers), the other production server for its interface (gunicorn or granian for WSGI,
uvicorn or granian for ASGI), and the framework's own trivial route (bench/trivial/) on the
implementation's server; and the bare WSGI and ASGI references (bench/bare.py) on all four
servers. Every server is pinned to CPU 0 and the load generator to CPU 1.

A run: a warm-up; every reference (bare and trivial) measured once; the endpoints measured at
saturation (wrk) in interleaved rounds (A B C ... A B C ...), each window reporting requests
per second and the CPU seconds the server's processes spent per 1,000 requests; the quote
endpoint at one fixed offered rate for every row (hey), for latency under a load all of them
hold; and every reference measured again. The references' first and last measurements are the
run's repeatability: their spread is reported, with CPU per request held to 5 %.

Writes build/bench/results.json, results.md and chart.svg (tables and chart by report.py);
with --readme also the README's table and docs/benchmark.svg.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import re
import shlex
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psutil

import load
import report

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = ROOT / "build" / "bench"
HOST, WORKERS = "127.0.0.1", 2
SERVER_CPU, LOAD_CPU = "0", "1"
DEMO = ("demo", "correct horse battery staple")  # the demo user of SPEC.md (AUTH-4)

SERVERS = {  # the same worker count and, where a server has them, 4 threads per worker
    "gunicorn": "gunicorn --workers {workers} --worker-class gthread --threads 4 "
    "--bind {host}:{port} --graceful-timeout 5 --no-control-socket {app}",
    "granian-wsgi": "granian --interface wsgi --workers {workers} --blocking-threads 4 "
    "--host {host} --port {port} {factory} {app}",
    "uvicorn": "uvicorn {app} {factory} --host {host} --port {port} --workers {workers}",
    "granian-asgi": "granian --interface asgi --workers {workers} --host {host} --port {port} "
    "{factory} {app}",
}
SERVERS_FOR = {"wsgi": ["gunicorn", "granian-wsgi"], "asgi": ["uvicorn", "granian-asgi"]}
ENDPOINTS = {
    "quote": "/api/quotes/1",
    "list": "/api/quotes?limit=20",
    "page": "/",
    "signed-in page": "/",
}


@dataclass
class Target:
    key: str  # flask, flask@granian-wsgi, flask:trivial, bare-wsgi@gunicorn
    kind: str  # implementation | other server | trivial | bare
    impl: str | None
    server: str
    command: list[str]
    cwd: Path
    venv: Path
    endpoints: list[str]
    ready: str = "/healthz"
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    startup: float = 0.0
    cookie: str = ""
    peak_mib: float = 0.0
    runs: dict[str, list[dict[str, float]]] = field(default_factory=dict)
    checks: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    fixed: dict[str, float] = field(default_factory=dict)

    @property
    def reference(self) -> bool:
        return self.kind in ("bare", "trivial")

    def url(self, endpoint: str) -> str:
        trivial = "/trivial" if self.kind == "bare" else "/"  # the frameworks' own apps: "/"
        path = trivial if endpoint == "trivial" else ENDPOINTS[endpoint]
        return f"http://{HOST}:{self.port}{path}"

    def headers(self, endpoint: str) -> list[str]:
        return [f"Cookie: {self.cookie}"] if endpoint == "signed-in page" else []

    def median(self, endpoint: str, metric: str = "rps") -> float | None:
        values = [run[metric] for run in self.runs.get(endpoint, [])]
        return statistics.median(values) if values else None

    def spread(self, endpoint: str, metric: str) -> float | None:
        """(largest - smallest) / median over the rounds: how much this row moved in one run."""
        values = [run[metric] for run in self.runs.get(endpoint, [])]
        middle = statistics.median(values) if values else 0
        return (max(values) - min(values)) / middle if middle and len(values) > 1 else None


# --- Setting up -----------------------------------------------------------------------------


def pins(path: Path) -> dict[str, str]:
    found = re.findall(r"^([A-Za-z0-9._-]+)==(\S+)", path.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[-_.]+", "-", name).lower(): version for name, version in found}


def venv_for(name: str, requirements: list[Path]) -> Path:
    """A virtualenv in build/bench/venvs with these pins plus the servers the bench compares."""
    venv = OUT / "venvs" / name
    uv = [sys.executable, "-m", "uv"]
    if not (venv / "bin" / "python").exists():
        subprocess.run([*uv, "venv", "-q", "--python", sys.executable, venv], check=True)
    have: dict[str, str] = {}
    for path in requirements:
        have |= pins(path)
    servers = pins(BENCH / "servers.txt")
    extra = [f"{n}=={v}" for n, v in servers.items() if n not in have and n in SERVER_PACKAGES]
    args = [a for path in requirements for a in ("-r", str(path))]
    subprocess.run([*uv, "pip", "install", "-q", "-p", venv, *args, *extra], check=True)
    return venv


SERVER_PACKAGES = {"gunicorn", "granian", "uvicorn"}


def server_of(manifest: dict[str, str]) -> str:
    first = shlex.split(manifest["serve"])[0]
    if first == "granian":
        return f"granian-{manifest['interface']}"
    return first if first in SERVERS else manifest["interface"]  # tornado: its own server


def command(server: str, app: str) -> list[str]:
    factory = ""
    if app.endswith("()") and server != "gunicorn":  # gunicorn calls 'module:factory()' itself
        app, factory = app[:-2], "--factory"
    text = SERVERS[server].format(
        host=HOST, port="{port}", workers=WORKERS, app=app, factory=factory
    )
    return shlex.split(text)


def targets(quick: bool, only: list[str] | None) -> list[Target]:
    found: list[Target] = []
    manifests = sorted((ROOT / "frameworks").glob("*/manifest.toml"))
    for path in manifests:
        manifest = tomllib.loads(path.read_text(encoding="utf-8"))
        name, folder, interface = manifest["name"], path.parent, manifest["interface"]
        if only and name not in only:
            continue
        venv = venv_for(name, [folder / "requirements.txt"])
        default = server_of(manifest)
        serve = shlex.split(manifest["serve"].format(host=HOST, port="{port}", workers=WORKERS))
        found.append(Target(name, "implementation", name, default, serve, folder, venv, []))
        for other in [] if quick else SERVERS_FOR.get(interface, []):
            if other != default:
                found.append(
                    Target(
                        f"{name}@{other}",
                        "other server",
                        name,
                        other,
                        command(other, manifest["app"]),
                        folder,
                        venv,
                        ["quote", "page"],
                    )
                )
        trivial = BENCH / "trivial" / f"trivial_{name}.py"
        if trivial.exists():
            if default in SERVERS:
                trivial_command = command(default, f"trivial_{name}:app")
                if "--worker-class" in serve and "gthread" not in serve:  # aiohttp's own worker
                    at = trivial_command.index("--worker-class") + 1
                    trivial_command[at] = serve[serve.index("--worker-class") + 1]
            else:  # Tornado's own server: the module forks its workers itself
                trivial_command = [
                    "python",
                    trivial.name,
                    "--host",
                    HOST,
                    "--port",
                    "{port}",
                    "--workers",
                    str(WORKERS),
                ]
            found.append(
                Target(
                    f"{name}:trivial",
                    "trivial",
                    name,
                    default,
                    trivial_command,
                    trivial.parent,
                    venv,
                    ["trivial"],
                    ready="/",
                )
            )
    for target in found:
        if target.kind == "implementation":
            target.endpoints = ["quote"] if quick else list(ENDPOINTS)
    bare_venv = venv_for("bare", [BENCH / "servers.txt"])
    for interface, servers in SERVERS_FOR.items():
        for server in servers[:1] if quick else servers:
            found.append(
                Target(
                    f"bare-{interface}@{server}",
                    "bare",
                    None,
                    server,
                    command(server, f"bare:create_{interface}()"),
                    BENCH,
                    bare_venv,
                    ["quote"] if quick else [*ENDPOINTS, "trivial"],
                )
            )
    return found


# --- Running servers ------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def db_path(key: str) -> Path:
    return OUT / "db" / f"{key.replace('@', '-').replace(':', '-')}.db"


def prepare_database(target: Target) -> Path:
    """A fresh SQLite file per server; the other server gets the implementation's own copy."""
    db = db_path(target.key)
    for stale in db.parent.glob(db.name + "*"):
        stale.unlink()
    db.parent.mkdir(parents=True, exist_ok=True)
    if target.kind == "other server":  # the database the implementation's own server set up
        with sqlite3.connect(db_path(str(target.impl))) as source, sqlite3.connect(db) as copy:
            source.backup(copy)
    return db


# With --database postgresql, the throwaway PostgreSQL server every target's database lives on.
POSTGRES: list[Any] = []  # tools.postgres.Cluster, imported when asked for


def database_url(target: Target, fresh: bool = False) -> str:
    """The target's PostgreSQL database ('' on SQLite); the other server shares the
    implementation's, as it shares its SQLite copy."""
    if not POSTGRES:
        return ""
    if target.kind == "other server":
        return POSTGRES[0].url_for(str(target.impl))
    return POSTGRES[0].url_for(target.key, fresh=fresh)


def server_env(target: Target, db: Path) -> dict[str, str]:
    """Every server's environment, built here only: the one place a database choice goes."""
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "VIRTUAL_ENV"}}
    env |= {"QUOTES_DB": str(db), "PATH": f"{target.venv / 'bin'}{os.pathsep}{env['PATH']}"}
    if url := database_url(target, fresh=True):
        env |= {"DATABASE_URL": url, "SECRET_KEY": f"bench-key-of-{target.key}-" + "x" * 20}
    return env


def start(target: Target) -> None:
    """Start the server pinned to SERVER_CPU; time it from the start to its first 200."""
    target.port = free_port()
    db = prepare_database(target)
    cmd = [a.replace("{port}", str(target.port)) for a in target.command]
    log = (OUT / "logs" / f"{db.stem}.log").open("wb")
    began = time.monotonic()
    target.process = subprocess.Popen(
        ["taskset", "-c", SERVER_CPU, *cmd],
        cwd=target.cwd,
        env=server_env(target, db),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://{HOST}:{target.port}{target.ready}"
    while time.monotonic() - began < 60:
        if target.process.poll() is not None:
            raise SystemExit(f"{target.key}: {shlex.join(cmd)} exited; see {log.name}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, timeout=1).status_code == 200:
                target.startup = time.monotonic() - began
                return
        time.sleep(0.01)
    raise SystemExit(f"{target.key}: no answer from {url} in 60 s; see {log.name}")


def sign_in(target: Target) -> None:
    """Log in through the login form, as a browser would; keep the cookies for the bench."""
    base = f"http://{HOST}:{target.port}"
    if target.kind == "bare":
        sys.path.insert(0, str(ROOT))
        from shared_spec.store import Store

        store = Store(db_path(target.key), ROOT / "shared_spec", url=database_url(target))
        target.cookie = f"sid={store.start_session(DEMO[0])}"
        return
    with httpx.Client(base_url=base) as client:
        form = client.get("/login").text
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
        fields |= {"username": DEMO[0], "password": DEMO[1]}
        client.post("/login", data=fields)
        target.cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        if 'id="current-user"' not in client.get("/").text:
            raise SystemExit(f"{target.key}: signing in through /login did not work")


def stop(target: Target) -> None:
    if target.process is None:
        return
    with contextlib.suppress(psutil.NoSuchProcess):
        main = psutil.Process(target.process.pid)
        workers = main.children(recursive=True) or [main]
        target.peak_mib = max(peak_rss_mib(p.pid) for p in workers)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(target.process.pid, signal.SIGTERM)
    try:
        target.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(target.process.pid, signal.SIGKILL)
        target.process.wait()


def peak_rss_mib(pid: int) -> float:
    """VmHWM: the most resident memory the process ever had."""
    with contextlib.suppress(OSError):
        status = Path(f"/proc/{pid}/status").read_text()
        if found := re.search(r"^VmHWM:\s+(\d+) kB", status, re.M):
            return int(found[1]) / 1024
    return 0.0


# --- Measuring ------------------------------------------------------------------------------


@dataclass
class Settings:
    rounds: int
    seconds: int  # one saturation window (wrk takes whole seconds)
    latency_seconds: int  # one fixed-rate window
    connections: int  # wrk's connections, and hey's workers at the fixed rate
    rate: float | None  # the fixed offered rate; None: half the slowest implementation's
    quick: bool
    database: str = "sqlite"  # or postgresql: every server on one throwaway PostgreSQL server


def settled_cpu(target: Target) -> float:
    """The server's CPU seconds once it has finished the requests the load left in flight.

    wrk stops with a request outstanding on every connection; waiting until the server's CPU
    time stops moving (at most a second) makes each window count that tail the same way.
    """
    assert target.process is not None
    last = load.tree_cpu_seconds(target.process.pid)
    deadline = time.monotonic() + 1
    while time.monotonic() < deadline:
        time.sleep(0.03)
        now = load.tree_cpu_seconds(target.process.pid)
        if now - last < 0.005:  # not one clock tick (10 ms) more
            return now
        last = now
    return last


def window(target: Target, endpoint: str, settings: Settings) -> dict[str, float]:
    """One saturation window: wrk's figures plus the server's CPU seconds per 1,000 requests."""
    before = settled_cpu(target)
    result = load.wrk(
        target.url(endpoint),
        target.headers(endpoint),
        settings.seconds,
        settings.connections,
        LOAD_CPU,
    )
    spent = settled_cpu(target) - before
    return result | {"cpu_s": spent, "cpu_per_1k": load.per_thousand(spent, result["requests"])}


def warm_up(found: list[Target]) -> None:
    for target in found:
        for endpoint in target.endpoints:
            load.warm(target.url(endpoint), target.headers(endpoint), LOAD_CPU)


def check_references(found: list[Target], settings: Settings, when: str) -> None:
    """Every endpoint of every reference, once: at the run's start and again at its end."""
    print(f"references, {when}", flush=True)
    for target in (t for t in found if t.reference):
        for endpoint in target.endpoints:
            target.checks.setdefault(endpoint, {})[when] = window(target, endpoint, settings)


def saturation_rounds(found: list[Target], settings: Settings) -> None:
    """Interleaved (A B C ... A B C ...), so a slow minute of the machine hits every row alike."""
    order = list(dict.fromkeys(e for t in found for e in t.endpoints))
    for number in range(settings.rounds):
        print(f"round {number + 1}/{settings.rounds}", flush=True)
        for endpoint in order:
            for target in found:
                if endpoint in target.endpoints:
                    target.runs.setdefault(endpoint, []).append(window(target, endpoint, settings))


def nice_floor(value: float) -> float:
    """Down to 1, 2, 2.5 or 5 times a power of ten, so runs a few % apart pick the same rate."""
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (5, 2.5, 2, 1) if step * power <= value)


def offered_rate(found: list[Target], settings: Settings) -> float:
    """Half what the slowest implementation served at saturation: a load every row holds."""
    if settings.rate:
        return settings.rate
    saturated = [t.median("quote") or 0 for t in found if t.kind == "implementation"]
    return nice_floor(max(1.0, min(saturated, default=2) / 2))


def fixed_load(found: list[Target], settings: Settings, rate: float) -> None:
    print(f"quote at {rate:g} requests/s", flush=True)
    for target in (t for t in found if t.kind in ("implementation", "bare")):
        before = settled_cpu(target)
        result = load.hey(
            target.url("quote"),
            [],
            rate,
            settings.latency_seconds,
            settings.connections,
            LOAD_CPU,
        )
        spent = settled_cpu(target) - before
        target.fixed = result | {"cpu_per_1k": load.per_thousand(spent, result["requests"])}


def measure(found: list[Target], settings: Settings) -> float:
    """The whole run's load, in order; returns the fixed rate it chose."""
    if not settings.quick:
        warm_up(found)
    check_references(found, settings, "first")
    saturation_rounds(found, settings)
    rate = offered_rate(found, settings)
    fixed_load(found, settings, rate)
    check_references(found, settings, "last")
    return rate


# --- Recording ------------------------------------------------------------------------------


def versions(venv: Path) -> dict[str, str]:
    frozen = subprocess.run(
        [sys.executable, "-m", "uv", "pip", "freeze", "-p", venv],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(line.split("==", 1) for line in frozen.splitlines() if "==" in line)


def cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


METRICS = ("rps", "cpu_per_1k", "p50_ms", "p99_ms")


def target_record(target: Target) -> dict[str, object]:
    return {
        "key": target.key,
        "kind": target.kind,
        "impl": target.impl,
        "server": target.server,
        "command": shlex.join(target.command),
        "startup_s": target.startup,
        "peak_mib": target.peak_mib,
        "median": {e: {m: target.median(e, m) for m in METRICS} for e in target.runs},
        "spread": {e: {m: target.spread(e, m) for m in ("rps", "cpu_per_1k")} for e in target.runs},
        "fixed": target.fixed,
        "checks": target.checks,
        "runs": target.runs,
    }


def results_of(
    found: list[Target], settings: Settings, rate: float, wall_s: float
) -> dict[str, object]:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "time": datetime.now(UTC).strftime("%H:%M UTC"),
        "wall_s": wall_s,
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
        },
        "settings": asdict(settings)
        | {"workers": WORKERS, "server_cpu": SERVER_CPU, "load_cpu": LOAD_CPU, "rate": rate},
        "versions": {v.name: versions(v) for v in {t.venv for t in found}},
        "targets": [target_record(t) for t in found],
    }


def write_readme(table: str) -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    before, rest = text.split("<!-- bench:start -->", 1)
    _, after = rest.split("<!-- bench:end -->", 1)
    readme.write_text(f"{before}<!-- bench:start -->\n{table}<!-- bench:end -->{after}")


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: one short round")
    parser.add_argument("--readme", action="store_true", help="update README.md and docs/")
    parser.add_argument("--only", nargs="*", default=None, help="only these implementations")
    parser.add_argument("--rate", type=float, help="the fixed offered rate, requests/s")
    parser.add_argument("--rounds", type=int, help="saturation rounds (default 3, quick 1)")
    parser.add_argument("--seconds", type=int, help="seconds per saturation window (default 1)")
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgresql"),
        default="sqlite",
        help="what the servers keep their data in (postgresql: a throwaway server, DATABASE_URL)",
    )
    return parser.parse_args(argv[1:])


def main(argv: list[str]) -> int:
    args = arguments(argv)
    if missing := [tool for tool in ("wrk", "hey", "taskset") if not shutil.which(tool)]:
        raise SystemExit(
            f"The benchmark needs {', '.join(missing)}: apt-get install wrk hey util-linux "
            "(Debian; `nox -s bench` installs them when it runs as root), "
            "brew install wrk hey (macOS has no taskset; run it on Linux)."
        )
    settings = Settings(
        rounds=args.rounds or (1 if args.quick else 3),
        seconds=args.seconds or 1,
        latency_seconds=2 if args.quick else 5,
        connections=32,
        rate=args.rate,
        quick=args.quick,
        database=args.database,
    )
    if args.database == "postgresql" and args.readme:
        raise SystemExit("--readme takes the SQLite run: the README's table is that one's")
    if args.database == "postgresql":
        sys.path.insert(0, str(ROOT))  # tools/ is the repository's, beside bench/
        from tools.postgres import Cluster

        POSTGRES.append(Cluster().start())
    began = time.monotonic()
    (OUT / "logs").mkdir(parents=True, exist_ok=True)
    found = targets(args.quick, args.only)
    try:
        if args.quick:  # all at once: faster, but then the startup times are not comparable
            with ThreadPoolExecutor(max_workers=len(found)) as pool:
                list(pool.map(start, found))
        for target in found:
            if not args.quick:
                start(target)  # one at a time, so each startup time is the server's alone
            if "signed-in page" in target.endpoints:
                sign_in(target)
            print(f"{target.key}: up in {target.startup:.2f} s", flush=True)
        rate = measure(found, settings)
    finally:
        for target in found:
            stop(target)
        for cluster in POSTGRES:
            cluster.stop()
    results = results_of(found, settings, rate, time.monotonic() - began)
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    table, svg = report.markdown(results), report.chart(results)
    (OUT / "results.md").write_text(table, encoding="utf-8")
    (OUT / "chart.svg").write_text(svg, encoding="utf-8")
    print(table)
    if args.readme:
        (ROOT / "docs").mkdir(exist_ok=True)
        (ROOT / "docs" / "benchmark.svg").write_text(svg, encoding="utf-8")
        write_readme(table)
    print(f"results in {OUT} ({results['wall_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
