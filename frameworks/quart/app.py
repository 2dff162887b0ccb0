"""The Quotes app in Quart (SPEC.md): the application factory, which only wires.

Quart is Flask's API on asyncio, so the layout is that of Flask's tutorial (flaskr): the routes
are blueprints in modules of their own, and what they share sits in leaf modules (db.py,
errors.py) that import nothing from this one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from quart import Quart, Response
from werkzeug.exceptions import HTTPException

import api
import auth
import errors
import pages
from shared.checks import MAX_BODY_BYTES
from shared.store import Store

HERE = Path(__file__).parent

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


async def set_security_headers(response: Response) -> Response:
    """Quart runs after_request hooks for views, static files and handled errors alike."""
    response.headers.update(SECURITY_HEADERS)
    return response


def create_app(settings: dict[str, Any] | None = None) -> Quart:
    """Build the app from the environment, then `settings`; each worker opens its own store."""
    app = Quart(__name__, static_folder="shared/static", static_url_path="/static")
    app.config.from_mapping(
        QUOTES_DB=os.environ.get("QUOTES_DB", str(HERE / "quotes.db")),
        SECRET_KEY=os.environ.get("SECRET_KEY"),
        SESSION_COOKIE_SECURE=os.environ.get("SESSION_COOKIE_SECURE") == "1",
        SESSION_COOKIE_SAMESITE="Lax",  # HttpOnly and Path=/ are Quart's defaults
        # Quart counts the body as it arrives, chunked or not, and raises a 413 past the limit.
        MAX_CONTENT_LENGTH=MAX_BODY_BYTES,
    )
    app.config.from_mapping(settings or {})
    store = app.extensions["store"] = Store(app.config["QUOTES_DB"], HERE / "shared")
    if not app.config["SECRET_KEY"]:  # production sets it; this one is for trying the app out
        app.config["SECRET_KEY"] = store.secret_key()  # a file beside the database, owner-only
    app.url_map.converters["id"] = api.QuoteIdConverter
    app.url_map.merge_slashes = False  # "/static//etc/passwd" is a 404, not a redirect
    app.after_request(set_security_headers)
    for blueprint in (api.bp, auth.bp, pages.bp):
        app.register_blueprint(blueprint)
    app.register_error_handler(HTTPException, errors.http_error)
    return app
