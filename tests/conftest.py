"""The conformance suite's fixtures: which implementation, its server, and clients for it.

Run it with `--impl NAME` (or ROSETTA_IMPL=NAME); nox does this for every implementation.
`--database postgresql` serves every test server from a throwaway PostgreSQL server of the
suite's own (tools/postgres.py) instead of SQLite files; `nox -s postgres` does this.
Every test names the SPEC.md requirement it checks with `@pytest.mark.req("API-5")`; a
requirement listed in the implementation's manifest under [known_gaps] turns its tests into
strict expected failures, and `--conformance-json PATH` writes requirement x outcome.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tools.postgres import Cluster

from servers import SPEC_IDS, Manifest, Server, Succession, manifests
from support import new_client, sign_in


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--impl", help="the implementation under test (a folder in frameworks/)")
    parser.addoption("--conformance-json", help="write requirement outcomes to this JSON file")
    parser.addoption(
        "--database",
        choices=("sqlite", "postgresql"),
        default=os.environ.get("ROSETTA_DATABASE", "sqlite"),
        help="what the servers under test keep their data in (default sqlite)",
    )


def pytest_configure(config: pytest.Config) -> None:
    name = config.getoption("--impl") or os.environ.get("ROSETTA_IMPL")
    known = manifests()
    if not name and len(known) == 1:  # a starter project (`nox -s starter`) holds just one
        (name,) = known
    if name and name not in known:
        raise pytest.UsageError(f"--impl {name!r}: not one of {sorted(known)}")
    config.stash[MANIFEST] = known[name] if name else None


MANIFEST = pytest.StashKey[Manifest | None]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    manifest = config.stash[MANIFEST]
    gaps = manifest.known_gaps if manifest else {}
    # Checks of SQLite's own files only run on SQLite, the two-host checks only on PostgreSQL:
    # deselected, not skipped, since they are not meant for this run.
    other = "sqlite" if config.getoption("--database") == "postgresql" else "postgresql"
    deselected = [item for item in items if item.get_closest_marker(other)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker(other)]
    for item in items:
        ids = tuple(i for mark in item.iter_markers("req") for i in mark.args)
        if not ids and not item.get_closest_marker("suite"):
            raise pytest.UsageError(
                f"{item.nodeid} names no requirement: add @pytest.mark.req(...)"
            )
        unknown = [i for i in ids if i not in SPEC_IDS]
        if unknown:
            raise pytest.UsageError(f"{item.nodeid} names {unknown}, which SPEC.md does not define")
        item.user_properties.append(("reqs", ids))
        for req in ids:
            if req in gaps:
                item.add_marker(
                    pytest.mark.xfail(reason=f"known gap {req}: {gaps[req]}", strict=True)
                )


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Each test's outcome, per requirement it names. A report hook rather than an item one,
    since under pytest-xdist (`-n 2`) only the reports reach the process that writes the JSON."""
    if report.when == "call" or (report.when == "setup" and not report.passed):
        outcome = "xfailed" if hasattr(report, "wasxfail") and report.skipped else report.outcome
        reqs = dict(report.user_properties).get("reqs", ())
        for req in reqs:  # type: ignore[union-attr]
            OUTCOMES_OF_RUN.setdefault(req, []).append(outcome)


OUTCOMES_OF_RUN: dict[str, list[str]] = {}


def pytest_sessionfinish(session: pytest.Session) -> None:
    path, manifest = session.config.getoption("--conformance-json"), session.config.stash[MANIFEST]
    if not path or manifest is None or hasattr(session.config, "workerinput"):
        return  # an xdist worker: the controller writes the JSON from every worker's reports
    outcomes = OUTCOMES_OF_RUN

    def verdict(results: list[str]) -> str:
        if not results:
            return "not run"
        if "failed" in results:
            return "fail"
        if "xfailed" in results:
            return "expected failure"
        return "pass" if set(results) == {"passed"} else "skipped"

    matrix = {req: verdict(outcomes.get(req, [])) for req in SPEC_IDS}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(json.dumps({"impl": manifest.name, "requirements": matrix}, indent=2))


# -- fixtures ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def manifest(pytestconfig: pytest.Config) -> Manifest:
    chosen = pytestconfig.stash[MANIFEST]
    if chosen is None:
        raise pytest.UsageError(f"choose an implementation: --impl one of {sorted(manifests())}")
    return chosen


@pytest.fixture(scope="session")
def cluster(pytestconfig: pytest.Config) -> Iterator[Cluster | None]:
    """With --database postgresql, the suite's PostgreSQL server (one per xdist worker)."""
    if pytestconfig.getoption("--database") != "postgresql":
        yield None
        return
    running = Cluster().start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def database_env(cluster: Cluster | None) -> Callable[[Path], dict[str, str]]:
    """What a test server on `db_path` is started with to keep its data there: nothing for a
    SQLite file; on PostgreSQL, a database of its own and a key, as several hosts would need
    (the same ones again when a server is restarted on the same path)."""

    def env(db_path: Path) -> dict[str, str]:
        if cluster is None:
            return {}
        key = hashlib.sha256(f"key of {db_path}".encode()).hexdigest()
        return {"DATABASE_URL": cluster.url_for(str(db_path)), "SECRET_KEY": key}

    return env


@pytest.fixture(scope="session")
def server(
    manifest: Manifest,
    tmp_path_factory: pytest.TempPathFactory,
    database_env: Callable[[Path], dict[str, str]],
) -> Iterator[Server]:
    """The implementation's production server with 2 workers, started once for the session."""
    db_path = tmp_path_factory.mktemp("db") / "quotes.db"
    running = Server(manifest, db_path, database_env(db_path)).start()
    yield running
    running.kill()


@pytest.fixture
def start_server(
    manifest: Manifest, tmp_path: Path, database_env: Callable[[Path], dict[str, str]]
) -> Iterator[Callable[..., Server]]:
    """Start extra servers (own database unless given one); all are stopped afterwards."""
    started: list[Server] = []

    def start(db_path: Path | None = None, **env: str) -> Server:
        db_path = db_path or tmp_path / "own.db"
        started.append(Server(manifest, db_path, {**database_env(db_path), **env}).start())
        return started[-1]

    yield start
    for running in started:
        running.kill()


@pytest.fixture(scope="module")
def succession(
    manifest: Manifest,
    tmp_path_factory: pytest.TempPathFactory,
    database_env: Callable[[Path], dict[str, str]],
) -> Iterator[Succession]:
    """The servers of a database of the module's own, taken in turn by its tests that stop,
    restart, kill or load a server (under pytest-xdist, `--dist loadfile` keeps a module's tests
    on one worker); all are stopped after the module."""
    db_path = tmp_path_factory.mktemp("succession") / "quotes.db"
    servers = Succession(manifest, db_path, database_env(db_path))
    yield servers
    servers.kill()


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    """A fresh browser-like client: no cookies yet."""
    with new_client(server.base_url) as fresh:
        yield fresh


@pytest.fixture(scope="session")
def login_cookies(server: Server) -> httpx.Cookies:
    """The cookies of one login as demo, shared by the tests that only use a signed-in session:
    a login costs a PBKDF2 hash of 600,000 rounds (a third of a second), and a hundred tests
    need one. Tests that end or rotate their session take `own_login` instead."""
    with new_client(server.base_url) as client:
        return httpx.Cookies(sign_in(client).cookies)


@pytest.fixture
def signed_in(server: Server, login_cookies: httpx.Cookies) -> Iterator[httpx.Client]:
    """A client signed in as demo (a copy of the shared login's cookies)."""
    with new_client(server.base_url, cookies=httpx.Cookies(login_cookies)) as fresh:
        yield fresh


@pytest.fixture
def own_login(server: Server) -> Iterator[httpx.Client]:
    """A client with a login of its own, for a test that logs out or logs in again."""
    with new_client(server.base_url) as fresh:
        yield sign_in(fresh)
