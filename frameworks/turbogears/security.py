"""The session: a cookie signed with itsdangerous that holds only the id of a session kept in
the shared store, and the CSRF token. TurboGears' own sessions (Beaker) would keep their data
per process unless given a shared backend; the store already is one, on every worker."""

from __future__ import annotations

import hmac
import secrets
from typing import Any

import tg
from itsdangerous import BadData, URLSafeSerializer
from webob.exc import HTTPForbidden

from db import get_store
from shared.checks import CSRF_FAILED

COOKIE = "session"


def serializer() -> URLSafeSerializer:
    return URLSafeSerializer(tg.config["secret_key"], salt="quotes-session")


def cookie_session() -> dict[str, str]:
    """The cookie's data, read once per request; a tampered, foreign or garbage cookie is {}."""
    environ = tg.request.environ
    if "quotes.session" not in environ:
        try:
            data = serializer().loads(tg.request.cookies.get(COOKIE, ""))
        except (BadData, UnicodeError, ValueError):
            data = {}
        ok = isinstance(data, dict) and all(isinstance(v, str) for v in data.values())
        environ["quotes.session"] = data if ok else {}
    session: dict[str, str] = environ["quotes.session"]
    return session


def save_session(data: dict[str, str]) -> None:
    tg.request.environ["quotes.session"] = data
    tg.request.environ.pop("quotes.user", None)
    tg.response.set_cookie(
        COOKIE,
        serializer().dumps(data),
        path="/",
        httponly=True,
        samesite="Lax",
        secure=tg.config["session_cookie_secure"],
    )


def current_user() -> str | None:
    """Who is signed in: the store's user of the cookie's session id, looked up once per request."""
    environ = tg.request.environ
    if "quotes.user" not in environ:
        environ["quotes.user"] = get_store().session_user(cookie_session().get("session_id"))
    user: str | None = environ["quotes.user"]
    return user


def csrf_token() -> str:
    """The session's synchronizer token, made (and the cookie set) when a form first needs it."""
    session = cookie_session()
    if "csrf_token" not in session:
        save_session(session | {"csrf_token": secrets.token_urlsafe(32)})
    return cookie_session()["csrf_token"]


def check_csrf(sent: Any) -> None:
    """A form's token must be its own session's: a cross-site form can read neither."""
    expected = cookie_session().get("csrf_token", "")
    if not (isinstance(sent, str) and expected and hmac.compare_digest(sent, expected)):
        raise HTTPForbidden(CSRF_FAILED)


def add_session_to_templates(remainder: Any, params: Any, output: Any) -> None:
    """A before_render hook: every template's header needs who is signed in and a token."""
    if isinstance(output, dict):
        output.update(current_user=current_user(), csrf_token=csrf_token)
