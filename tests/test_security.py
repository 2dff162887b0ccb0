"""Headers on every response, hostile input, and faults that must not leak."""

from __future__ import annotations

import contextlib
import json
import socket
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import httpx
import pytest

from servers import HOST, TLS, Server
from support import (
    BODY_LIMIT,
    FORM,
    SECURITY_HEADERS,
    cookie_header,
    csrf_field,
    html,
    keeps_connection_usable,
    login_form,
    media_type,
    new_client,
    post_login,
    problem,
    raw_exchange,
    status_of,
)

Call = Callable[[httpx.Client, httpx.Client], httpx.Response]
QUOTE = json.dumps({"text": "Secure by default.", "author": "The suite"})
JSON = {"content-type": "application/json"}

# One request for every kind of response: (name, call with (anonymous, signed-in) clients).
EVERY_KIND: list[tuple[str, Call]] = [
    ("page", lambda a, s: a.get("/")),
    ("signed-in page", lambda a, s: s.get("/")),
    ("login form", lambda a, s: a.get("/login")),
    ("static file", lambda a, s: a.get("/static/style.css")),
    ("head", lambda a, s: a.head("/")),
    ("json", lambda a, s: a.get("/api/quotes")),
    ("health", lambda a, s: a.get("/healthz")),
    ("created", lambda a, s: s.post("/api/quotes", content=QUOTE, headers=JSON)),
    (
        "deleted",
        lambda a, s: s.delete(
            f"/api/quotes/{s.post('/api/quotes', content=QUOTE, headers=JSON).json()['id']}"
        ),
    ),
    ("redirect", lambda a, s: post_login(a)),
    ("failed login", lambda a, s: post_login(a, password="nope")),
    ("csrf failure", lambda a, s: a.post("/login", content="username=demo", headers=FORM)),
    ("api 400", lambda a, s: a.get("/api/quotes?limit=x")),
    ("api 401", lambda a, s: a.post("/api/quotes", content=QUOTE, headers=JSON)),
    ("api 404", lambda a, s: a.get("/api/quotes/999999999")),
    ("api 405", lambda a, s: a.put("/api/quotes")),
    ("api 413", lambda a, s: s.post("/api/quotes", content=b" " * (BODY_LIMIT + 1), headers=JSON)),
    ("api 415", lambda a, s: s.post("/api/quotes", content=QUOTE)),
    ("api 422", lambda a, s: s.post("/api/quotes", content="{}", headers=JSON)),
    ("page 404", lambda a, s: a.get("/nothing-here")),
    ("page 405", lambda a, s: a.get("/logout")),
    ("page 413", lambda a, s: a.post("/login", content=b"a=" + b"b" * BODY_LIMIT, headers=FORM)),
]


@pytest.mark.req("SEC-1", "SEC-2")
@pytest.mark.parametrize("call", [c for _, c in EVERY_KIND], ids=[n for n, _ in EVERY_KIND])
def test_security_headers_everywhere(
    client: httpx.Client, signed_in: httpx.Client, call: Call
) -> None:
    """Every kind of response carries the four security headers, and text declares UTF-8."""
    response = call(client, signed_in)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (name, response.status_code)
    kind, charset = media_type(response)
    if kind.startswith("text/"):
        assert charset == "utf-8", response.headers.get("content-type")


@pytest.mark.req("SEC-3")
@pytest.mark.parametrize(
    ("method", "path", "body", "headers"),
    [
        ("GET", "/api/quotes?limit=%ZZ", None, {}),
        ("GET", "/api/quotes?author=%FF%FE", None, {}),
        ("GET", "/api/quotes?&&=&limit", None, {}),
        ("GET", "/api/quotes?offset=" + "9" * 5000, None, {}),
        ("GET", "/api/quotes/" + "9" * 5000, None, {}),
        ("GET", "/?%", None, {}),
        ("GET", "/%FF", None, {}),
        ("GET", "/api/quotes/%FF", None, {}),
        ("GET", "/login?next=%FF%00", None, {}),
        ("POST", "/login", b"username=%FF&password=%FE%00", FORM),
        ("POST", "/login", b"\xff\xfe=\xff", FORM),
        ("POST", "/login", b"--x\r\n", {"content-type": "multipart/form-data"}),
        ("POST", "/login", b"--x\r\n", {"content-type": "multipart/form-data; boundary=x"}),
        ("POST", "/login", b'{"username": "demo"}', JSON),
        ("POST", "/logout", b"\xff", FORM),
        ("POST", "/api/quotes", b"{}", {"content-type": "application/json; charset=klingon"}),
        ("PROPFIND", "/", None, {}),
        ("FOO", "/api/quotes", None, {}),
        ("OPTIONS", "/api/quotes", None, {}),
        ("GET", "/", None, {"accept": "\x00"}),
        ("GET", "/", None, {"cookie": "a=" + "\\" * 100}),
    ],
)
def test_hostile_input_is_never_a_5xx(
    server: Server, method: str, path: str, body: bytes | None, headers: dict[str, str]
) -> None:
    """Malformed and odd requests get a 4xx or a harmless success, never a server error."""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    data = head.encode("latin-1") + (
        f"Content-Length: {len(body)}\r\n\r\n".encode() + body if body is not None else b"\r\n"
    )
    status = status_of(raw_exchange(server.base_url, data))
    assert 200 <= status < 500, status
    assert httpx.get(f"{server.base_url}/healthz", verify=TLS).status_code == 200


@pytest.mark.req("SEC-3")
@pytest.mark.parametrize(
    "path",
    ["/?x=%FF", "/login?next=%FF%FE", "/api/quotes?author=%FF%FE", "/api/quotes?x=%C3%28"],
)
def test_invalid_utf8_query_is_not_a_404(server: Server, path: str) -> None:
    """Bytes in a query string that are not UTF-8 never make a page or route that exists vanish:
    a 400, or a success where the parameter is harmless."""
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    status = status_of(raw_exchange(server.base_url, request.encode()))
    assert status in (200, 400), status


@pytest.mark.req("SEC-1")
def test_request_without_host_has_security_headers(server: Server) -> None:
    """An HTTP/1.1 request without Host (a 400 by RFC 9112) gets the security headers when the
    app or framework answers it, with one of its pages or problems. A 400 that is neither (bare,
    or the parser's plain text: Tornado's, aiohttp's) is the HTTP server's own refusal (SPEC:
    the server's own refusals), which SEC-1 does not bind."""
    answer = raw_exchange(server.base_url, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
    head = answer.partition(b"\r\n\r\n")[0]
    lines = head.decode("latin-1").lower().splitlines()
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    assert status_of(answer) in (200, 400), lines[:1]
    kind = headers.get("content-type", "").split(";")[0].strip()
    if status_of(answer) == 400 and kind not in ("text/html", "application/problem+json"):
        return  # the server refused it before any app code ran
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value.lower(), (name, lines)


@pytest.mark.req("SEC-3")
def test_form_with_valid_token_and_bad_bytes(client: httpx.Client) -> None:
    """A login form whose fields are not UTF-8 fails as a login, not as a server error."""
    name, token = csrf_field(login_form(client))
    body = urlencode({name: token}) + "&username=%FF%FE&password=%C3%28"
    assert client.post("/login", content=body, headers=FORM).status_code in (400, 403)


@pytest.mark.req("SEC-5")
@pytest.mark.parametrize("path", ["/login", "/logout"])
def test_big_form_body_is_413(client: httpx.Client, path: str) -> None:
    """A form body over 65,536 bytes is refused with 413, on the HTML error page."""
    name, token = csrf_field(login_form(client))
    body = urlencode({name: token, "username": "demo", "password": "x" * BODY_LIMIT})
    response = client.post(path, content=body, headers=FORM)
    assert response.status_code == 413
    html(response)


@pytest.mark.req("SEC-5")
@pytest.mark.parametrize("size", [BODY_LIMIT + 1, 200_000, 1_000_000])
@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/login", FORM["content-type"]), ("/api/quotes", JSON["content-type"])],
)
def test_connection_survives_a_refused_body(
    server: Server, path: str, content_type: str, size: int
) -> None:
    """After refusing a big body, the server closes the connection openly or keeps serving it."""
    body = b"x" * size
    status = keeps_connection_usable(server.base_url, path, body, {"content-type": content_type})
    assert status in (401, 413), status


@pytest.mark.req("SEC-5", "API-8")
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
@pytest.mark.parametrize("path", ["/login", "/api/quotes"])
def test_body_of_several_mib_is_413(
    server: Server, signed_in: httpx.Client, path: str, chunked: bool
) -> None:
    """A body of 4 MiB is refused with a 413 like a body one byte over the limit, from a
    signed-in client whose form token is right: only its size is wrong."""
    name, token = csrf_field(login_form(signed_in))
    start = urlencode({name: token, "username": "demo", "password": ""}).encode()
    content_type = FORM["content-type"] if path == "/login" else JSON["content-type"]
    body = start + b"x" * (4 * 1024 * 1024)
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        f"Cookie: {cookie_header(signed_in.cookies)}\r\nConnection: close\r\n"
    )
    if chunked:
        step = 65_536
        pieces = [body[i : i + step] for i in range(0, len(body), step)]
        head += "Transfer-Encoding: chunked\r\n\r\n"
        body = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces) + b"0\r\n\r\n"
    else:
        head += f"Content-Length: {len(body)}\r\n\r\n"
    status = send_while_reading(server, head.encode() + body)
    assert status == 413, status


def send_while_reading(server: Server, request: bytes) -> int:
    """Send a request while reading the answer, so that a server that answers before it has
    read the whole body is heard even if it then stops reading; returns the status."""
    with socket.create_connection((HOST, server.port), timeout=30) as sock:

        def send() -> None:
            with contextlib.suppress(OSError):  # the server may close once it has answered
                sock.sendall(request)

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        answer = b""
        with contextlib.suppress(OSError):
            while b"\r\n" not in answer and (chunk := sock.recv(65536)):
                answer += chunk
        sender.join(timeout=30)
    return status_of(answer)


@pytest.mark.sqlite
@pytest.mark.req("SEC-4")
def test_fault_gives_500_without_traceback(server: Server, signed_in: httpx.Client) -> None:
    """With the database locked past its busy timeout, writes are a bare 500; the server goes on."""
    locked, release = threading.Event(), threading.Event()

    def hold_write_lock() -> None:
        db = sqlite3.connect(server.db_path, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        locked.set()
        release.wait(60)
        db.execute("ROLLBACK")
        db.close()

    holder = threading.Thread(target=hold_write_lock)
    holder.start()
    try:
        assert locked.wait(10)
        with new_client(server.base_url) as anonymous, ThreadPoolExecutor(2) as pool:
            api_call = pool.submit(signed_in.post, "/api/quotes", content=QUOTE, headers=JSON)
            login_call = pool.submit(post_login, anonymous)
            api, login = api_call.result(), login_call.result()
    finally:
        release.set()
        holder.join()
    problem(api, 500)
    assert login.status_code == 500
    html(login)
    for response in (api, login):
        for leak in ("Traceback", "sqlite3", "OperationalError", "database is locked", 'File "'):
            assert leak not in response.text
    assert signed_in.get("/healthz").status_code == 200
    assert signed_in.post("/api/quotes", content=QUOTE, headers=JSON).status_code == 201
