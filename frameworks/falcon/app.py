"""The Quotes app on Falcon (see SPEC.md): the factory wires middleware, resources and routes,
and builds each resource with the store it needs, as Falcon's asgilook tutorial does."""

from __future__ import annotations

import os
from pathlib import Path

import falcon

import api
import auth
import errors
import pages
from middleware import BodyLimit, SecurityHeaders, StaticMethods
from shared.checks import MAX_BODY_BYTES
from shared.store import Store
from shared.wsgi_body import ReadBodyFirst

HERE = Path(__file__).parent


def create_app(settings: dict[str, str] | None = None) -> ReadBodyFirst:
    """Build the app; `settings` override the environment (QUOTES_DB, SECRET_KEY, ...)."""
    config = {**os.environ, **(settings or {})}
    # gunicorn calls this in each worker (no --preload): each opens its own SQLite connections.
    store = Store(config.get("QUOTES_DB") or HERE / "quotes.db", seed_dir=HERE / "shared")
    secret_key = config.get("SECRET_KEY") or store.secret_key()  # else from quotes.secret-key
    # process_request runs down this list, process_response back up it, for every response.
    middleware = [SecurityHeaders(), auth.Sessions(store, secret_key), BodyLimit(), StaticMethods()]
    app = falcon.App(middleware=middleware)
    # Falcon marks every cookie Secure unless told otherwise (development runs on plain HTTP).
    app.resp_options.secure_cookies_by_default = config.get("SESSION_COOKIE_SECURE") == "1"
    app.resp_options.static_media_types[".css"] = "text/css; charset=utf-8"  # no charset by default
    app.router_options.converters["quote_id"] = api.QuoteIdConverter
    app.add_route("/", pages.Index(store))
    app.add_route("/healthz", api.Health())
    quotes = api.Quotes(store)
    app.add_route("/api/quotes", quotes)
    app.add_route("/api/quotes/random", quotes, suffix="random")  # a literal beats a field
    app.add_route("/api/quotes/{quote_id:quote_id}", quotes, suffix="item")
    app.add_route("/login", auth.Login(store))
    app.add_route("/logout", auth.Logout(store))
    app.add_static_route("/static", HERE / "shared" / "static")  # refuses "..", "\\" and "//"
    app.set_error_serializer(errors.serialize_error)
    # region: body-validation
    return ReadBodyFirst(app, MAX_BODY_BYTES)
    # endregion
