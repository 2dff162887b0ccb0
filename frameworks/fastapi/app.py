"""The Quotes app on FastAPI: the factory and what every request shares (see SPEC.md).

The path operations live in one APIRouter per feature, as FastAPI's "Bigger Applications"
chapter lays them out: api.py, auth.py and pages.py; errors.py answers what goes wrong.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from middleware import BodySizeLimitMiddleware, SecurityHeadersMiddleware
from shared.store import Store

# === Configuration ===

# region: configuration
HERE = Path(__file__).parent
MAX_BODY_BYTES = 65_536


def create_app(settings: dict[str, str] | None = None) -> FastAPI:
    """Build the app; `settings` override the environment (QUOTES_DB, SECRET_KEY, ...)."""
    import api  # imported here: these modules import helpers from this one
    import auth
    import errors
    import pages

    config = {**os.environ, **(settings or {})}
    # uvicorn --factory calls this inside each worker process, so each worker opens its own
    # SQLite connections. Not in a lifespan handler: the session middleware needs its key
    # before the app starts, and the default key lives in the database.
    store = Store(config.get("QUOTES_DB") or HERE / "quotes.db", seed_dir=HERE)
    handlers = {  # Starlette's HTTPException: the router's 404 and 405 are Starlette's own
        StarletteHTTPException: errors.http_error,
        RequestValidationError: errors.invalid_request,
        Exception: errors.server_error,
    }
    app = FastAPI(
        title="Python Web Rosetta quote API",
        version="1.0.0",
        # No /docs or /redoc: Swagger UI and ReDoc load scripts from a CDN; the CSP forbids it.
        docs_url=None,
        redoc_url=None,
        exception_handlers=handlers,
    )
    app.state.store = store
    app.state.routers = [api.router, auth.router, pages.router]  # errors.allowed_methods too
    for router in app.state.routers:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
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


def get_store(request: Request) -> Store:
    """A dependency: the app's store (one per worker process; its connections are per thread)."""
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]
# endregion

# === Security headers ===

# On every response, by SecurityHeadersMiddleware (middleware.py); and by errors.server_error,
# whose 500 never passes through it.

# === JSON API ===
# The path operations: api.py. Their errors are problems: errors.py.

# === Login ===
# The path operations and the dependencies that guard them: auth.py. What they share:


# region: sessions
def current_user(request: Request) -> str | None:
    """Who is signed in: the user of the live server-side session the cookie names, if any.
    A tampered or foreign cookie reaches here as an empty session: no one."""
    return get_store(request).session_user(request.session.get("session_id"))


# endregion


# region: csrf
def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use; each form echoes it in a hidden input."""
    return request.session.setdefault("csrf_token", secrets.token_urlsafe(32))


# endregion

# === HTML pages ===
# The path operation: pages.py; the templates extend templates/base.html.


# region: templates
def account_context(request: Request) -> dict[str, Any]:
    """A context processor: what base.html needs on every page, error pages included, which
    no dependency reaches. Every template is rendered in the thread pool, so it may query."""
    return {"current_user": current_user(request), "csrf_token": lambda: csrf_token(request)}


# Jinja2Templates autoescapes .html templates: text from clients shows as text.
templates = Jinja2Templates(directory=HERE / "templates", context_processors=[account_context])
# endregion

# === Errors ===
# Problems on JSON paths, the error page elsewhere, for every status: errors.py.
