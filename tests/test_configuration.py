"""RUN-9: a setting the server cannot run with stops it at start, with one line that says why."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tools.postgres import Cluster

from servers import HOST, Manifest, Server, free_port

PASSWORD = "not-to-be-printed"
KEY = "a-key-from-the-environment-" + "x" * 20
REFUSED_IN = 30.0  # seconds: a worker's start, a connect timeout, the server's own shutdown


def refusal(manifest: Manifest, tmp_path: Path, db_path: Path, **env: str) -> str:
    """Run the server with a bad setting; return its output once it has stopped by itself."""
    server = Server(manifest, db_path, env)
    server.log_path = tmp_path / "refused.log"  # db_path's folder may not be there
    output = server.run_to_exit(timeout=REFUSED_IN)
    assert output is not None, f"still running {REFUSED_IN:.0f}s after start with {env}"
    return output


def assert_one_line_about(output: str, setting: str, manifest: Manifest) -> None:
    """A line names the setting; no traceback runs through the app's own files; no password."""
    assert any(setting in line for line in output.splitlines()), f"no word of {setting}:\n{output}"
    frames = re.findall(r'File "([^"]+)"', output)
    ours = [frame for frame in frames if frame.startswith(str(manifest.folder))]
    assert not ours, f"a traceback through the app:\n{output}"
    assert PASSWORD not in output


BAD_URLS: dict[str, Callable[[], str]] = {
    "another scheme": lambda: f"mysql://quotes:{PASSWORD}@{HOST}/quotes",
    "malformed": lambda: f"postgresql://quotes:{PASSWORD}@[{HOST}/quotes",
    "unreachable": lambda: f"postgresql://quotes:{PASSWORD}@{HOST}:{free_port()}/quotes",
}


@pytest.mark.req("RUN-9")
@pytest.mark.parametrize("kind", BAD_URLS)
def test_bad_database_url_refuses_to_start(manifest: Manifest, tmp_path: Path, kind: str) -> None:
    """A DATABASE_URL of another scheme, a malformed one or one nobody answers: no start."""
    url = BAD_URLS[kind]()
    output = refusal(manifest, tmp_path, tmp_path / "quotes.db", DATABASE_URL=url, SECRET_KEY=KEY)
    assert_one_line_about(output, "DATABASE_URL", manifest)


@pytest.mark.sqlite
@pytest.mark.req("RUN-9")
def test_database_in_a_missing_folder_refuses_to_start(manifest: Manifest, tmp_path: Path) -> None:
    """QUOTES_DB in a folder that is not there: no start (SQLite would not create the folder)."""
    output = refusal(manifest, tmp_path, tmp_path / "no-such-folder" / "quotes.db", SECRET_KEY=KEY)
    assert_one_line_about(output, "QUOTES_DB", manifest)


@pytest.mark.postgresql
@pytest.mark.req("RUN-9", "AUTH-12")
def test_database_url_without_secret_key_refuses_to_start(
    manifest: Manifest, tmp_path: Path, cluster: Cluster
) -> None:
    """Hosts that each generated a key of their own could not read each other's cookies."""
    url = cluster.url_for(str(tmp_path / "quotes.db"))
    output = refusal(manifest, tmp_path, tmp_path / "quotes.db", DATABASE_URL=url)
    assert_one_line_about(output, "SECRET_KEY", manifest)
