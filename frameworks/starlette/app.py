"""The Quotes app on Starlette: the factory and what every request shares (see SPEC.md).

The endpoints live by feature, as in the Flask version: api.py, auth.py and pages.py.
"""

from __future__ import annotations

import os
import secrets
from http import HTTPStatus
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from middleware import SECURITY_HEADERS, BodySizeLimitMiddleware, SecurityHeadersMiddleware
from shared.store import Store

# === Configuration ===

# region: configuration
HERE = Path(__file__).parent
MAX_BODY_BYTES = 65_536


def create_app(settings: dict[str, str] | None = None) -> Starlette:
    """Build the app; `settings` override the environment (QUOTES_DB, SECRET_KEY, ...)."""
    import api  # imported here: these modules import helpers from this one
    import auth
    import pages

    config = {**os.environ, **(settings or {})}
    # uvicorn --factory calls this inside each worker process, so each worker opens its own
    # SQLite connections. The store is opened here, not in a lifespan handler, because the
    # session middleware needs its key up front and the default key lives in the database.
    store = Store(config.get("QUOTES_DB") or HERE / "quotes.db", seed_dir=HERE)
    routes = [
        Route("/", pages.index),
        Route("/healthz", api.healthz),
        Route("/api/quotes", api.QuoteList),
        Route("/api/quotes/random", api.random_quote),
        Route("/api/quotes/{quote_id}", api.QuoteDetail),
        Route("/login", auth.Login),
        Route("/logout", auth.logout, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [  # outermost first
        Middleware(SecurityHeadersMiddleware),
        # A signed cookie (itsdangerous) that holds only the server-side session id and the
        # CSRF token; Starlette sets HttpOnly and Path=/ itself.
        Middleware(
            SessionMiddleware,
            secret_key=config.get("SECRET_KEY") or store.secret_key(),
            same_site="lax",
            https_only=config.get("SESSION_COOKIE_SECURE") == "1",
        ),
        Middleware(AuthenticationMiddleware, backend=auth.SessionBackend(store)),  # request.user
        Middleware(BodySizeLimitMiddleware, max_bytes=MAX_BODY_BYTES, respond=http_error),
    ]
    handlers = {HTTPException: http_error, Exception: server_error}
    app = Starlette(routes=routes, middleware=middleware, exception_handlers=handlers)
    app.state.store = store
    return app


def store_of(request: Request) -> Store:
    """The app's store (one per worker process; its connections are per thread)."""
    return request.app.state.store


# endregion


# === Security headers ===
# On every response, by SecurityHeadersMiddleware (middleware.py); and by server_error below,
# whose 500 never passes through it.


# === JSON API ===
# The endpoints: api.py. Its errors are problems:


# region: errors
def problem(status: int, detail: str, **members: Any) -> Response:
    """An RFC 9457 problem response."""
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return JSONResponse(body | members, status, media_type="application/problem+json")


# endregion


# === Login ===
# The endpoints, the session backend and the CSRF check: auth.py. The token it checks:


# region: csrf
def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use; each form echoes it in a hidden input."""
    return request.session.setdefault("csrf_token", secrets.token_urlsafe(32))


# endregion


# === HTML pages ===
# The endpoint: pages.py; the templates extend templates/base.html.


# region: templates
def account_context(request: Request) -> dict[str, Any]:
    """A context processor: what base.html needs on every page."""
    user = request.scope.get("user")  # absent when a fault came before authentication
    return {
        "current_user": user.display_name if user and user.is_authenticated else None,
        "csrf_token": lambda: csrf_token(request),
    }


templates = Jinja2Templates(directory=HERE / "templates", context_processors=[account_context])
# endregion

# === Errors ===

# region: errors
RENAMED = {413: "Content Too Large", 422: "Unprocessable Content"}  # by RFC 9110


def title(status: int) -> str:
    """The status's reason phrase, which is also the problem's title."""
    return RENAMED.get(status) or HTTPStatus(status).phrase


def error_response(request: Request, status: int, detail: str) -> Response:
    """A problem on JSON paths, the error page (in the layout) on every other path."""
    if request.url.path == "/healthz" or request.url.path.startswith("/api/"):
        return problem(status, detail)
    context = {"status": status, "title": title(status), "detail": detail}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


def http_error(request: Request, exc: HTTPException) -> Response:
    """Every HTTPException, the router's own 404 and 405 included."""
    detail = exc.detail
    if detail == HTTPStatus(exc.status_code).phrase:  # Starlette's own, with no sentence
        detail = {
            401: "Sign in first.",
            404: f"There is nothing at {request.url.path}.",  # Jinja escapes it on the page
            405: f"{request.method} is not allowed here.",
        }.get(exc.status_code, "The request could not be handled.")
    response = error_response(request, exc.status_code, detail)
    response.headers.update(exc.headers or {})  # a 405's Allow, for one
    return response


def server_error(request: Request, exc: Exception) -> Response:
    """Any other exception: a 500 with no traceback (uvicorn logs it)."""
    response = error_response(request, 500, "Something went wrong on our side. Try again later.")
    # Starlette's ServerErrorMiddleware, which calls this, wraps all user middleware.
    response.headers.update(SECURITY_HEADERS)
    return response


# endregion
