"""The Quotes app on Sanic (see SPEC.md): `create_app()` is the factory that `uvicorn
app:create_app --factory` calls in each worker process (Sanic's app is an ASGI app too), so
every worker builds its own app and opens its own store."""

import os
from pathlib import Path

from itsdangerous import URLSafeSerializer
from sanic import HTTPResponse, Request, Sanic
from sessions import csrf_token, load_session, save_session

import api
import auth
import pages
from body import BoundedRequest
from errors import handle_exception
from shared.checks import MAX_BODY_BYTES
from shared.store import Store

HERE = Path(__file__).parent

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


async def add_security_headers(request: Request, response: HTTPResponse) -> None:
    """Response middleware: Sanic runs it on every response, error responses included."""
    response.headers.update(SECURITY_HEADERS)


def create_app(settings: dict[str, str] | None = None) -> Sanic:
    """Build the app; `settings` override the environment (QUOTES_DB, SECRET_KEY, ...)."""
    config = {**os.environ, **(settings or {})}
    app = Sanic("quotes", request_class=BoundedRequest)
    store = Store(config.get("QUOTES_DB") or HERE / "quotes.db", seed_dir=HERE / "shared")
    app.ctx.store = store
    app.ctx.signer = URLSafeSerializer(config.get("SECRET_KEY") or store.secret_key(), "session")
    app.config.update(
        SESSION_COOKIE_SECURE=config.get("SESSION_COOKIE_SECURE") == "1",
        REQUEST_MAX_SIZE=MAX_BODY_BYTES,  # a longer body is a 413 (BoundedRequest, body.py)
    )
    # sanic-ext: Jinja2 templates from templates/ (autoescaped) and HEAD for every GET route;
    # its OpenAPI pages load scripts from a CDN, which the CSP forbids, so they stay off.
    app.extend(config={"templating_path_to_templates": HERE / "templates", "oas": False})
    app.ext.environment.globals["csrf_token"] = csrf_token
    app.blueprint([api.bp, auth.bp, pages.bp])
    app.static("/static", HERE / "shared" / "static", name="static")
    app.on_request(load_session)
    app.on_response(save_session)
    app.on_response(add_security_headers)
    app.error_handler.add(Exception, handle_exception)
    return app
