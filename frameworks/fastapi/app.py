"""The Quotes app on FastAPI (see SPEC.md): `create_app()` includes one APIRouter per feature,
as FastAPI's "Bigger Applications" chapter lays them out. Like the full-stack template's
main.py, nothing imports this module; what the routers share is in deps.py and templating.py."""

import os
from pathlib import Path

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

import api
import auth
import errors
import pages
from middleware import BodySizeLimitMiddleware, SecurityHeadersMiddleware
from shared.checks import MAX_BODY_BYTES
from shared.store import Store

HERE = Path(__file__).parent


def create_app(settings: dict[str, str] | None = None) -> FastAPI:
    """Build the app; `settings` override the environment (QUOTES_DB, SECRET_KEY, ...)."""
    config = {**os.environ, **(settings or {})}
    # uvicorn --factory calls this inside each worker process, so each worker opens its own
    # SQLite connections. Not in a lifespan handler: the session middleware needs its key
    # before the app starts, and the default key sits beside the database.
    store = Store(config.get("QUOTES_DB") or HERE / "quotes.db", seed_dir=HERE / "shared")
    handlers = {  # Starlette's HTTPException: the router's 404 and 405 are Starlette's own
        StarletteHTTPException: errors.http_error,
        RequestValidationError: errors.invalid_request,
        Exception: errors.server_error,
    }
    # FastAPIOffline is FastAPI() with /docs served from the Swagger UI files in its package,
    # not from a CDN (which the CSP would block). No ReDoc: its search starts a web worker
    # from a blob: URL, one more hole in the CSP for a second view of the same document.
    app = FastAPIOffline(
        title="Python Web Rosetta quote API",
        version="1.0.0",
        redoc_url=None,
        swagger_ui_parameters={"validatorUrl": None},  # no badge fetched from swagger.io
        exception_handlers=handlers,
    )
    app.state.store = store
    app.state.routers = [api.router, auth.router, pages.router]  # errors.allowed_methods too
    for router in app.state.routers:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "shared" / "static"), name="static")
    # Each add_middleware wraps what is already there: the last one added runs first. The body
    # limit runs inside the session, so that its 413 page knows who is signed in.
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=MAX_BODY_BYTES, respond=errors.http_error)
    # region: sessions
    # A signed cookie (itsdangerous) that holds only the server-side session id and the CSRF
    # token; Starlette sets HttpOnly and Path=/ itself.
    app.add_middleware(
        SessionMiddleware,
        secret_key=config.get("SECRET_KEY") or store.secret_key(),
        same_site="lax",
        https_only=config.get("SESSION_COOKIE_SECURE") == "1",
    )
    # endregion
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: every response passes it
    return app
