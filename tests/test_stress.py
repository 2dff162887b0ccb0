"""HTTP under stress: malformed requests, many clients at once, and signals during load.

Selected with `-m stress`. Each test is bounded in requests and time. The tests that load,
stop or kill a server take a database's servers of the module's own in turn (`succession`);
the session's server only sees requests.
"""

from __future__ import annotations

import random
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import psutil
import pytest

from servers import STOP_TIMEOUT, TLS, WORKERS, Server, Succession
from support import (
    all_quotes,
    all_workers_of,
    cookie_header,
    database_intact,
    exchange,
    new_client,
    post_login,
    post_quote,
    wait_until,
    workers_of,
)

pytestmark = pytest.mark.stress

CLIENTS = 64
LOAD_SECONDS = 6.0  # at most: the load ends sooner once ENOUGH has been done
ENOUGH = {"requests": 16 * CLIENTS, "writes": 4 * CLIENTS, "logins": 2 * (CLIENTS // 16)}
PIPELINED = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"

# Requests whose framing is broken, each followed on the same connection by a good request
# that the server must not answer: it cannot know where the broken one ended (SEC-6).
BROKEN_FRAMING = {
    "garbage request line": b"\x16\x03\x01\x02\x00 not http\r\n\r\n",
    "words for a request line": b"HELLO THERE WORLD AGAIN\r\n\r\n",
    "header without a colon": b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nNo colon here\r\n\r\n",
    "content-length and transfer-encoding": (
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
    ),
}


def assert_healthy(server: Server, workers: set[int]) -> None:
    """/healthz answers on fresh connections, and every worker the server had is still there."""
    for _ in range(4):
        assert httpx.get(f"{server.base_url}/healthz", timeout=10, verify=TLS).status_code == 200
    assert workers <= workers_of(server), "a worker process died"


@pytest.mark.req("SEC-6")
@pytest.mark.parametrize("request_bytes", BROKEN_FRAMING.values(), ids=BROKEN_FRAMING.keys())
def test_broken_framing_is_refused(server: Server, request_bytes: bytes) -> None:
    """A request the server cannot parse gets a 4xx or a closed connection, and nothing more."""
    workers = workers_of(server)
    statuses = exchange(server.base_url, request_bytes + PIPELINED)
    assert statuses == [] or (len(statuses) == 1 and 400 <= statuses[0] < 500), statuses
    assert_healthy(server, workers)


@pytest.mark.req("SEC-6")
@pytest.mark.parametrize("path", ["/", "/api/quotes"])
def test_100_kb_request_target_is_refused(server: Server, path: str) -> None:
    """A 100 KB request target gets a 4xx or a closed connection, and the server carries on."""
    workers = workers_of(server)
    target = f"{path}?author={'a' * 100_000}".encode()
    request = b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    statuses = exchange(server.base_url, request)
    assert statuses == [] or 400 <= statuses[0] < 500, statuses
    assert_healthy(server, workers)


@pytest.mark.req("SEC-6")
@pytest.mark.parametrize("path", ["/login", "/api/quotes"])
def test_body_shorter_than_its_length_is_refused(server: Server, path: str) -> None:
    """A body that ends (the client stops sending) before its Content-Length: 4xx or closed."""
    workers = workers_of(server)
    request = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
        "username=demo&password="
    ).encode()
    statuses = exchange(server.base_url, request, end_of_stream=True)
    assert statuses == [] or 400 <= statuses[0] < 500, statuses
    assert_healthy(server, workers)


# -- many clients ------------------------------------------------------------------------


class Load:
    """What 64 clients did: every status, every failure, and every quote answered with 201.
    It goes on for `seconds`, or until it has done `enough` (counted in requests, writes
    answered with 201 and logins): a count rather than a time, so that a fast server is not
    kept busy longer than the check needs and a slow one still gets the whole time."""

    def __init__(
        self, base_url: str, cookie: str, seconds: float, enough: dict[str, int] | None = None
    ) -> None:
        self.base_url, self.cookie = base_url, cookie
        self.deadline = time.monotonic() + seconds
        self.enough = enough
        self.statuses: list[int] = []
        self.failures: list[str] = []
        self.created: list[dict[str, Any]] = []
        self.logins = 0
        self.lock = threading.Lock()

    def going_on(self) -> bool:
        if time.monotonic() >= self.deadline:
            return False
        done = {"requests": len(self.statuses), "writes": len(self.created), "logins": self.logins}
        return self.enough is None or any(done[k] < n for k, n in self.enough.items())

    def record(self, response: httpx.Response) -> httpx.Response:
        with self.lock:
            self.statuses.append(response.status_code)
            if response.status_code >= 500:
                self.failures.append(f"{response.request.method} {response.request.url.path}")
        return response

    def write(self, client: httpx.Client, label: str) -> None:
        sent = {"text": f"Written under load by {label}.", "author": "The load test"}
        response = self.record(post_quote(client, sent))
        if response.status_code == 201:
            with self.lock:
                self.created.append(response.json())

    def read(self, client: httpx.Client, rng: random.Random) -> None:
        path = rng.choice(
            ["/api/quotes?limit=5", "/api/quotes/random", "/", "/api/quotes/3", "/login"]
        )
        self.record(client.get(path))

    def client(self, number: int) -> None:
        """One client's loop: every 16th signs in by the form now and then, others read or write."""
        rng = random.Random(number)  # noqa: S311 (which page to read, not a secret)
        try:
            with new_client(self.base_url) as client:
                logins = 0
                while self.going_on():
                    if number % 16 == 0 and logins < 2:  # a login costs a PBKDF2 hash: few
                        client.cookies.clear()
                        self.record(post_login(client))
                        logins += 1
                        with self.lock:
                            self.logins += 1
                        self.write(client, f"client {number} after login {logins}")
                    elif number % 4 == 1:
                        client.headers["cookie"] = self.cookie
                        self.write(client, f"client {number}")
                    else:
                        self.read(client, rng)
        except (httpx.HTTPError, AssertionError) as error:
            with self.lock:
                self.failures.append(f"client {number}: {error!r}")


def missing(created: list[dict[str, Any]], stored: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The quotes answered with 201 that the server no longer has, exactly as answered."""
    by_id = {quote["id"]: quote for quote in stored}
    return [quote for quote in created if by_id.get(quote["id"]) != quote]


def signed_in_cookie(base_url: str) -> str:
    with new_client(base_url) as client:
        assert post_login(client).status_code == 303
        return cookie_header(client.cookies)


@pytest.mark.req("RUN-7", "DATA-5", "SEC-3")
def test_many_clients_at_once(succession: Succession) -> None:
    """64 clients reading, signing in and writing at once: no 5xx, no lost write, no dead worker."""
    server = succession.current()
    workers = workers_of(server)
    before = httpx.get(f"{server.base_url}/api/quotes", verify=TLS).json()["total"]
    load = Load(server.base_url, signed_in_cookie(server.base_url), LOAD_SECONDS, ENOUGH)
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(load.client, range(CLIENTS)))

    assert load.failures == []
    assert len(load.statuses) > CLIENTS and len(load.created) > CLIENTS // 4
    assert load.logins > 0, "nobody signed in under load"
    assert workers <= workers_of(server), "a worker process died under load"
    with new_client(server.base_url) as client:
        assert missing(load.created, all_quotes(client)) == []
        assert client.get("/api/quotes").json()["total"] == before + len(load.created)


@pytest.mark.req("RUN-3", "DATA-3")
def test_sigterm_under_load_keeps_the_database(succession: Succession) -> None:
    """SIGTERM while clients write ends the server in time, the database intact, writes kept."""
    server = succession.current()
    load = Load(server.base_url, signed_in_cookie(server.base_url), seconds=STOP_TIMEOUT + 5)

    def writer(number: int) -> None:
        with new_client(server.base_url, headers={"cookie": load.cookie}) as client:
            while load.going_on():
                try:
                    load.write(client, f"writer {number}")
                except httpx.TransportError:
                    return  # the server has gone: that is the point

    with ThreadPoolExecutor(max_workers=16) as pool:
        for number in range(16):
            pool.submit(writer, number)
        wait_until(lambda: len(load.created) >= 32, timeout=STOP_TIMEOUT)  # busy writing
        took = server.stop()
    assert took <= STOP_TIMEOUT, f"SIGTERM under load did not stop the server in {STOP_TIMEOUT}s"
    assert load.created, "no write succeeded before SIGTERM"

    assert database_intact(server)
    again = succession.start()
    with new_client(again.base_url) as client:
        assert missing(load.created, all_quotes(client)) == []


@pytest.mark.req("RUN-6")
def test_killed_worker_is_replaced(succession: Succession) -> None:
    """A worker killed with SIGKILL is replaced within 10 s, and the service answers meanwhile."""
    server = succession.current()
    before = all_workers_of(server)
    assert len(before) >= WORKERS, before
    victim = min(before)
    psutil.Process(victim).send_signal(signal.SIGKILL)

    deadline, statuses = time.monotonic() + STOP_TIMEOUT, []
    while time.monotonic() < deadline:
        statuses.append(httpx.get(f"{server.base_url}/healthz", timeout=10, verify=TLS).status_code)
        now = workers_of(server)
        if victim not in now and len(now) >= len(before):
            break
        time.sleep(0.1)
    assert victim not in now and len(now) >= len(before), f"workers {before} became {now}"
    assert set(statuses) == {200}, statuses

    def ask(_: int) -> int:  # fresh connections, so that the new worker answers too
        return httpx.get(f"{server.base_url}/api/quotes/random", timeout=10, verify=TLS).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert set(pool.map(ask, range(24))) == {200}
