"""The Quotes app in Flask (SPEC.md): the application factory, which only wires.

As in Flask's tutorial (flaskr), the routes are blueprints in modules of their own, and what they
share sits in leaf modules (db.py, errors.py) that import nothing from this one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, Response
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

import api
import auth
import errors
import pages
from shared.checks import MAX_BODY_BYTES
from shared.store import Store
from shared.wsgi_body import ReadBodyFirst

HERE = Path(__file__).parent

csrf = CSRFProtect()  # an extension made once, bound to each app by init_app (Flask's pattern)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


def set_security_headers(response: Response) -> Response:
    """Flask runs after_request hooks for views, static files and handled errors alike."""
    response.headers.update(SECURITY_HEADERS)
    return response


def create_app(settings: dict[str, Any] | None = None) -> Flask:
    """Build the app from the environment, then `settings`; each worker opens its own store."""
    app = Flask(__name__, static_folder="shared/static", static_url_path="/static")
    app.config.from_mapping(
        QUOTES_DB=os.environ.get("QUOTES_DB", str(HERE / "quotes.db")),
        SECRET_KEY=os.environ.get("SECRET_KEY"),
        SESSION_COOKIE_SECURE=os.environ.get("SESSION_COOKIE_SECURE") == "1",
        SESSION_COOKIE_SAMESITE="Lax",  # HttpOnly and Path=/ are Flask's defaults
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,  # reading a longer body raises a 413
    )
    app.config.from_mapping(settings or {})
    store = app.extensions["store"] = Store(app.config["QUOTES_DB"], HERE / "shared")
    if not app.config["SECRET_KEY"]:  # production sets it; this one is for trying the app out
        app.config["SECRET_KEY"] = store.secret_key()  # a file beside the database, owner-only
    # region: body-validation
    # Werkzeug checks MAX_CONTENT_LENGTH against Content-Length only, and cuts a chunked body
    # off at the limit without an error: ReadBodyFirst reads every body first, so a long one
    # reaches Flask one byte too long, and Flask raises its own 413.
    app.wsgi_app = ReadBodyFirst(app.wsgi_app, MAX_BODY_BYTES)  # type: ignore[method-assign]
    # endregion
    app.url_map.converters["id"] = api.QuoteIdConverter
    app.url_map.merge_slashes = False  # "/static//etc/passwd" is a 404, not a redirect
    app.after_request(set_security_headers)
    # Blueprints before CSRFProtect: auth's before_app_request (who is signed in) then runs
    # before the CSRF check, so even a 403 page shows the right header.
    for blueprint in (api.bp, auth.bp, pages.bp):
        app.register_blueprint(blueprint)
    # region: csrf
    # A token stays good as long as the session holding its secret: the default limit
    # (3600 s) would turn a login form left open for an hour into a 403.
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    csrf.init_app(app)  # every POST must carry the form's token...
    csrf.exempt(api.bp)  # ...but the API's: it takes only application/json, which forms can't send
    app.register_error_handler(CSRFError, errors.csrf_failed)
    # endregion
    app.register_error_handler(HTTPException, errors.http_error)
    return app
