"""The Quotes app in TurboGears (SPEC.md): the factory that configures TurboGears and builds the
root controller, whose attributes are the site's paths (object dispatch)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tg import MinimalApplicationConfigurator
from tg.appwrappers.base import ApplicationWrapper
from tg.util import Bunch
from webob import Response

from api import JsonRoutes
from auth import AuthController
from errors import ErrorPages
from pages import PagesController
from shared.checks import MAX_BODY_BYTES
from shared.store import Store
from shared.wsgi_body import ReadBodyFirst

HERE = Path(__file__).parent
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


class RootController(PagesController, AuthController, JsonRoutes):
    """/ and /static (pages.py), /login and /logout (auth.py), /healthz and /api (api.py)."""


class SecurityHeaders(ApplicationWrapper):
    """Registered last, so outermost: it sees every response, error pages included."""

    def __call__(self, controller: Any, environ: dict[str, Any], context: Any) -> Response:
        response = self.next_handler(controller, environ, context)
        response.headers.update(SECURITY_HEADERS)
        return response


def create_app(settings: dict[str, Any] | None = None) -> ReadBodyFirst:
    """Build the WSGI app from the environment, then `settings`; each worker opens its own store."""
    settings = {
        "quotes_db": os.environ.get("QUOTES_DB", str(HERE / "quotes.db")),
        "secret_key": os.environ.get("SECRET_KEY"),
        "session_cookie_secure": os.environ.get("SESSION_COOKIE_SECURE") == "1",
        **(settings or {}),
    }
    store = Store(settings["quotes_db"], HERE / "shared")  # gunicorn calls this in every worker
    settings["secret_key"] = settings["secret_key"] or store.secret_key()  # quotes.secret-key
    config = MinimalApplicationConfigurator()
    config.update_blueprint(
        {
            **settings,
            "quotes.store": store,
            "root_controller": RootController(),
            "app_globals": Bunch,  # no quickstarted lib/ package to find them in
            "helpers": Bunch(),
            "renderers": ["json", "jinja"],  # Jinja2: the layout and markup of its siblings
            "default_renderer": "jinja",
            "use_dotted_templatenames": False,  # plain file names under templates/
            "paths": {"templates": [str(HERE / "templates")]},
            # /style.css would otherwise be dispatched as /style with a CSS response type
            "disable_request_extensions": True,
        }
    )
    config.register_application_wrapper(ErrorPages, after=True)
    config.register_application_wrapper(SecurityHeaders, after=True)
    # Every body is read first, whatever its framing (shared/wsgi_body.py); ErrorPages refuses
    # one over the limit with a 413.
    return ReadBodyFirst(config.make_wsgi_app(), MAX_BODY_BYTES)
