"""Logging in and out: the form, CSRF, redirects, cookies and server-side sessions."""

from __future__ import annotations

import random
import sqlite3
import stat
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import httpx
import pytest

from servers import Server
from support import (
    DEMO_PASSWORD,
    DEMO_USER,
    FORM,
    LOGIN_ERROR,
    cookie_header,
    csrf_field,
    hidden_inputs,
    html,
    location_of,
    login_form,
    logout,
    new_client,
    one,
    post_login,
    set_cookies,
    sign_in,
    signed_in_user,
    users_on_every_worker,
)


@pytest.mark.req("AUTH-1")
def test_login_form(client: httpx.Client) -> None:
    """The login form posts username, password and one hidden CSRF token to /login."""
    form = login_form(client)
    assert form["method"].lower() == "post" and form["action"] == "/login"
    one(form, "input[name=username]")
    assert one(form, "input[name=password]")["type"] == "password"
    assert form.select("button[type=submit], button:not([type]), input[type=submit]")
    name, token = csrf_field(form)
    assert name not in ("username", "password") and len(token) >= 16
    assert "next" not in hidden_inputs(form)


@pytest.mark.req("AUTH-1")
def test_login_form_carries_next(client: httpx.Client) -> None:
    """?next= comes back as a hidden input."""
    form = login_form(client, "?" + urlencode({"next": "/api/quotes?limit=5"}))
    assert hidden_inputs(form)["next"] == "/api/quotes?limit=5"


@pytest.mark.smoke
@pytest.mark.req("AUTH-4", "PAGE-3")
def test_login_signs_in(client: httpx.Client) -> None:
    """The right password answers 303 and the pages then show the user."""
    assert signed_in_user(client) is None
    response = post_login(client)
    assert response.status_code == 303
    assert signed_in_user(client) == DEMO_USER


@pytest.mark.req("AUTH-2")
@pytest.mark.parametrize("token", ["missing", "wrong", "other session", "empty"])
def test_login_needs_csrf_token(server: Server, client: httpx.Client, token: str) -> None:
    """Without this session's CSRF token, even the right password is a 403 page and no login."""
    name, real = csrf_field(login_form(client))
    fields = {"username": DEMO_USER, "password": DEMO_PASSWORD}
    if token == "wrong":
        fields[name] = "".join(random.sample(real, len(real)))
    elif token == "other session":
        with new_client(server.base_url) as other:
            fields[name] = csrf_field(login_form(other))[1]
    elif token == "empty":
        fields[name] = ""
    response = client.post("/login", content=urlencode(fields), headers=FORM)
    assert response.status_code == 403
    one(html(response), "main")
    assert signed_in_user(client) is None


@pytest.mark.req("AUTH-2")
def test_login_token_needs_its_session(server: Server, client: httpx.Client) -> None:
    """A token sent without the session cookie it belongs to is refused."""
    name, token = csrf_field(login_form(client))
    with new_client(server.base_url) as cookieless:
        fields = {name: token, "username": DEMO_USER, "password": DEMO_PASSWORD}
        assert cookieless.post("/login", content=urlencode(fields), headers=FORM).status_code == 403


@pytest.mark.req("AUTH-3")
@pytest.mark.parametrize(
    ("username", "password"),
    [
        (DEMO_USER, "wrong password 1"),
        ("nobody", "wrong password 2"),
        (None, "wrong password 3"),
        (DEMO_USER, None),
        (None, None),
        ("", ""),
    ],
)
def test_failed_login(client: httpx.Client, username: str | None, password: str | None) -> None:
    """A failed login is a 400 with the form again, one message for all cases, no password echo."""
    response = post_login(client, username, password, next_path="/api/quotes")
    assert response.status_code == 400
    page = html(response)
    alert = one(page, "p.error[role=alert]")
    assert alert.get_text(strip=True) == LOGIN_ERROR
    form = one(page, "form#login-form")
    assert one(form, "input[name=username]").get("value", "") == (username or "")
    assert hidden_inputs(form)["next"] == "/api/quotes"
    if password:
        assert password not in response.text
    assert signed_in_user(client) is None


@pytest.mark.req("AUTH-5")
@pytest.mark.parametrize(
    "target",
    ["/", "/api/quotes/1", "/api/quotes?limit=5&offset=1", "/login?next=/x", "/%2F%2Fstill-local"],
)
def test_login_redirects_to_local_next(client: httpx.Client, target: str) -> None:
    """After login the browser goes to a local `next`."""
    response = post_login(client, next_path=target)
    assert response.status_code == 303
    assert location_of(response) == target


@pytest.mark.req("AUTH-5")
@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "///evil.example",
        "https://evil.example/",
        "http:/evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "/x\\..\\evil",
        "javascript:alert(1)",
        "/\t/evil.example",
        "/ok\r\nSet-Cookie: x=y",
        "",
        "evil.example/path",
    ],
)
def test_login_never_redirects_off_site(client: httpx.Client, target: str) -> None:
    """A `next` that is not a local path sends the browser to / instead (no open redirect)."""
    response = post_login(client, next_path=target)
    assert response.status_code == 303
    assert location_of(response) == "/"
    assert "x=y" not in response.headers.get("set-cookie", "")


def assert_cookie_flags(response: httpx.Response, secure: bool) -> int:
    for cookie in set_cookies(response):
        assert "httponly" in cookie, cookie
        assert cookie.get("samesite", "").lower() == "lax", cookie
        assert cookie.get("path") == "/", cookie
        assert ("secure" in cookie) == secure, cookie
    return len(set_cookies(response))


@pytest.mark.req("AUTH-6")
def test_cookie_flags(client: httpx.Client) -> None:
    """Every cookie is HttpOnly, SameSite=Lax, Path=/, and not Secure by default."""
    count = assert_cookie_flags(client.get("/login"), secure=False)
    login = post_login(client)
    count += assert_cookie_flags(login, secure=False)
    assert login.status_code == 303
    count += assert_cookie_flags(client.get("/"), secure=False)
    count += assert_cookie_flags(logout(client), secure=False)
    assert count >= 2, "the login form and the login itself set cookies"


@pytest.mark.req("AUTH-6")
def test_secure_cookie_flag(start_server: Callable[..., Server]) -> None:
    """With SESSION_COOKIE_SECURE=1 every cookie is also Secure."""
    secure = start_server(SESSION_COOKIE_SECURE="1")
    with new_client(secure.base_url) as client:
        page = client.get("/login")
        assert assert_cookie_flags(page, secure=True) >= 1
        # httpx sends Secure cookies over https only, so send them back by hand.
        cookie = "; ".join(h.split(";", 1)[0] for h in page.headers.get_list("set-cookie"))
        name, token = csrf_field(one(html(page), "form#login-form"))
        fields = {name: token, "username": DEMO_USER, "password": DEMO_PASSWORD}
        response = client.post(
            "/login", content=urlencode(fields), headers={**FORM, "cookie": cookie}
        )
        assert response.status_code == 303
        assert assert_cookie_flags(response, secure=True) >= 1


@pytest.mark.req("AUTH-7")
def test_login_rotates_session(server: Server, client: httpx.Client) -> None:
    """The cookies held before logging in are not signed in afterwards (no session fixation)."""
    login_form(client)
    before = cookie_header(client.cookies)
    assert before, "the login form should start a session"
    sign_in(client)
    assert signed_in_user(client) == DEMO_USER
    assert set(users_on_every_worker(server.base_url, before, requests=4)) == {None}


@pytest.mark.req("AUTH-7")
def test_second_login_rotates_the_session(server: Server, own_login: httpx.Client) -> None:
    """Logging in again while signed in rotates the session too: the earlier cookies no longer
    sign in, the new ones do."""
    before = cookie_header(own_login.cookies)
    sign_in(own_login)
    after = cookie_header(own_login.cookies)
    assert after != before
    assert set(users_on_every_worker(server.base_url, after, requests=4)) == {DEMO_USER}
    assert set(users_on_every_worker(server.base_url, before, requests=4)) == {None}


@pytest.mark.req("AUTH-8")
def test_two_first_logins_both_stay_signed_in(start_server: Callable[..., Server]) -> None:
    """Two clients logging in at the same moment, the first logins of a new server, both stay
    signed in (a password rehash at the first login must not sign the other one out)."""
    fresh = start_server()
    with new_client(fresh.base_url) as one_client, new_client(fresh.base_url) as other:
        forms = [csrf_field(login_form(c)) for c in (one_client, other)]

        def log_in(pair: tuple[httpx.Client, tuple[str, str]]) -> int:
            client, (name, token) = pair
            fields = {name: token, "username": DEMO_USER, "password": DEMO_PASSWORD}
            return client.post("/login", content=urlencode(fields), headers=FORM).status_code

        with ThreadPoolExecutor(max_workers=2) as pool:
            assert list(pool.map(log_in, zip((one_client, other), forms, strict=True))) == [303] * 2
        for client in (one_client, other):
            cookie = cookie_header(client.cookies)
            assert set(users_on_every_worker(fresh.base_url, cookie, requests=4)) == {DEMO_USER}


@pytest.mark.sqlite
@pytest.mark.req("AUTH-12")
def test_generated_key_lives_beside_the_database(server: Server) -> None:
    """Without SECRET_KEY the key is generated into a file of its own beside the database,
    readable by its owner only, and is nowhere in the database (a copy of it forges nothing)."""
    key_file = server.db_path.with_suffix(".secret-key")
    assert key_file.is_file(), f"no {key_file.name} beside {server.db_path.name}"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text(encoding="ascii").strip()
    assert len(key) >= 32
    database = [server.db_path, *server.db_path.parent.glob(server.db_path.name + "-*")]
    for path in database:
        assert key.encode() not in path.read_bytes(), path.name
    with sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):
                assert key not in map(str, row), table


@pytest.mark.req("AUTH-8")
def test_session_works_on_every_worker(server: Server, signed_in: httpx.Client) -> None:
    """A session is signed in whichever worker answers."""
    cookie = cookie_header(signed_in.cookies)
    assert set(users_on_every_worker(server.base_url, cookie)) == {DEMO_USER}


@pytest.mark.req("AUTH-9")
def test_logout(own_login: httpx.Client) -> None:
    """Logging out with the token answers 303 to / and signs out."""
    response = logout(own_login)
    assert response.status_code == 303 and location_of(response) == "/"
    assert signed_in_user(own_login) is None


@pytest.mark.req("AUTH-9")
@pytest.mark.parametrize("token", ["missing", "wrong", "login form's of another session"])
def test_logout_needs_csrf_token(server: Server, own_login: httpx.Client, token: str) -> None:
    """Logging out without the right token is a 403 page, and the session stays signed in."""
    form = one(html(own_login.get("/")), "form#logout-form")
    name, real = csrf_field(form)
    fields = {}
    if token == "wrong":
        fields[name] = real[::-1]
    elif token != "missing":
        with new_client(server.base_url) as other:
            fields[name] = csrf_field(login_form(other))[1]
    response = own_login.post("/logout", content=urlencode(fields), headers=FORM)
    assert response.status_code == 403
    one(html(response), "main")
    assert signed_in_user(own_login) == DEMO_USER


@pytest.mark.req("AUTH-10")
def test_logout_ends_session_on_server(server: Server, own_login: httpx.Client) -> None:
    """Replaying the cookies from before logout is signed out, on every worker."""
    before = cookie_header(own_login.cookies)
    assert logout(own_login).status_code == 303
    assert set(users_on_every_worker(server.base_url, before)) == {None}


def tampered(value: str) -> list[str]:
    middle = len(value) // 2
    flipped = value[:middle] + ("A" if value[middle] != "A" else "B") + value[middle + 1 :]
    return [
        value[:-1],
        value + "x",
        flipped,
        value[: len(value) // 3],
        "garbage",
        "",
        "A" * 3000,
        "e30.e30.e30",
    ]


@pytest.mark.req("AUTH-11")
def test_tampered_cookies_are_signed_out(server: Server, signed_in: httpx.Client) -> None:
    """A cookie changed in any way is never an error, and a changed session cookie is signed out."""
    jar = {c.name: c.value for c in signed_in.cookies.jar}
    signs_out = {}
    for name, value in jar.items():
        users = []
        for bad in tampered(value):
            cookie = "; ".join(f"{n}={bad if n == name else v}" for n, v in jar.items())
            with new_client(server.base_url, headers={"cookie": cookie}) as client:
                response = client.get("/")
                assert response.status_code == 200, (name, bad, response.status_code)
                users.append(signed_in_user(client))
        signs_out[name] = [
            bad[:40] for bad, user in zip(tampered(value), users, strict=True) if user
        ]
    assert [] in signs_out.values(), f"tampered cookies still signed in: {signs_out}"


@pytest.mark.req("AUTH-11")
def test_foreign_cookies_are_ignored(server: Server) -> None:
    """Cookies the app never set, under any name, do no harm."""
    cookie = "session=abc; sessionid=abc; _xsrf=abc; csrftoken=abc; other=\x7f"
    with new_client(server.base_url, headers={"cookie": cookie.replace("\x7f", "x")}) as client:
        assert client.get("/").status_code == 200
        assert client.get("/login").status_code == 200
