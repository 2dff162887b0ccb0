"""The Quotes app on Litestar (see SPEC.md): `create_app()` hands `Litestar()` its route
handlers and the configs of what Litestar has built in (CSRF, sessions, templates)."""

import os
from pathlib import Path

from litestar import Litestar
from litestar.di import Provide
from litestar.exceptions import HTTPException

import api
import auth
import pages
import security
from db import get_store
from errors import http_error, server_error
from shared.checks import MAX_BODY_BYTES
from shared.store import Store
from templating import template_config

HERE = Path(__file__).parent


def create_app(settings: dict[str, str] | None = None) -> Litestar:
    """Build the app; `settings` override the environment (QUOTES_DB, SECRET_KEY, ...)."""
    config = {**os.environ, **(settings or {})}
    # uvicorn --factory calls this inside each worker process, so each worker opens its own
    # SQLite connections. The store is opened here, not in on_startup, because the session and
    # CSRF configs need the key up front and the default key sits beside the database.
    store = Store(config.get("QUOTES_DB") or HERE / "quotes.db", seed_dir=HERE / "shared")
    secret = config.get("SECRET_KEY") or store.secret_key()
    secure = config.get("SESSION_COOKIE_SECURE") == "1"
    app = Litestar(
        route_handlers=[pages.router, api.router, auth.router],
        middleware=[security.session_middleware(secret, secure), auth.SessionUserMiddleware],
        csrf_config=security.csrf_config(secret, secure),
        template_config=template_config,
        dependencies={"store": Provide(get_store, sync_to_thread=False)},
        exception_handlers={HTTPException: http_error, Exception: server_error},
        before_send=[security.set_security_headers],
        request_max_body_size=MAX_BODY_BYTES,  # Content-Length and streamed bytes: a 413
        openapi_config=None,  # its /schema pages load their scripts from a CDN
    )
    app.state.store = store
    return app
