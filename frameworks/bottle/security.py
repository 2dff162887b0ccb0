"""What Bottle lacks, sessions and CSRF tokens, and the headers every response carries.

The session is an itsdangerous-signed cookie holding the id of a session kept in the database,
and the CSRF token. Not Bottle's `get_cookie(secret=...)`: its signed cookies are pickles, so
whoever learns the key can make the server run code of their choosing."""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Callable
from typing import Any

from bottle import abort, request, response
from itsdangerous import BadData

from db import get_store
from shared.checks import CSRF_FAILED, SIGN_IN_FIRST

COOKIE = "session"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


def set_security_headers() -> None:
    """An after_request hook: Bottle runs it for views, static files, redirects and HTTP errors."""
    response.headers.update(SECURITY_HEADERS)


def load_session() -> None:
    """A before_request hook: read the signed cookie, then find who is signed in."""
    sessions = request.app.config["quotes.sessions"]
    try:  # get_cookie without secret=: the raw value, which itsdangerous checks
        request.session = sessions.loads(request.get_cookie(COOKIE, ""))
    except BadData:  # a missing, tampered, truncated or foreign cookie is an empty session
        request.session = {}
    request.current_user = get_store().session_user(request.session.get("session_id"))


def save_session() -> None:
    """Send the session back in its signed cookie (Bottle's defaults are none of these flags)."""
    config = request.app.config
    value = config["quotes.sessions"].dumps(request.session)
    secure = config["quotes.secure_cookies"]
    response.set_cookie(COOKIE, value, path="/", httponly=True, samesite="lax", secure=secure)


def require_signed_in() -> None:
    if request.current_user is None:
        abort(401, SIGN_IN_FIRST)


def csrf_token() -> str:
    """This session's CSRF token, made (and the cookie sent) the first time a form needs one."""
    if "csrf_token" not in request.session:
        request.session["csrf_token"] = secrets.token_urlsafe(32)
        save_session()
    return str(request.session["csrf_token"])


def csrf_protect(callback: Callable[..., Any]) -> Callable[..., Any]:
    """A Bottle plugin (any decorator can be one) for the form routes: a POST must carry this
    session's token, which a page on another site cannot read."""

    @functools.wraps(callback)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if request.method == "POST":
            sent = request.forms.csrf_token  # attribute access: UTF-8 text, or "" if absent or bad
            expected = request.session.get("csrf_token", "")
            if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
                abort(403, CSRF_FAILED)
        return callback(*args, **kwargs)

    return wrapper
