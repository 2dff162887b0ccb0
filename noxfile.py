"""Sessions for the whole project. Plain `nox` lints, then holds every implementation to the suite.

The list of implementations is the set of folders in frameworks/ that have a manifest.toml:
adding a framework needs nothing here.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import tomllib
from pathlib import Path

import nox
from nox.virtualenv import find_uv

ROOT = Path(__file__).parent
IMPLEMENTATIONS = sorted(p.parent.name for p in (ROOT / "frameworks").glob("*/manifest.toml"))
RESULTS = ROOT / "build" / "conformance"

nox.options.default_venv_backend = "uv|virtualenv"
# Trust the operating system's certificates, as pip does, so that installing also works behind
# a proxy that signs with a local certificate authority (uv's default is its own bundle).
os.environ.setdefault("UV_SYSTEM_CERTS", "1")
# A session starts many short-lived Pythons over the same files (pytest and its xdist workers,
# the servers under test, each starter's collections): cached bytecode is what keeps each start
# cheap, so the sessions write it even where the shell says not to. It lands in .nox/ and in
# __pycache__/ folders, which git ignores.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
# `nox -j 2` (the README's test command) runs two sessions at a time, each in a nox child of its
# own: one session rarely keeps both cores busy (much of it is an installer, a browser or a
# server waiting), so a second one fills the other. Sessions that write their own results
# allow it. looks, matrix and site read what the others wrote, so they do not: nox starts such
# a session only when nothing is running, and so after every session before it in this list,
# while later ones that allow it go ahead. starters reads nothing and comes early, so that the
# run does not end on it alone.
nox.options.sessions = [
    "lint",
    "starters",
    "conformance",
    "postgres",
    "browser",
    "looks",
    "fuzz",
    "matrix",
    "site",
]
nox.options.error_on_missing_interpreters = True


@nox.session(allow_parallel=True)
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check over everything."""
    session.install("ruff==0.17.5")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(allow_parallel=True)
@nox.parametrize("impl", IMPLEMENTATIONS, ids=IMPLEMENTATIONS)
def conformance(session: nox.Session, impl: str) -> None:
    """The shared suite against one implementation's production server, in its own virtualenv."""
    # The implementation's exact pins, plus the suite's direct pins resolved around them.
    session.install("-r", f"frameworks/{impl}/requirements.txt", "-r", "tests/requirements.in")
    RESULTS.mkdir(parents=True, exist_ok=True)
    session.run(
        "pytest",
        "tests",
        "--impl",
        impl,
        "--conformance-json",
        str(RESULTS / f"{impl}.json"),
        # Two pytest-xdist workers, each with a server of its own: most of a test is waiting on
        # HTTP, so a second one uses the second core. `-- -n 0` runs them one by one. loadfile:
        # each module's tests on one worker, as some share servers of their module's own (the
        # restarts, signals and load; the two hosts).
        "-n",
        "2",
        "--dist",
        "loadfile",
        *session.posargs,
    )


# What a database can change: the data, the API's writes, sign-in, restarts, signals and load,
# the settings it is started with, and two hosts on one database.
POSTGRES_TESTS = [
    f"tests/{name}.py"
    for name in (
        "test_data",
        "test_api_write",
        "test_auth",
        "test_running",
        "test_stress",
        "test_configuration",
        "test_hosts",
    )
]


@nox.session(allow_parallel=True)
@nox.parametrize("impl", IMPLEMENTATIONS, ids=IMPLEMENTATIONS)
def postgres(session: nox.Session, impl: str) -> None:
    """The suite's database tests against one implementation on PostgreSQL (DATABASE_URL): a
    throwaway server of the suite's own (tools/postgres.py), from Debian's `postgresql`."""
    session.install("-r", f"frameworks/{impl}/requirements.txt", "-r", "tests/requirements.in")
    RESULTS.mkdir(parents=True, exist_ok=True)
    session.run(
        "pytest",
        *POSTGRES_TESTS,
        "--impl",
        impl,
        "--database",
        "postgresql",
        "--conformance-json",
        str(RESULTS / f"{impl}.postgres.json"),
        # As in `conformance`: loadfile, since the two-host tests share one pair of servers.
        "-n",
        "2",
        "--dist",
        "loadfile",
        *session.posargs,
    )


# Debian's Chromium when it is installed (.ci/run installs it), else Playwright's own download.
SYSTEM_CHROMIUM = Path(os.environ.get("ROSETTA_CHROMIUM", "/usr/bin/chromium"))


@nox.session(allow_parallel=True)
@nox.parametrize("impl", IMPLEMENTATIONS, ids=IMPLEMENTATIONS)
def browser(session: nox.Session, impl: str) -> None:
    """Chromium (Playwright) and axe-core against one implementation's production server."""
    requirements = ("-r", f"frameworks/{impl}/requirements.txt")
    session.install(*requirements, "-r", "tests/browser/requirements.in")
    if not SYSTEM_CHROMIUM.exists():
        session.run("playwright", "install", "chromium")
    RESULTS.mkdir(parents=True, exist_ok=True)
    session.run(
        "pytest",
        "tests/browser",
        "--impl",
        impl,
        "--conformance-json",
        str(RESULTS / f"{impl}.browser.json"),
        *session.posargs,
    )


@nox.session
def looks(session: nox.Session) -> None:
    """PAGE-11: each implementation's /login screenshot (from `browser`) against all others'."""
    session.install("-r", "tests/looks/requirements.txt")
    for impl in IMPLEMENTATIONS:
        json_path = str(RESULTS / f"{impl}.looks.json")
        session.run("pytest", "tests/looks", "--impl", impl, "--conformance-json", json_path)


@nox.session(allow_parallel=True)
@nox.parametrize("impl", IMPLEMENTATIONS, ids=IMPLEMENTATIONS)
def fuzz(session: nox.Session, impl: str) -> None:
    """schemathesis, from shared_spec/openapi.yaml, against one implementation's live server."""
    # The fuzzer only talks HTTP to the server, so the two get virtualenvs of their own: a
    # framework's pins need not resolve beside schemathesis' (py4web's watchgod caps anyio < 4).
    session.install("-r", "tests/fuzz/requirements.in")
    server = ROOT / ".nox" / f"server-{impl}"
    uv = find_uv()[1]
    session.run(
        uv, "venv", "-q", "--allow-existing", "--python", sys.executable, str(server), external=True
    )
    requirements = f"frameworks/{impl}/requirements.txt"
    session.run(
        uv,
        "pip",
        "install",
        "-q",
        "--python",
        str(server / "bin" / "python"),
        "-r",
        requirements,
        external=True,
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    session.run(
        "pytest",
        "tests/fuzz",
        "--impl",
        impl,
        "--conformance-json",
        str(RESULTS / f"{impl}.fuzz.json"),
        *session.posargs,
        env={"ROSETTA_SERVER_BIN": str(server / "bin")},
    )


@nox.session(venv_backend="none")
def matrix(session: nox.Session) -> None:
    """Requirement x implementation from the last runs (`-- --readme` also updates README.md)."""
    session.run(sys.executable, "-m", "tools.matrix", str(RESULTS), *session.posargs)


@nox.session(default=False, venv_backend="none")
def sync(session: nox.Session) -> None:
    """Copy shared_spec/'s files into each implementation's shared/ folder (RUN-4)."""
    session.run(sys.executable, "-m", "tools.sync")


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Run one implementation's production server for a person: `nox -s serve -- flask [port]`."""
    if not session.posargs or session.posargs[0] not in IMPLEMENTATIONS:
        session.error(
            f"name one implementation: nox -s serve -- {{{','.join(IMPLEMENTATIONS)}}} [port]"
        )
    impl, port = session.posargs[0], (session.posargs[1:] or ["8000"])[0]
    folder = ROOT / "frameworks" / impl
    session.install("-r", str(folder / "requirements.txt"))
    manifest = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))
    command = shlex.split(manifest["serve"].format(host="127.0.0.1", port=port, workers=2))
    session.log(
        f"{manifest['title']} on http://127.0.0.1:{port}/ (demo / correct horse battery staple)"
    )
    with session.chdir(folder):
        session.run(*command)


@nox.session
def site(session: nox.Session) -> None:
    """The side-by-side site (build/site), from the code and the last conformance results."""
    session.install("-r", "tools/requirements.txt")
    if not SYSTEM_CHROMIUM.exists():
        session.run("playwright", "install", "chromium")
    session.run("python", "-m", "tools.site.build", str(ROOT / "build" / "site"))
    tests = ("tools/tests/test_site.py", "tools/tests/test_site_browser.py")
    session.run("pytest", *tests, "-p", "no:cacheprovider", *session.posargs)


@nox.session(default=False, venv_backend="none")
def starter(session: nox.Session) -> None:
    """Write one implementation as a standalone project: `nox -s starter -- flask ../my-app`."""
    if len(session.posargs) != 2 or session.posargs[0] not in IMPLEMENTATIONS:
        session.error(f"usage: nox -s starter -- {{{','.join(IMPLEMENTATIONS)}}} <new-folder>")
    session.run(sys.executable, "-m", "tools.starter", *session.posargs, external=True)


@nox.session(allow_parallel=True)
def starters(session: nox.Session) -> None:
    """Each implementation's starter, in a temporary folder, installs from its own files,
    collects the whole suite and passes its smoke tests."""
    session.install("-r", "tools/requirements.txt")
    # Two at a time: a starter mostly waits on its installer and its server.
    session.run(
        "pytest",
        "tools/tests/test_starter.py",
        "-p",
        "no:cacheprovider",
        "-n",
        "2",
        *session.posargs,
    )


BENCH_TOOLS = {"wrk": "wrk", "hey": "hey", "taskset": "util-linux"}  # command: Debian package


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Every implementation against bare references (`-- --quick`, `-- --readme`); wrk and hey."""
    missing = [package for tool, package in BENCH_TOOLS.items() if not shutil.which(tool)]
    # As root on Debian the session installs the load generators, as .ci/run does Chromium;
    # elsewhere bench/run.py stops and says what to install.
    if missing and shutil.which("apt-get") and os.geteuid() == 0:
        session.run("apt-get", "update", "-qq", external=True)
        session.run("apt-get", "install", "-y", "-qq", *missing, external=True)
    session.install("-r", "bench/requirements.txt")
    session.run("python", "bench/run.py", *session.posargs)
