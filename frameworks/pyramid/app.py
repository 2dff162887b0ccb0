"""The Quotes app in Pyramid: the factory and what every request shares (see SPEC.md).

As in Pyramid's wiki2 tutorial, each concern is a module whose `includeme` the factory includes:
security.py (sessions, CSRF, who is signed in), pages.py, api.py, auth.py and errors.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pyramid.config import Configurator
from pyramid.events import NewResponse
from pyramid.httpexceptions import HTTPBadRequest, HTTPRequestEntityTooLarge
from pyramid.registry import Registry
from pyramid.request import Request
from pyramid.response import Response
from pyramid.router import Router
from pyramid.tweens import EXCVIEW

from shared.checks import parse_ascii_int
from errors import is_json_path
from shared.store import Store

HERE = Path(__file__).parent
MAX_BODY = 65_536

# === Configuration ===


# region: configuration
def create_app(settings: dict[str, Any] | None = None) -> Router:
    """Build the WSGI app from the environment, then `settings`; each worker opens its own store."""
    settings = {
        "quotes_db": os.environ.get("QUOTES_DB", str(HERE / "quotes.db")),
        "secret_key": os.environ.get("SECRET_KEY"),
        "session_cookie_secure": os.environ.get("SESSION_COOKIE_SECURE") == "1",
        **(settings or {}),
    }
    store = Store(settings["quotes_db"], HERE)  # gunicorn calls create_app() in every worker
    if not settings["secret_key"]:
        settings["secret_key"] = store.secret_key()  # kept in the database: all workers share it
    with Configurator(settings=settings) as config:
        config.add_request_method(lambda request: store, "store", reify=True)
        config.include("security")  # the session cookie, CSRF, who is signed in
        config.include("pages")  # pyramid_jinja2, the static files, /
        config.include("api")
        config.include("auth")  # /login, /logout
        config.include("errors")  # the exception views
        config.add_subscriber(set_security_headers, NewResponse)
        # Under EXCVIEW, so that the 413 it raises is drawn by the exception views.
        config.add_tween("app.body_limit_tween_factory", under=EXCVIEW)
    return config.make_wsgi_app()


# endregion


# === Security headers ===

# region: security-headers
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


def set_security_headers(event: NewResponse) -> None:
    """Pyramid sends every response through NewResponse: views, static files and error views."""
    for name, value in SECURITY_HEADERS.items():
        event.response.headers[name] = value


# endregion


# === JSON API ===
# The routes and views: api.py. The body limit, a tween, holds for every route:


# region: body-validation
def body_limit_tween_factory(handler: Callable[[Request], Response], registry: Registry) -> Any:
    """A tween that reads every request body before any view: to one byte past the limit, then,
    on the pages, the form in it.

    Pyramid sets no body limit, and a body the app refuses unread is left for gunicorn, whose
    gthread worker drains at most 64 KiB of it and then drops the connection it has just
    answered as keep-alive. So the body is read here, whatever its framing (Content-Length or
    chunked); past the limit the rest is drained, up to 1 MiB, and the answer is a 413.
    """
    drain_max = 1024 * 1024  # past this, stop reading and let the server close the connection

    def body_limit_tween(request: Request) -> Response:
        environ = request.environ
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        declared = parse_ascii_int(environ.get("CONTENT_LENGTH")) or 0
        if chunked or declared:
            stream = environ["wsgi.input"]
            body = stream.read(MAX_BODY + 1 if chunked else min(declared, MAX_BODY + 1))
            if len(body) > MAX_BODY:
                drained = 0
                while drained < drain_max and (chunk := stream.read(65536)):
                    drained += len(chunk)
                raise HTTPRequestEntityTooLarge(f"A request body may be at most {MAX_BODY} bytes.")
            environ.pop("HTTP_TRANSFER_ENCODING", None)
            request.body = body  # WebOb: a seekable body with its Content-Length
        if not is_json_path(request):  # the pages' forms; the API reads none, and says 401 first
            try:  # WebOb parses a form on first use (the CSRF check's) and raises if it can't
                _ = request.POST
            except ValueError:  # a multipart body without its boundary, a form not in UTF-8
                raise HTTPBadRequest("The form could not be read.") from None
        return handler(request)

    return body_limit_tween


# endregion


# === Login ===
# Sessions, CSRF and the security policy: security.py; the views: auth.py.

# === HTML pages ===
# The view and the templates' setup: pages.py; the templates extend templates/base.html.

# === Errors ===
# Problems, the error page and the exception views: errors.py.
