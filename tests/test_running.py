"""The production server as an operator sees it: workers, restarts, keys and shutdown."""

from __future__ import annotations

import httpx
import pytest

from servers import STOP_TIMEOUT, TLS, WORKERS, Server, Succession
from support import (
    all_quotes,
    all_workers_of,
    cookie_header,
    create_quote,
    html,
    new_client,
    problem,
    sign_in,
    signed_in_user,
    users_on_every_worker,
)


@pytest.mark.req("RUN-2")
def test_serve_runs_several_workers(server: Server) -> None:
    """The serve command runs at least two worker processes under the one it started, each
    listening on the port."""
    assert len(all_workers_of(server)) >= WORKERS, [p.cmdline() for p in server.processes()]
    assert server.base_url.startswith("http://127.0.0.1:")


def restart(servers: Succession, **env: str) -> Server:
    """Stop the running server with SIGTERM (RUN-3) and start another on the same database."""
    took = servers.current().stop()
    assert took <= STOP_TIMEOUT, f"SIGTERM did not stop every process within {STOP_TIMEOUT}s"
    return servers.start(**env)


@pytest.mark.req("RUN-3", "DATA-3", "AUTH-12")
def test_restart_keeps_data_and_sessions(succession: Succession) -> None:
    """Writes and sessions survive a restart with the generated key; a new key ends the sessions."""
    first = succession.current()
    with new_client(first.base_url) as client:
        sign_in(client)
        cookie = cookie_header(client.cookies)
        added = create_quote(client, "Written before the restart.", "The suite")
        deleted = all_quotes(client)[0]["id"]
        assert client.delete(f"/api/quotes/{deleted}").status_code == 204

    second = restart(succession)
    with new_client(second.base_url, headers={"cookie": cookie}) as client:
        assert client.get(f"/api/quotes/{added['id']}").json() == added
        problem(client.get(f"/api/quotes/{deleted}"), 404)
    assert set(users_on_every_worker(second.base_url, cookie)) == {"demo"}

    third = restart(succession, SECRET_KEY="a-key-from-the-environment-" + "x" * 20)
    assert set(users_on_every_worker(third.base_url, cookie)) == {None}
    with new_client(third.base_url) as client:
        sign_in(client)
        cookie = cookie_header(client.cookies)
    fourth = restart(succession, SECRET_KEY="a-key-from-the-environment-" + "x" * 20)
    assert set(users_on_every_worker(fourth.base_url, cookie)) == {"demo"}


@pytest.mark.req("DATA-2", "API-4", "PAGE-2")
def test_emptied_database_stays_empty(succession: Succession) -> None:
    """All quotes deleted: random is a 404, the page lists none, and a restart does not re-seed."""
    server = succession.current()
    with new_client(server.base_url) as client:
        sign_in(client)
        for quote in all_quotes(client):
            assert client.delete(f"/api/quotes/{quote['id']}").status_code == 204
        assert client.get("/api/quotes").json() == {
            "items": [],
            "total": 0,
            "limit": 20,
            "offset": 0,
        }
        problem(client.get("/api/quotes/random"), 404)
        response = client.get("/")
        assert response.status_code == 200 and html(response).select("blockquote") == []
        assert signed_in_user(client) == "demo"
    again = restart(succession)
    with new_client(again.base_url) as client:
        assert client.get("/api/quotes").json()["total"] == 0
        problem(client.get("/api/quotes/random"), 404)


@pytest.mark.req("RUN-3")
def test_sigterm_stops_a_busy_server(succession: Succession) -> None:
    """SIGTERM stops the server and every process it started, even with a client connected."""
    server = succession.current()
    processes = server.processes()
    with httpx.Client(base_url=server.base_url, verify=TLS) as idle_keepalive:
        assert idle_keepalive.get("/healthz").status_code == 200
        assert server.stop() <= STOP_TIMEOUT
    assert not [p for p in processes if p.is_running() and p.status() != "zombie"]
