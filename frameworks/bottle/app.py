"""The Quotes app in Bottle (SPEC.md): the factory, which only wires. Each route module is a
small Bottle app of its own, merged into this one; what they share sits in leaf modules."""

from __future__ import annotations

import os
from http import HTTPStatus
from pathlib import Path
from typing import Any

from bottle import Bottle, abort, request
from itsdangerous import URLSafeSerializer

import api
import auth
import errors
import pages
from security import load_session, set_security_headers
from shared.checks import MAX_BODY_BYTES, TOO_LARGE
from shared.store import Store
from shared.wsgi_body import ReadBodyFirst, too_large

HERE = Path(__file__).parent


def create_app(settings: dict[str, Any] | None = None) -> ReadBodyFirst:
    """Build the app from the environment, then `settings` (keys such as "quotes.db"); gunicorn
    calls this in each worker process, so each opens its own store."""
    app = Bottle()
    app.config.update(
        "quotes",
        db=os.environ.get("QUOTES_DB", str(HERE / "quotes.db")),
        secret_key=os.environ.get("SECRET_KEY"),
        secure_cookies=os.environ.get("SESSION_COOKIE_SECURE") == "1",
    )
    app.config.update(settings or {})
    store = app.config["quotes.store"] = Store(app.config["quotes.db"], HERE / "shared")
    # Production sets SECRET_KEY; else all workers share one generated beside the database.
    secret = app.config["quotes.secret_key"] or store.secret_key()
    app.config["quotes.sessions"] = URLSafeSerializer(secret, salt="quotes.session")
    app.add_hook("before_request", load_session)  # who is signed in, before routing
    app.add_hook("before_request", refuse_large_body)
    app.add_hook("after_request", set_security_headers)
    for routes in (api.routes, auth.routes, pages.routes):
        app.merge(routes)
    # @app.error takes one status at a time, and there is no catch-all: register them all.
    for status in HTTPStatus:
        if status >= 400:
            app.error(status, errors.error_page)
    # region: body-validation
    # Every body read first, chunked ones too: refuse_large_body() then sees its true length.
    return ReadBodyFirst(app, MAX_BODY_BYTES)
    # endregion


def refuse_large_body() -> None:
    """A 413 on every route, before the view. (Bottle's own limit, MEMFILE_MAX, is 100 KiB, a
    class attribute shared by the whole process, and is checked only when a view reads the body.)"""
    if too_large(request.environ, MAX_BODY_BYTES):
        abort(413, TOO_LARGE)
