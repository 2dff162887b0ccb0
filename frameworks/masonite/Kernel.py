"""The application Kernel, as in Masonite's project scaffold: configuration, the key, the
middleware stacks, the routes and the views, registered once per worker by wsgi.py."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path
from typing import ClassVar

from masonite.auth import Sign
from masonite.configuration import Configuration
from masonite.foundation import Application, response_handler
from masonite.middleware import EncryptCookies
from masonite.routes import Route

from errors import ExceptionHandler
from middleware import (
    BodyLimit,
    SecurityHeaders,
    SessionMiddleware,
    SignedInUser,
    VerifyCsrfToken,
)
from shared.store import Store

HERE = Path(__file__).parent


class Kernel:
    # Every matched route runs these (Masonite runs no middleware for a path it cannot route:
    # errors.py sets the headers on those answers).
    http_middleware: ClassVar[list[type]] = [SecurityHeaders, BodyLimit, EncryptCookies]
    route_middleware: ClassVar[dict[str, list[type]]] = {
        "web": [SessionMiddleware, SignedInUser, VerifyCsrfToken]
    }

    def __init__(self, application: Application) -> None:
        self.application = application

    def register(self) -> None:
        self.application.bind("config.location", "config")
        configuration = Configuration(self.application)
        configuration.load()
        self.application.bind("config", configuration)
        self.application.bind("controllers.location", "controllers")
        self.register_store_and_key()
        self.application.make("middleware").add(self.route_middleware).add(self.http_middleware)
        # Imported here, as the scaffold loads routes/web.py: building a route looks its
        # controller up through the app, which exists only now.
        from routes.web import ROUTES

        self.application.make("router").add(Route.group(ROUTES, middleware=["web"]))
        self.application.bind("views.location", "templates")
        self.application.bind("exception_handler", ExceptionHandler(self.application))
        self.application.set_response_handler(response_handler)

    def register_store_and_key(self) -> None:
        store = Store(os.environ.get("QUOTES_DB", str(HERE / "quotes.db")), HERE / "shared")
        self.application.bind("store", store)
        # Masonite signs with Fernet, whose key is 32 url-safe base64 bytes: any SECRET_KEY (or
        # the generated quotes.secret-key) becomes one through SHA-256.
        secret = os.environ.get("SECRET_KEY") or store.secret_key()
        key = base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest()).decode()
        self.application.bind("key", key)
        self.application.bind("sign", Sign(key))
