"""The implementations (read from their manifests) and their production servers, run for real."""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import signal
import socket
import ssl
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORKS = ROOT / "frameworks"
SHARED = ROOT / "shared_spec"
HOST = "127.0.0.1"
WORKERS = 2
START_TIMEOUT = 60.0  # seconds for a server to answer /healthz
STOP_TIMEOUT = 10.0  # RUN-3
# httpx makes a new SSL context for every client, loading the whole CA bundle into it (30 ms of
# CPU each). The suite makes hundreds of clients, all speaking plain HTTP to loopback, so they
# share this one (`verify=TLS`) instead of competing with the servers under test for the CPU.
TLS = ssl.create_default_context()
# What the suite's environment does not pass on to a server: the settings that tests give it or
# leave out on purpose, and PYTHONDONTWRITEBYTECODE (which CI machines often set), so that a
# server caches its bytecode as it would in production, where pip compiled it at install:
# without that, every worker the suite starts would compile its framework from source again.
NOT_PASSED_ON = ("SECRET_KEY", "SESSION_COOKIE_SECURE", "DATABASE_URL", "PYTHONDONTWRITEBYTECODE")
SPEC_IDS = re.findall(
    r"^- \*\*([A-Z]+-\d+)\*\*", (SHARED / "SPEC.md").read_text(encoding="utf-8"), re.M
)


@dataclass(frozen=True)
class Manifest:
    """One implementation, as its frameworks/<name>/manifest.toml describes it."""

    folder: Path
    name: str
    title: str
    interface: str
    app: str
    serve: str
    dev: str
    known_gaps: dict[str, str] = field(default_factory=dict)
    about: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str | list[str]] = field(default_factory=dict)  # RUN-5

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        data = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))
        return cls(folder=folder, **data)


def manifests() -> dict[str, Manifest]:
    """Every implementation: the one list of them is the set of folders with a manifest."""
    return {
        folder.name: Manifest.load(folder)
        for folder in sorted(FRAMEWORKS.iterdir())
        if (folder / "manifest.toml").is_file()
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def still_running(processes: list[psutil.Process], deadline: float) -> list[psutil.Process]:
    """Wait until each process has exited or `deadline` passes; those still running then.
    A zombie has exited (its memory, sockets and files are released): it only waits to be
    reaped by its parent, or by init when it was orphaned, which some inits do every second or
    two (psutil.wait_procs would wait for that)."""

    def running(proc: psutil.Process) -> bool:
        try:
            return proc.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    while (alive := [proc for proc in processes if running(proc)]) and time.monotonic() < deadline:
        time.sleep(0.02)
    return alive


class Server:
    """An implementation's `serve` command on a free loopback port, with its own database."""

    def __init__(self, manifest: Manifest, db_path: Path, env: dict[str, str] | None = None):
        self.manifest = manifest
        self.db_path = db_path
        self.extra_env = env or {}
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.log_path = db_path.with_suffix(f".{self.port}.log")
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        serve = self.manifest.serve.format(host=HOST, port=self.port, workers=WORKERS)
        return shlex.split(serve)

    @property
    def database_url(self) -> str | None:
        """The PostgreSQL database it serves, or None for SQLite at db_path."""
        return self.extra_env.get("DATABASE_URL") or None

    def launch(self) -> subprocess.Popen[bytes]:
        """Run the serve command, its output going to log_path; do not wait for it."""
        env = {k: v for k, v in os.environ.items() if k not in NOT_PASSED_ON}
        env.update(QUOTES_DB=str(self.db_path), PYTHONUNBUFFERED="1", **self.extra_env)
        # The server comes from the suite's own virtualenv, activated or not, unless a session
        # gives it one of its own (nox -s fuzz: ROSETTA_SERVER_BIN).
        server_bin = os.environ.get("ROSETTA_SERVER_BIN") or str(Path(sys.executable).parent)
        env["PATH"] = os.pathsep.join([server_bin, env.get("PATH", "")])
        with self.log_path.open("ab") as log:
            # A session of its own, so that whatever it forks can be found and stopped.
            self.process = subprocess.Popen(
                self.command(),
                cwd=self.manifest.folder,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        return self.process

    def run_to_exit(self, timeout: float = START_TIMEOUT) -> str | None:
        """Run a server that should refuse to start: its output once it has stopped by itself,
        or None when it was still running after `timeout` seconds (then it is killed)."""
        try:
            self.launch().wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None
        self.kill()  # whatever it left behind
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def start(self) -> Server:
        self.launch()
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.command()} exited early:\n{self.log_tail()}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=2, verify=TLS).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(
            f"{self.command()} did not answer in {START_TIMEOUT}s:\n{self.log_tail()}"
        )

    def processes(self) -> list[psutil.Process]:
        """The server's main process and everything it started."""
        if self.process is None or self.process.poll() is not None:
            return []
        try:
            main = psutil.Process(self.process.pid)
            return [main, *main.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []

    def stop(self) -> float:
        """SIGTERM the main process as a process manager would; return how long it took."""
        assert self.process is not None
        processes = self.processes()
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.kill()
            return float("inf")
        alive = still_running(processes, deadline=started + STOP_TIMEOUT)
        elapsed = time.monotonic() - started
        if alive:
            self.kill()
            return float("inf")
        return elapsed

    def kill(self) -> None:
        """Make sure nothing of this server is left running."""
        if self.process is None:
            return
        for proc in self.processes():
            proc.kill()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_TIMEOUT)

    def log_tail(self, lines: int = 40) -> str:
        text = (
            self.log_path.read_text(encoding="utf-8", errors="replace")
            if self.log_path.exists()
            else ""
        )
        return "\n".join(text.splitlines()[-lines:])


class Succession:
    """The servers of one database, one after the other: a module's tests that stop, restart,
    kill or load a server take the one running in turn (`current`), since starting one costs a
    second or two of both cores (each worker imports the framework). A test that stopped it
    leaves the next one a new server on the same database, with the data the last one left."""

    def __init__(self, manifest: Manifest, db_path: Path, env: dict[str, str]) -> None:
        self.manifest, self.db_path, self.env = manifest, db_path, env
        self.servers: list[Server] = []

    def current(self) -> Server:
        """The running server, started now if the last one has been stopped."""
        last = self.servers[-1] if self.servers else None
        if last is None or last.process is None or last.process.poll() is not None:
            return self.start()
        return last

    def start(self, **env: str) -> Server:
        """A new server on the database (the last one must have stopped), with `env` added."""
        self.servers.append(Server(self.manifest, self.db_path, {**self.env, **env}).start())
        return self.servers[-1]

    def kill(self) -> None:
        for server in self.servers:
            server.kill()
