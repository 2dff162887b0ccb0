"""DATA-6: two hosts on one PostgreSQL database, each with its own disk (its own QUOTES_DB)
and the same SECRET_KEY, behave as one site. Run with --database postgresql (nox -s postgres)."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from tools.postgres import Cluster

from servers import SHARED, Manifest, Server
from support import (
    DEMO_USER,
    all_quotes,
    cookie_header,
    create_quote,
    logout,
    new_client,
    sign_in,
    users_on_every_worker,
)

pytestmark = pytest.mark.postgresql


@pytest.fixture(scope="module")
def hosts(
    manifest: Manifest, cluster: Cluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Server, Server]]:
    """Two servers started at the same moment on one new, empty database."""
    folder = tmp_path_factory.mktemp("hosts")
    env = {"DATABASE_URL": cluster.url_for(str(folder)), "SECRET_KEY": secrets.token_urlsafe(32)}
    pair = [Server(manifest, folder / f"host-{name}.db", env) for name in "ab"]
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(Server.start, pair))
        yield pair[0], pair[1]
    finally:
        for host in pair:
            host.kill()


@pytest.mark.req("DATA-6", "DATA-2")
def test_hosts_started_together_seed_once(hosts: tuple[Server, Server]) -> None:
    seed = json.loads((SHARED / "quotes.json").read_text(encoding="utf-8"))
    for host in hosts:
        with new_client(host.base_url) as client:
            assert all_quotes(client) == seed, host.base_url


@pytest.mark.req("DATA-6", "AUTH-8")
def test_a_login_on_one_host_is_signed_in_on_the_other(hosts: tuple[Server, Server]) -> None:
    first, second = hosts
    with new_client(first.base_url) as client:
        cookie = cookie_header(sign_in(client).cookies)
    assert set(users_on_every_worker(second.base_url, cookie, requests=4)) == {DEMO_USER}


@pytest.mark.req("DATA-6", "AUTH-10")
def test_a_logout_on_one_host_signs_out_the_other(hosts: tuple[Server, Server]) -> None:
    first, second = hosts
    with new_client(first.base_url) as client:
        cookies = sign_in(client).cookies
        cookie = cookie_header(cookies)
    # One jar for both: a cookie is the host's, whatever the port (RFC 6265, 8.5).
    with new_client(second.base_url, cookies=cookies) as client:
        assert logout(client).status_code == 303
    assert set(users_on_every_worker(first.base_url, cookie, requests=4)) == {None}


@pytest.mark.req("DATA-6", "DATA-5")
def test_writes_through_both_hosts_at_once_are_all_kept(hosts: tuple[Server, Server]) -> None:
    with new_client(hosts[0].base_url) as client:
        cookie = cookie_header(sign_in(client).cookies)

    def write(number: int) -> dict[str, object]:
        host = hosts[number % 2]
        with new_client(host.base_url, headers={"cookie": cookie}) as client:
            return create_quote(client, f"Written through host {number % 2}.", f"Writer {number}")

    with ThreadPoolExecutor(max_workers=8) as pool:
        written = list(pool.map(write, range(40)))
    assert len({quote["id"] for quote in written}) == 40
    for host in hosts:
        with new_client(host.base_url) as client:
            stored = all_quotes(client)
        assert [quote for quote in written if quote not in stored] == [], host.base_url
