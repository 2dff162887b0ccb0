"""The fixtures the controllers share, as py4web's scaffold keeps them in common.py. wsgi(),
called by create_app() in each worker, imports it: settings are read and the store opened there."""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import secrets
from pathlib import Path
from typing import Any

from ombott import HTTPError, HTTPResponse, abort, default_app
from ombott.request_pkg.errors import RequestError
from py4web import request, response
from py4web.core import Fixture, Session

from shared.checks import CSRF_FAILED, MAX_BODY_BYTES, SIGN_IN_FIRST, TOO_LARGE
from shared.store import Store
from shared.wsgi_body import too_large

FOLDER = Path(__file__).parents[2]  # frameworks/py4web, where shared/ is

QUOTES_DB = os.environ.get("QUOTES_DB", str(FOLDER / "quotes.db"))
SECURE_COOKIES = os.environ.get("SESSION_COOKIE_SECURE") == "1"
store = Store(QUOTES_DB, FOLDER / "shared")
# Production sets SECRET_KEY; else all workers share one generated beside the database.
SECRET = os.environ.get("SECRET_KEY") or store.secret_key()


class Faults(Fixture):
    """A fault of an action becomes a plain 500 for errors.py, not py4web's own error page (inline
    styles, a dashboard ticket link, HTML on JSON paths too). First in line, so on_error is last."""

    def on_error(self, context: dict[str, Any]) -> None:
        if not isinstance(context["exception"], HTTPResponse):
            logging.error("Unhandled fault", exc_info=context["exception"])
            context["exception"] = HTTPError(500, "Something went wrong on our side.")


faults = Faults()


class QuotesSession(Session):
    """py4web's Session, a cookie encrypted and signed with the secret, holding only the id of a
    session in the shared store, which every worker reads and logout ends."""

    def on_request(self, context: dict[str, Any]) -> None:
        # Without a cookie, load() looks for a token in a POST's form or JSON, and a bad body
        # raises there: the session is then empty, and the view gives the body its own answer.
        with contextlib.suppress(HTTPError, RequestError):
            super().on_request(context)

    def save(self) -> None:
        # py4web marks it Secure for an https URL; TLS often ends at a proxy: the setting decides.
        super().save()
        response._cookies[self.local.cookie_name]["secure"] = SECURE_COOKIES


session = QuotesSession(secret=SECRET, name="session")


class CurrentUser(Fixture):
    """Who is signed in, once per request; in the environ too, for errors.py's error page."""

    __prerequisites__ = (faults, session)

    def on_request(self, context: dict[str, Any]) -> None:
        user = store.session_user(session.get("session_id"))
        request.environ["quotes.current_user"] = user
        context["template_inject"]["current_user"] = user


current_user = CurrentUser()


def require_signed_in() -> None:
    if request.environ.get("quotes.current_user") is None:
        abort(401, SIGN_IN_FIRST)


class Csrf(Fixture):
    """A synchronizer token in the session, named `_formkey` as py4web's Form names its own.
    Not Form itself: it draws its own markup for pyDAL fields, with a second hidden input."""

    __prerequisites__ = (session, current_user)

    def on_request(self, context: dict[str, Any]) -> None:
        token = session.get("_formkey") or new_csrf_token()
        request.environ["quotes.csrf_token"] = token
        context["template_inject"]["csrf_token"] = token
        if request.method == "POST":
            try:  # ombott raises its multipart parser's errors as they are, not as a 400
                sent = param(request.forms, "_formkey")
            except RequestError:  # a body that cannot be read holds no token
                sent = ""
            if not hmac.compare_digest(sent.encode(), token.encode()):
                abort(403, CSRF_FAILED)


def new_csrf_token() -> str:
    session["_formkey"] = token = secrets.token_urlsafe(32)  # the cookie is sent again
    return token


csrf = Csrf()


def param(values: dict[str, Any], name: str, default: str = "") -> str:
    """A query or form field as text: ombott gives a repeated one as a list (the first counts)."""
    value = values.get(name, default)
    return str(value[0] if isinstance(value, list) else value)


def refuse_large_body() -> None:
    """A 413 on every route, before any action: ReadBodyFirst cut a long body one byte over."""
    if too_large(request.environ, MAX_BODY_BYTES):
        abort(413, TOO_LARGE)


default_app().add_hook("before_request", refuse_large_body)
