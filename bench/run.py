"""Benchmark every implementation side by side, against bare references on the same servers.

    nox -s bench [-- --quick] [-- --readme]

For each implementation (found from its manifest) this starts its production server (`serve`,
2 workers), the other production server for its interface (gunicorn or granian for WSGI,
uvicorn or granian for ASGI), and the framework's own trivial route (bench/trivial/) on the
implementation's server; and the bare WSGI and ASGI references (bench/bare.py) on all four
servers. Every server is pinned to CPU 0 and wrk to CPU 1. After a warm-up, the endpoints are
measured in interleaved rounds (A B C ... A B C ...) and the medians reported; the references'
first and last measurements must agree within 5 % or the run says it is unreliable.

Writes build/bench/results.json, results.md and chart.svg; with --readme also the README's
table and docs/benchmark.svg.
"""

from __future__ import annotations

import argparse
import contextlib
import json
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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psutil

from chart import bar_chart

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

    def median(self, endpoint: str, metric: str = "rps") -> float | None:
        values = [run[metric] for run in self.runs.get(endpoint, [])]
        return statistics.median(values) if values else None


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


def start(target: Target) -> None:
    """Start the server pinned to SERVER_CPU; time it from the start to its first 200."""
    target.port = free_port()
    db = db_path(target.key)
    for stale in db.parent.glob(db.name + "*"):
        stale.unlink()
    db.parent.mkdir(parents=True, exist_ok=True)
    if target.kind == "other server":  # the database the implementation's own server set up
        with sqlite3.connect(db_path(str(target.impl))) as source, sqlite3.connect(db) as copy:
            source.backup(copy)
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "VIRTUAL_ENV"}}
    env |= {"QUOTES_DB": str(db), "PATH": f"{target.venv / 'bin'}{os.pathsep}{env['PATH']}"}
    cmd = [a.replace("{port}", str(target.port)) for a in target.command]
    log = (OUT / "logs" / f"{db.stem}.log").open("wb")
    began = time.monotonic()
    target.process = subprocess.Popen(
        ["taskset", "-c", SERVER_CPU, *cmd],
        cwd=target.cwd,
        env=env,
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

        store = Store(db_path(target.key), ROOT / "shared_spec")
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

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(target: Target, endpoint: str, seconds: int, connections: int) -> dict[str, float]:
    trivial = "/trivial" if target.kind == "bare" else "/"  # the frameworks' own apps: just "/"
    path = trivial if endpoint == "trivial" else ENDPOINTS[endpoint]
    headers = ["-H", f"Cookie: {target.cookie}"] if endpoint == "signed-in page" else []
    output = subprocess.run(
        [
            "taskset",
            "-c",
            LOAD_CPU,
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            *headers,
            f"http://{HOST}:{target.port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(percentile: str) -> float:
        found = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)$", output, re.M)
        return float(found[1]) * UNITS[found[2]] if found else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "rps": float(rps[1]) if rps else 0.0,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "non_2xx": float(bad[1]) if bad else 0.0,
        "socket_errors": float(sum(int(n) for n in errors.groups())) if errors else 0.0,
    }


def measure(
    found: list[Target], rounds: int, seconds: int, connections: int, warm_up: bool
) -> dict[str, dict[str, float]]:
    for target in found if warm_up else []:  # lazy imports, template caches, SQLite's pages
        for endpoint in target.endpoints:
            wrk(target, endpoint, 1, connections)
    order = list(dict.fromkeys(e for t in found for e in t.endpoints))
    for number in range(rounds):
        print(f"round {number + 1}/{rounds}", flush=True)
        for endpoint in order:
            for target in found:
                if endpoint in target.endpoints:
                    target.runs.setdefault(endpoint, []).append(
                        wrk(target, endpoint, seconds, connections)
                    )
    drift = {}
    for target in (t for t in found if t.kind == "bare"):
        first = target.runs["quote"][0]["rps"]
        last = wrk(target, "quote", seconds, connections)["rps"]
        drift[target.key] = {"first": first, "last": last, "change": last / first - 1}
    return drift


# --- Reporting ------------------------------------------------------------------------------


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


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}x" if a and b else "—"


def number(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def latencies(target: Target) -> str:
    p50, p99 = target.median("quote", "p50_ms"), target.median("quote", "p99_ms")
    return f"{number(p50, 1)} / {number(p99, 1)}"


def markdown(found: list[Target], results: dict[str, object]) -> str:
    by_key = {t.key: t for t in found}
    impls = [t for t in found if t.kind == "implementation"]
    bare_for = {
        "gunicorn": "bare-wsgi@gunicorn",
        "granian-wsgi": "bare-wsgi@granian-wsgi",
        "uvicorn": "bare-asgi@uvicorn",
        "granian-asgi": "bare-asgi@granian-asgi",
        "tornado": "bare-asgi@uvicorn",
    }
    head = ["Framework", "Server"] + [f"{e} req/s" for e in ENDPOINTS]
    head += ["quote p50 / p99 ms", "x bare", "x trivial", "startup s", "peak MiB/worker"]
    rows = ["| " + " | ".join(head) + " |", "|" + "---|" * 2 + "---:|" * (len(head) - 2)]
    for t in sorted(impls, key=lambda t: -(t.median("quote") or 0)):
        bare = by_key.get(bare_for.get(t.server, ""))
        trivial = by_key.get(f"{t.impl}:trivial")
        cells = [t.key, t.server] + [number(t.median(e)) for e in ENDPOINTS]
        cells.append(
            f"{number(t.median('quote', 'p50_ms'), 1)} / {number(t.median('quote', 'p99_ms'), 1)}"
        )
        cells.append(ratio(t.median("quote"), bare.median("quote") if bare else None))
        cells.append(ratio(t.median("quote"), trivial.median("trivial") if trivial else None))
        cells += [f"{t.startup:.2f}", f"{t.peak_mib:.0f}"]
        rows.append("| " + " | ".join(cells) + " |")
    for t in (t for t in found if t.kind == "bare"):
        cells = [f"*{t.key.split('@')[0]}*", t.server] + [number(t.median(e)) for e in ENDPOINTS]
        cells.append(
            f"{number(t.median('quote', 'p50_ms'), 1)} / {number(t.median('quote', 'p99_ms'), 1)}"
        )
        cells += ["1.00x", ratio(t.median("quote"), t.median("trivial"))]
        cells += [f"{t.startup:.2f}", f"{t.peak_mib:.0f}"]
        rows.append("| " + " | ".join(cells) + " |")
    servers = [
        "",
        "| Framework | Server | quote req/s | page req/s | trivial req/s |",
        "|---|---|---:|---:|---:|",
    ]
    for t in sorted(
        (t for t in found if t.kind in ("implementation", "other server")),
        key=lambda t: (t.impl or "", t.kind != "implementation"),
    ):
        trivial = by_key.get(f"{t.impl}:trivial")
        mark = " (serve)" if t.kind == "implementation" else ""
        trivial_rps = trivial.median("trivial") if trivial and t.kind == "implementation" else None
        servers.append(
            f"| {t.impl} | {t.server}{mark} | {number(t.median('quote'))} | "
            f"{number(t.median('page'))} | {number(trivial_rps)} |"
        )
    for t in (t for t in found if t.kind == "bare"):
        servers.append(
            f"| *{t.key.split('@')[0]}* | {t.server} | {number(t.median('quote'))} | "
            f"{number(t.median('page'))} | {number(t.median('trivial'))} |"
        )
    settings = results["settings"]
    assert isinstance(settings, dict)
    note = (
        f"\n{results['date']} on {results['machine']['cpu']} "  # type: ignore[index]
        f"({results['machine']['cores']} cores), Python {results['machine']['python']}: "  # type: ignore[index]
        f"{WORKERS} workers per server on CPU {SERVER_CPU}, wrk on CPU {LOAD_CPU} with "
        f"{settings['connections']} connections, median of {settings['rounds']} interleaved "
        f"rounds of {settings['seconds']} s. {results['reliability']}"
        + (
            " A --quick run: servers started together, so startup times do not compare."
            if settings["quick"]
            else ""
        )
        + "\n"
    )
    return "\n".join(rows) + "\n" + "\n".join(servers) + "\n" + note


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: one short round")
    parser.add_argument("--readme", action="store_true", help="update README.md and docs/")
    parser.add_argument("--only", nargs="*", default=None, help="only these implementations")
    args = parser.parse_args(argv[1:])
    if not shutil.which("wrk") or not shutil.which("taskset"):
        raise SystemExit(
            "The benchmark needs wrk and taskset: sudo apt-get install wrk util-linux (Debian), "
            "brew install wrk (macOS has no taskset; run it on Linux)."
        )
    rounds, seconds, connections = (1, 1, 32) if args.quick else (3, 2, 32)
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
        drift = measure(found, rounds, seconds, connections, warm_up=not args.quick)
    finally:
        for target in found:
            stop(target)
    unreliable = [k for k, d in drift.items() if abs(d["change"]) > 0.05]
    moved = ", ".join(f"{key} {drift[key]['change']:+.1%}" for key in unreliable)
    reliability = (
        f"Unreliable: the bare references moved more than 5 % during the run ({moved})."
        if unreliable
        else "The bare references' first and last runs agree within 5 %."
    )
    results: dict[str, object] = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": {
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
        },
        "settings": {
            "workers": WORKERS,
            "rounds": rounds,
            "seconds": seconds,
            "connections": connections,
            "server_cpu": SERVER_CPU,
            "load_cpu": LOAD_CPU,
            "quick": args.quick,
        },
        "reliability": reliability,
        "drift": drift,
        "versions": {v.name: versions(v) for v in {t.venv for t in found}},
        "targets": [
            {
                "key": t.key,
                "kind": t.kind,
                "impl": t.impl,
                "server": t.server,
                "command": shlex.join(t.command),
                "startup_s": t.startup,
                "peak_mib": t.peak_mib,
                "runs": t.runs,
                "median": {
                    e: {m: t.median(e, m) for m in ("rps", "p50_ms", "p99_ms")} for e in t.runs
                },
            }
            for t in found
        ],
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    table = markdown(found, results)
    (OUT / "results.md").write_text(table, encoding="utf-8")
    impls = sorted(
        (t for t in found if t.kind in ("implementation", "bare")),
        key=lambda t: -(t.median("quote") or 0),
    )
    svg = bar_chart(
        [t.key if t.kind != "bare" else t.key.replace("@", " on ") for t in impls],
        {
            "GET /api/quotes/1": [t.median("quote") or 0 for t in impls],
            "GET / (template)": [t.median("page") or 0 for t in impls],
        },
        title=f"Requests per second, {WORKERS} workers ({results['date']})",
    )
    (OUT / "chart.svg").write_text(svg, encoding="utf-8")
    print(table)
    if args.readme:
        (ROOT / "docs").mkdir(exist_ok=True)
        (ROOT / "docs" / "benchmark.svg").write_text(svg, encoding="utf-8")
        readme = ROOT / "README.md"
        text = readme.read_text(encoding="utf-8")
        before, rest = text.split("<!-- bench:start -->", 1)
        _, after = rest.split("<!-- bench:end -->", 1)
        readme.write_text(f"{before}<!-- bench:start -->\n{table}<!-- bench:end -->{after}")
    print(f"results in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
