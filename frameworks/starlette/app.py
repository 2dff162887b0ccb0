"""The Quotes app on Starlette (see SPEC.md): `create_app()` hands `Starlette()` plain lists of
routes and middleware, the way Starlette's own docs build an application."""

import os
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

import api
import auth
import pages
from errors import http_error, server_error
from middleware import BodySizeLimitMiddleware, SecurityHeadersMiddleware
from shared.checks import MAX_BODY_BYTES
from shared.store import Store

HERE = Path(__file__).parent


def create_app(settings: dict[str, str] | None = None) -> Starlette:
    """Build the app; `settings` override the environment (QUOTES_DB, SECRET_KEY, ...)."""
    config = {**os.environ, **(settings or {})}
    # uvicorn --factory calls this inside each worker process, so each worker opens its own
    # SQLite connections. The store is opened here, not in a lifespan handler, because the
    # session middleware needs its key up front and the default key sits beside the database.
    store = Store(config.get("QUOTES_DB") or HERE / "quotes.db", seed_dir=HERE / "shared")
    routes = [
        Route("/", pages.index),
        Route("/healthz", api.healthz),
        Route("/api/quotes", api.QuoteList),
        Route("/api/quotes/random", api.random_quote),
        Route("/api/quotes/{quote_id}", api.QuoteDetail),
        Route("/login", auth.Login),
        Route("/logout", auth.logout, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "shared" / "static"), name="static"),
    ]
    middleware = [  # outermost first
        Middleware(SecurityHeadersMiddleware),
        # region: sessions
        # A signed cookie (itsdangerous) that holds only the server-side session id and the
        # CSRF token; Starlette sets HttpOnly and Path=/ itself.
        Middleware(
            SessionMiddleware,
            secret_key=config.get("SECRET_KEY") or store.secret_key(),
            same_site="lax",
            https_only=config.get("SESSION_COOKIE_SECURE") == "1",
        ),
        Middleware(AuthenticationMiddleware, backend=auth.SessionBackend()),  # request.user
        # endregion
        # Inside the session, so that the 413 page knows who is signed in.
        Middleware(BodySizeLimitMiddleware, max_bytes=MAX_BODY_BYTES, respond=http_error),
    ]
    handlers = {HTTPException: http_error, Exception: server_error}
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=handlers)
    app.state.store = store
    return app
