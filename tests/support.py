"""Small helpers the tests share: reading pages, signing in, checking problems, raw HTTP."""

from __future__ import annotations

import http.client
import json
import socket
import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import httpx
import psutil
from bs4 import BeautifulSoup, Tag

from openapi_check import check_response
from servers import TLS, WORKERS, Server

DEMO_USER = "demo"
DEMO_PASSWORD = "correct horse battery staple"
LOGIN_ERROR = "Invalid username or password."
BODY_LIMIT = 65_536
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
}
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "content-security-policy": "default-src 'self'",
}


def new_client(base_url: str, **kwargs: Any) -> httpx.Client:
    """A client like a browser's: its own cookies, no redirects followed, JSON checked."""
    return httpx.Client(
        base_url=base_url,
        follow_redirects=False,
        timeout=30,
        verify=TLS,
        event_hooks={"response": [check_response]},
        **kwargs,
    )


# -- pages ---------------------------------------------------------------------------------


def media_type(response: httpx.Response) -> tuple[str, str | None]:
    """The Content-Type's media type and charset, lower-cased, read as HTTP defines them: with
    or without spaces, and with the parameter's value bare or quoted (`charset="utf-8"`)."""
    if "content-type" not in response.headers:
        return "", None
    header = Message()
    header["content-type"] = response.headers["content-type"]
    charset = header.get_param("charset")
    return header.get_content_type(), str(charset).lower() if charset else None


def html(response: httpx.Response) -> BeautifulSoup:
    kind = media_type(response)
    assert kind == ("text/html", "utf-8"), response.headers.get("content-type")
    return BeautifulSoup(response.text, "html.parser")


def one(page: BeautifulSoup | Tag, selector: str) -> Tag:
    found = page.select(selector)
    assert len(found) == 1, f"expected one {selector!r}, found {len(found)}"
    return found[0]


def hidden_inputs(form: Tag) -> dict[str, str]:
    return {
        i["name"]: i.get("value", "") for i in form.select("input[type=hidden]") if i.get("name")
    }


def csrf_field(form: Tag) -> tuple[str, str]:
    """The form's one hidden CSRF input (its name is the framework's own): (name, value)."""
    fields = {k: v for k, v in hidden_inputs(form).items() if k != "next"}
    assert len(fields) == 1, f"expected exactly one hidden CSRF input, found {sorted(fields)}"
    return next(iter(fields.items()))


def login_form(client: httpx.Client, query: str = "") -> Tag:
    response = client.get("/login" + query)
    assert response.status_code == 200
    return one(html(response), "form#login-form")


def post_login(
    client: httpx.Client,
    username: str | None = DEMO_USER,
    password: str | None = DEMO_PASSWORD,
    next_path: str | None = None,
    csrf: bool = True,
) -> httpx.Response:
    """Fill in and send the login form the way a browser would."""
    name, token = csrf_field(login_form(client))
    fields = {name: token} if csrf else {}
    for key, value in (("username", username), ("password", password), ("next", next_path)):
        if value is not None:
            fields[key] = value
    return client.post("/login", content=urlencode(fields), headers=FORM)


FORM = {"content-type": "application/x-www-form-urlencoded"}


def sign_in(client: httpx.Client) -> httpx.Client:
    response = post_login(client)
    assert response.status_code == 303, response.text
    return client


def signed_in_user(client: httpx.Client) -> str | None:
    """Who the home page says is signed in (None when it shows the login link)."""
    response = client.get("/")
    assert response.status_code == 200
    page = html(response)
    users, links = page.select("#current-user"), page.select("#login-link")
    assert len(users) + len(links) == 1, "a page shows exactly one of #current-user and #login-link"
    return users[0].get_text(strip=True) if users else None


def logout(client: httpx.Client) -> httpx.Response:
    form = one(html(client.get("/")), "form#logout-form")
    name, token = csrf_field(form)
    return client.post("/logout", content=urlencode({name: token}), headers=FORM)


def cookie_header(cookies: httpx.Cookies) -> str:
    return "; ".join(f"{c.name}={c.value}" for c in cookies.jar)


def users_on_every_worker(base_url: str, cookie: str, requests: int = 12) -> list[str | None]:
    """Who is signed in, asked in parallel over fresh connections so that every worker answers."""

    def ask(_: int) -> str | None:
        with new_client(base_url, headers={"cookie": cookie} if cookie else {}) as client:
            return signed_in_user(client)

    with ThreadPoolExecutor(max_workers=requests) as pool:
        return list(pool.map(ask, range(requests)))


def set_cookies(response: httpx.Response) -> list[dict[str, str]]:
    """Each Set-Cookie header as {"name": ..., attribute (lower case): value}."""
    cookies = []
    for header in response.headers.get_list("set-cookie"):
        first, *attributes = [part.strip() for part in header.split(";")]
        cookie = {"name": first.split("=", 1)[0]}
        for attribute in attributes:
            key, _, value = attribute.partition("=")
            cookie[key.strip().lower()] = value.strip()
        cookies.append(cookie)
    return cookies


def location_of(response: httpx.Response) -> str:
    """The redirect target as path?query, checking that it stays on this host."""
    target = urlsplit(urljoin(str(response.request.url), response.headers["location"]))
    origin = urlsplit(str(response.request.url))
    assert (target.scheme, target.netloc) == (origin.scheme, origin.netloc), target
    return target.path + (f"?{target.query}" if target.query else "")


# -- the API ---------------------------------------------------------------------------------


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """Check an RFC 9457 problem with this status (API-17) and return it."""
    assert response.status_code == status, f"{response.status_code}: {response.text[:300]}"
    assert response.headers["content-type"].split(";")[0].strip() == "application/problem+json"
    body = response.json()
    assert body["type"] == "about:blank"
    assert body["title"] == TITLES[status]
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"].strip()
    return body


def assert_allow(response: httpx.Response, allowed: set[str], refused: str) -> None:
    """A 405's Allow header lists at least `allowed`, and not the method it refused."""
    allow = {method.strip().upper() for method in response.headers["allow"].split(",")}
    assert allowed <= allow and refused not in allow, allow


def post_quote(client: httpx.Client, payload: Any, **kwargs: Any) -> httpx.Response:
    return client.post(
        "/api/quotes",
        content=json.dumps(payload).encode(),
        headers={"content-type": "application/json"},
        **kwargs,
    )


def create_quote(client: httpx.Client, text: str, author: str) -> dict[str, Any]:
    response = post_quote(client, {"text": text, "author": author})
    assert response.status_code == 201, response.text
    return response.json()


def all_quotes(client: httpx.Client) -> list[dict[str, Any]]:
    quotes, offset = [], 0
    while True:
        page = client.get("/api/quotes", params={"limit": 100, "offset": offset}).json()
        quotes += page["items"]
        offset += 100
        if offset >= page["total"]:
            return quotes


# -- below HTTP libraries ----------------------------------------------------------------------


def raw_get(base_url: str, path: str) -> tuple[int, bytes]:
    """GET a path exactly as written (httpx would normalise `..` away)."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def keeps_connection_usable(base_url: str, path: str, body: bytes, headers: dict[str, str]) -> int:
    """POST a body, then ask for /healthz on the same connection, as a browser would reuse it.

    A server may close the connection after refusing a body, but then it must say so
    (Connection: close); closing one it answered as keep-alive fails the client's next request.
    Returns the first response's status.
    """
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("POST", path, body=body, headers=headers)
        first = connection.getresponse()
        first.read()
        if first.will_close:  # the server said Connection: close
            return first.status
        connection.request("GET", "/healthz")
        second = connection.getresponse()
        assert second.status == 200, second.status
        second.read()
        return first.status
    finally:
        connection.close()


def raw_exchange(base_url: str, request: bytes) -> bytes:
    """Send bytes on a fresh connection and return all that comes back before it closes.

    The request should say `Connection: close`; the socket stays open for writing, since some
    servers take a half-closed connection for a client that has gone away.
    """
    parts = urlsplit(base_url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def status_of(raw_response: bytes) -> int:
    return int(raw_response.split(b" ", 2)[1]) if raw_response.startswith(b"HTTP/") else 0


class _SharedReader:
    """One buffered reader for several responses on a socket (http.client closes its own)."""

    def __init__(self, sock: socket.socket) -> None:
        self.file = sock.makefile("rb")

    def makefile(self, *_: Any) -> _SharedReader:
        return self

    def __getattr__(self, name: str) -> Any:
        return getattr(self.file, name)

    def close(self) -> None:
        """Left open for the next response; the socket's own close ends it."""


def exchange(base_url: str, request: bytes, end_of_stream: bool = False) -> list[int]:
    """Send bytes on a fresh connection; the statuses of every response before it closes.

    With `end_of_stream`, the client then stops sending (a half-close), as one whose body ran
    short would. A server that neither answers nor closes within 10 s fails the caller.
    """
    parts = urlsplit(base_url)
    statuses: list[int] = []
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(request)
        if end_of_stream:
            sock.shutdown(socket.SHUT_WR)
        reader = _SharedReader(sock)
        started = time.monotonic()
        while True:
            response = http.client.HTTPResponse(reader, method="GET")  # type: ignore[arg-type]
            try:
                response.begin()
                response.read()
            except ConnectionError:  # RemoteDisconnected too: closed, nothing more answered
                return statuses
            except (http.client.HTTPException, TimeoutError) as error:
                waited = time.monotonic() - started
                raise AssertionError(f"after {statuses}: {error!r} ({waited:.1f} s)") from None
            statuses.append(response.status)
            if response.will_close:
                return statuses


def wait_until(condition: Callable[[], object], timeout: float) -> bool:
    """Poll `condition` every 50 ms until it holds or `timeout` seconds pass; whether it held.
    Tests wait on what they need, never for a fixed time."""
    deadline = time.monotonic() + timeout
    while not (held := bool(condition())) and time.monotonic() < deadline:
        time.sleep(0.05)
    return held


def all_workers_of(server: Server, timeout: float = 10.0) -> set[int]:
    """The server's workers once all of them listen: a server answers /healthz as soon as its
    first worker is up, and may start the others a moment later."""
    wait_until(lambda: len(workers_of(server)) >= WORKERS, timeout)
    return workers_of(server)


def workers_of(server: Server) -> set[int]:
    """The server's worker processes: those under its main process that hold its listening port."""
    workers = set()
    for process in server.processes()[1:]:
        try:
            listening = process.net_connections(kind="tcp")
        except psutil.NoSuchProcess:
            continue
        if any(c.status == psutil.CONN_LISTEN and c.laddr.port == server.port for c in listening):
            workers.add(process.pid)
    return workers


def database_intact(server: Server) -> bool:
    """The stopped server's database passes its engine's own check: SQLite's integrity_check,
    or on PostgreSQL amcheck's check of every index of the app's tables against their rows."""
    if server.database_url:
        import psycopg  # here: the sessions that never use PostgreSQL do not install it

        with psycopg.connect(server.database_url, autocommit=True) as db:
            db.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
            checked = db.execute(
                "SELECT bt_index_check(index.oid, heapallindexed => true) FROM pg_class index"
                " JOIN pg_am method ON method.oid = index.relam"
                " WHERE method.amname = 'btree' AND index.relkind = 'i'"
                " AND index.relnamespace = 'public'::regnamespace"
            ).fetchall()
        return len(checked) > 0  # bt_index_check raises on any inconsistency
    with sqlite3.connect(server.db_path) as db:
        return db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
