"""A throwaway PostgreSQL server for the suite and the benchmark: initdb and pg_ctl in a
temporary folder, on a free loopback port, stopped (and its folder removed) at the end.

The binaries are Debian's `postgresql` package (.ci/run installs it), found under
/usr/lib/postgresql/<version>/bin or on PATH; PG_BIN names another folder. PostgreSQL refuses
to run as root, so under root the server runs as the package's `postgres` user.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

HOST = "127.0.0.1"
USER = "rosetta"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def binaries() -> Path:
    """The folder holding initdb, pg_ctl and psql."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: p.parts[-3])
    on_path = shutil.which("pg_ctl")
    found = debian[-1] if debian else Path(on_path) if on_path else None
    if found is None:
        raise RuntimeError(
            "PostgreSQL's binaries were not found: apt-get install postgresql, or set PG_BIN"
        )
    return found.parent


class Cluster:
    """One PostgreSQL server; `url_for(name)` gives each test server a database of its own."""

    def __init__(self) -> None:
        self.bin = binaries()
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="rosetta-pg-"))
        self.data = self.dir / "data"
        self.databases: set[str] = set()
        self._as_owner: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
            self._as_owner = ["runuser", "-u", "postgres", "--"]

    def run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*self._as_owner, str(self.bin / program), *args],
            check=True,
            capture_output=True,
            cwd=self.dir,
        )

    def start(self) -> Cluster:
        self.run("initdb", "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8")
        options = (
            f"-c listen_addresses={HOST} -c port={self.port} -c unix_socket_directories="
            f"{self.dir} -c fsync=off -c max_connections=300"
        )
        log = str(self.dir / "server.log")
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")
        return self

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@{HOST}:{self.port}/{database}"

    def url_for(self, key: str, fresh: bool = False) -> str:
        """The URL of the database for `key` (a test server's QUOTES_DB path), created empty the
        first time it is asked for, so that a server restarted on the same path finds its data;
        `fresh` drops what an earlier server left there."""
        name = "db_" + hashlib.sha256(key.encode()).hexdigest()[:16]
        where = ("-h", HOST, "-p", str(self.port), "-U", USER)
        if fresh and name in self.databases:
            self.run("dropdb", *where, "--force", name)
            self.databases.discard(name)
        if name not in self.databases:
            self.run("createdb", *where, name)
            self.databases.add(name)
        return self.url(name)
