"""The Quotes app on aiohttp (see SPEC.md): `create_app()` builds a `web.Application` from the
route tables of api.py, auth.py and pages.py; gunicorn calls it in each worker process."""

import os
from collections.abc import Mapping
from pathlib import Path

from aiohttp import web
from aiohttp_session import session_middleware

import api
import auth
import pages
from db import STORE
from errors import error_middleware
from security import SignedCookieStorage, csrf_middleware, set_security_headers
from shared.checks import MAX_BODY_BYTES
from shared.store import Store
from templating import setup_templates

HERE = Path(__file__).parent


def create_app(settings: Mapping[str, str] | None = None) -> web.Application:
    """Build the app; `settings` override the environment (QUOTES_DB, SECRET_KEY, ...)."""
    config = {**os.environ, **(settings or {})}
    # gunicorn (without --preload) calls this in each worker, after the fork, so each worker
    # opens its own SQLite connections.
    store = Store(config.get("QUOTES_DB") or HERE / "quotes.db", seed_dir=HERE / "shared")
    secret_key = config.get("SECRET_KEY") or store.secret_key()
    storage = SignedCookieStorage(secret_key, secure=config.get("SESSION_COOKIE_SECURE") == "1")
    # Middlewares run outermost first: the session is saved on every response, error pages
    # included; aiohttp reads no body past client_max_size (it raises a 413).
    app = web.Application(
        middlewares=[session_middleware(storage), error_middleware],
        client_max_size=MAX_BODY_BYTES,
    )
    setup_templates(app)  # adds aiohttp-jinja2's context processor middleware
    app.middlewares.append(csrf_middleware)  # innermost: the 403 page knows who is signed in
    app[STORE] = store
    app.on_response_prepare.append(set_security_headers)
    app.add_routes([*pages.routes, *api.routes, *auth.routes])
    app.router.add_static("/static", HERE / "shared" / "static")
    return app
