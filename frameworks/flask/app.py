"""The Quotes app in Flask: the factory and what every request shares (see SPEC.md).

The routes are blueprints in their own modules, as in Flask's tutorial: api.py, auth.py, pages.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, g, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from shared.wsgi_body import ReadBodyFirst
from shared.store import Store

HERE = Path(__file__).parent
MAX_BODY = 65_536

# === Configuration ===

# region: csrf
csrf = CSRFProtect()
# endregion


# region: configuration
def create_app(settings: dict[str, Any] | None = None) -> Flask:
    """Build the app from the environment, then `settings`; each worker opens its own store."""
    # Imported here, as flaskr does, because the blueprint modules import helpers from this one.
    import api
    import auth
    import pages

    app = Flask(__name__)
    app.config.from_mapping(
        QUOTES_DB=os.environ.get("QUOTES_DB", str(HERE / "quotes.db")),
        SECRET_KEY=os.environ.get("SECRET_KEY"),
        # region: sessions
        SESSION_COOKIE_SECURE=os.environ.get("SESSION_COOKIE_SECURE") == "1",
        SESSION_COOKIE_SAMESITE="Lax",  # HttpOnly and Path=/ are Flask's defaults
        # endregion
        MAX_CONTENT_LENGTH=MAX_BODY,  # reading a longer body raises a 413
        # region: csrf
        # A CSRF token stays good as long as the session holding its secret: the default
        # limit (3600 s) would turn a login form left open for an hour into a 403.
        WTF_CSRF_TIME_LIMIT=None,
        # endregion
    )
    app.config.from_mapping(settings or {})
    store = app.extensions["store"] = Store(app.config["QUOTES_DB"], HERE)
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = store.secret_key()  # kept in the database: all workers share it
    # region: body-validation
    # Werkzeug checks MAX_CONTENT_LENGTH against Content-Length only, and cuts a chunked body
    # off at the limit without an error: the shared ReadBodyFirst (checks.py) reads every body
    # first, so a long one reaches Flask one byte too long, and Flask raises its own 413.
    app.wsgi_app = ReadBodyFirst(app.wsgi_app, MAX_BODY)  # type: ignore[method-assign]
    # endregion
    app.url_map.converters["id"] = api.QuoteIdConverter
    app.url_map.merge_slashes = False  # "/static//etc/passwd" is a 404, not a redirect
    app.after_request(set_security_headers)
    app.context_processor(lambda: {"current_user": g.get("current_user")})
    # Blueprints before CSRFProtect: auth's before_app_request (who is signed in) then runs
    # before the CSRF check, so even a 403 page shows the right header.
    for blueprint in (api.bp, auth.bp, pages.bp):
        app.register_blueprint(blueprint)
    # region: csrf
    csrf.init_app(app)  # every POST must carry the form's token...
    csrf.exempt(api.bp)  # ...but the API's: it takes only application/json, which forms can't send
    app.register_error_handler(CSRFError, csrf_failed)
    # endregion
    app.register_error_handler(HTTPException, http_error)
    return app


# endregion


def get_store() -> Store:
    """The current app's store (one per worker process; its connections are per thread)."""
    store: Store = current_app.extensions["store"]
    return store


# === Security headers ===

# region: security-headers
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


# endregion


# === JSON API ===
# The routes: api.py. Its errors are problems:


# region: errors
def problem(status: int, detail: str, **members: Any) -> Response:
    """An RFC 9457 problem response."""
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return Response(json.dumps(body | members), status, mimetype="application/problem+json")


# endregion


# === Login ===
# The routes and who is signed in: auth.py.

# === HTML pages ===
# The routes: pages.py; the templates extend templates/base.html.

# === Errors ===

# region: errors
RENAMED = {413: "Content Too Large", 422: "Unprocessable Content"}  # by RFC 9110; not in Werkzeug


def title(status: int) -> str:
    """The status's reason phrase, which is also the problem's title."""
    return RENAMED.get(status) or HTTP_STATUS_CODES.get(status, "Error")


def error_response(status: int, detail: str) -> Response:
    """A problem on JSON paths, the error page (in the layout) on every other path."""
    if request.path == "/healthz" or request.path.startswith("/api/"):
        return problem(status, detail)
    page = render_template("error.html", status=status, title=title(status), detail=detail)
    return Response(page, status)


def http_error(error: HTTPException) -> Response:
    """Every HTTP error. Flask also brings an unhandled exception here, once logged, as a bare
    InternalServerError: the client never sees a traceback."""
    status = error.code or 500
    detail = error.description or title(status)
    if status == 404 and request.url_rule is None:  # no route: say which path, escaped by Jinja
        detail = f"There is nothing at {request.path}."
    response = error_response(status, detail)
    for name, value in error.get_headers():  # a 405's Allow, for one
        if name != "Content-Type":
            response.headers[name] = value
    return response


# endregion


# region: csrf
def csrf_failed(error: CSRFError) -> Response:
    """Flask-WTF's CSRFError is a 400 unless handled; a missing or wrong token is a 403."""
    return error_response(403, f"{error.description} Reload the form and try again.")


# endregion
