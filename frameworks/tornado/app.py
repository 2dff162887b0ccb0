"""The Quotes app on Tornado (SPEC.md): create_app() builds the Application from its settings
and its routes, a handler class per route, as Tornado's blog demo does; serve.py runs it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tornado.web import Application

import api
import auth
import pages
from base import NotFound
from shared.store import Store

HERE = Path(__file__).parent


def create_app(settings: dict[str, Any] | None = None) -> Application:
    """The app from the environment, then `settings` (Tornado's own, plus quotes_db and
    secure_cookies); each worker calls this after the fork, so each opens its own store."""
    config = {
        "quotes_db": os.environ.get("QUOTES_DB") or str(HERE / "quotes.db"),
        "cookie_secret": os.environ.get("SECRET_KEY"),
        "secure_cookies": os.environ.get("SESSION_COOKIE_SECURE") == "1",
        "template_path": str(HERE / "templates"),  # Tornado templates autoescape by default
        "static_path": str(HERE / "shared" / "static"),  # served under /static/
        "static_handler_class": pages.StaticFiles,
        "default_handler_class": NotFound,  # a path that matches no route
        "default_handler_args": {"status_code": 404},
        # region: csrf
        # Every POST, PUT and DELETE must carry the _xsrf token that xsrf_form_html() puts in
        # each form, matching the _xsrf cookie (the API is exempt: ApiHandler.check_xsrf_cookie).
        "xsrf_cookies": True,
        # Tornado 6.6's own check too: a POST, PUT or DELETE whose Sec-Fetch-Site or Origin
        # header says it comes from another site is a 403, token or not.
        "cross_origin_protection": True,
        # endregion
        **(settings or {}),
    }
    config["store"] = store = Store(config["quotes_db"], seed_dir=HERE / "shared")
    # Without SECRET_KEY, a key generated once into a file beside the database, for every worker.
    config["cookie_secret"] = config["cookie_secret"] or store.secret_key()
    # Every cookie the app sets, the session's and the XSRF token's; Path=/ is Tornado's default.
    flags = {"httponly": True, "samesite": "Lax", "secure": config["secure_cookies"]}
    config["cookie_flags"] = flags
    config["xsrf_cookie_kwargs"] = dict(flags)  # a copy: Tornado adds to it
    config["in_flight"] = set()  # requests being handled, for serve.py's graceful stop
    routes = [
        (r"/", pages.Index),
        (r"/healthz", api.Health),
        (r"/api/quotes", api.QuoteList),
        (r"/api/quotes/random", api.RandomQuote),
        (r"/api/quotes/([0-9]+)", api.QuoteDetail),  # ASCII digits: \d takes any script's
        (r"/login", auth.Login),
        (r"/logout", auth.Logout),
    ]
    return Application(routes, **config)
