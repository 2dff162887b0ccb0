"""The Quotes app in Pyramid (see SPEC.md). As in Pyramid's wiki2 tutorial, the factory includes
one module per concern, whose `includeme` adds its routes, views and settings."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pyramid.config import Configurator
from pyramid.events import NewRequest, NewResponse
from pyramid.httpexceptions import HTTPBadRequest, HTTPRequestEntityTooLarge

from errors import is_json_path
from shared.checks import MAX_BODY_BYTES, TOO_LARGE
from shared.store import Store
from shared.wsgi_body import ReadBodyFirst, too_large

HERE = Path(__file__).parent
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


def create_app(settings: dict[str, Any] | None = None) -> ReadBodyFirst:
    """Build the WSGI app from the environment, then `settings`; each worker opens its own store."""
    settings = {
        "quotes_db": os.environ.get("QUOTES_DB", str(HERE / "quotes.db")),
        "secret_key": os.environ.get("SECRET_KEY"),
        "session_cookie_secure": os.environ.get("SESSION_COOKIE_SECURE") == "1",
        **(settings or {}),
    }
    store = Store(settings["quotes_db"], HERE / "shared")  # gunicorn calls this in every worker
    settings["secret_key"] = settings["secret_key"] or store.secret_key()  # quotes.secret-key
    with Configurator(settings=settings) as config:
        config.add_request_method(lambda request: store, "store", reify=True)
        config.include("security")  # the session cookie, CSRF, who is signed in
        config.include("templating")
        config.include("pages")  # the static files, /
        config.include("api")
        config.include("auth")  # /login, /logout
        config.include("errors")  # the exception views
        config.add_subscriber(set_security_headers, NewResponse)
        config.add_subscriber(check_body, NewRequest)
    # Every body is read first, whatever its framing (shared/wsgi_body.py), then check_body.
    return ReadBodyFirst(config.make_wsgi_app(), MAX_BODY_BYTES)


def set_security_headers(event: NewResponse) -> None:
    """Pyramid sends every response through NewResponse: views, static files and error views."""
    event.response.headers.update(SECURITY_HEADERS)


def check_body(event: NewRequest) -> None:
    """Before routing, so on every route: a 413 for a body ReadBodyFirst found too long, and on
    the pages a 400 for a form WebOb cannot parse, where the CSRF check would meet a ValueError."""
    request = event.request
    if too_large(request.environ, MAX_BODY_BYTES):
        raise HTTPRequestEntityTooLarge(TOO_LARGE)
    if not is_json_path(request):  # the API reads no form, and says 401 first
        try:
            _ = request.POST
        except ValueError:
            raise HTTPBadRequest("The form could not be read.") from None
