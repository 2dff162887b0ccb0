"""The Quotes app on Tornado: the factory and the base handler every route shares (see SPEC.md).

The handlers live by feature, as in the Flask version: api.py, auth.py, pages.py; serve.py runs
the production server (bind, fork, then one IOLoop per worker).
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from tornado.escape import json_encode
from tornado.httputil import responses
from tornado.ioloop import IOLoop
from tornado.web import Application, ErrorHandler, HTTPError, RequestHandler

from shared.store import Store

HERE = Path(__file__).parent
MAX_BODY = 65_536
T = TypeVar("T")

# === Configuration ===


# region: configuration
def create_app(settings: dict[str, Any] | None = None) -> Application:
    """Build the app from the environment, then `settings` (Tornado's own, plus quotes_db and
    secure_cookies); serve.py calls this in each worker, so each opens its own SQLite store."""
    import api  # imported here: these modules import BaseHandler from this one
    import auth
    import pages

    config = {
        "quotes_db": os.environ.get("QUOTES_DB") or str(HERE / "quotes.db"),
        "cookie_secret": os.environ.get("SECRET_KEY"),
        "secure_cookies": os.environ.get("SESSION_COOKIE_SECURE") == "1",
        "template_path": str(HERE / "templates"),  # Tornado templates autoescape by default
        "static_path": str(HERE / "static"),  # served under /static/ by static_handler_class
        "static_handler_class": pages.StaticFiles,
        "default_handler_class": NotFound,  # a path that matches no route
        "default_handler_args": {"status_code": 404},
        # Every POST, PUT and DELETE must carry the _xsrf token that xsrf_form_html() puts in
        # each form, matching the _xsrf cookie (BaseHandler.check_xsrf_cookie; the API is exempt).
        "xsrf_cookies": True,
        # Tornado 6.6's own check too: a POST, PUT or DELETE whose Sec-Fetch-Site or Origin
        # header says it comes from another site is a 403, token or not.
        "cross_origin_protection": True,
        **(settings or {}),
    }
    config["store"] = store = Store(config["quotes_db"], seed_dir=HERE)
    config["cookie_secret"] = config["cookie_secret"] or store.secret_key()  # shared by workers
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


# endregion


# === Security headers ===

# region: security-headers
# On every response, by the handler that every route's handler extends:
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


class BaseHandler(RequestHandler):
    """What every handler shares: headers, the store, who is signed in, checks, error pages."""

    def set_default_headers(self) -> None:
        """Tornado calls this for every response, and again for an error (send_error clears)."""
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)
        # endregion

    # region: production-server
    def prepare(self) -> None:
        """Count this request as in flight, so that serve.py can let it finish on SIGTERM."""
        self.settings["in_flight"].add(self)

    def on_finish(self) -> None:
        """Tornado calls this once the response is sent."""
        self.settings["in_flight"].discard(self)

    def on_connection_close(self) -> None:
        """Tornado calls this if the client goes away first."""
        self.settings["in_flight"].discard(self)
        super().on_connection_close()

    # endregion

    @property
    def store(self) -> Store:
        """This worker's store (opened after the fork; its connections are per thread)."""
        return self.settings["store"]

    def in_thread(self, blocking: Callable[..., T], *args: Any) -> Awaitable[T]:
        """Run a blocking call (a write that may wait for SQLite's lock, or PBKDF2) in the
        IOLoop's thread pool, so the event loop goes on serving others meanwhile."""
        return IOLoop.current().run_in_executor(None, blocking, *args)

    # region: sessions
    def session_id(self) -> str | None:
        """The server-side session id in the signed cookie; None if missing, tampered or foreign."""
        value = self.get_signed_cookie("session")
        return value.decode() if value else None

    def get_current_user(self) -> str | None:
        """Tornado calls this the first time self.current_user (or a template) asks. A short
        indexed read, so it runs on the loop: in WAL mode a reader never waits for a writer."""
        return self.store.session_user(self.session_id())

    def require_signed_in(self) -> None:
        """A 401 unless signed in (@tornado.web.authenticated would redirect, or answer 403)."""
        if self.current_user is None:
            raise HTTPError(401, "Sign in first.")

    # endregion

    # region: csrf
    def check_xsrf_cookie(self) -> None:
        """With xsrf_cookies=True, Tornado calls this on every POST, PUT and DELETE before
        prepare() and before it looks for the method, so that a wrong method and a too large
        body would both be 403s. Refuse those first, then check the form's _xsrf token."""
        if self.request.method not in self.allowed_methods():
            raise HTTPError(405)
        if len(self.request.body) > MAX_BODY:
            raise HTTPError(413, f"A request body may be at most {MAX_BODY} bytes.")
        super().check_xsrf_cookie()

    # endregion

    def head(self, *args: str) -> Awaitable[None] | None:
        """Tornado answers HEAD with a 405 unless told: answer as GET; finish() drops the body."""
        return self.get(*args)

    # region: errors
    def allowed_methods(self) -> list[str]:
        """The methods this handler implements, for a 405's Allow header (Tornado sends none)."""
        own = [
            method
            for method in self.SUPPORTED_METHODS
            if getattr(type(self), method.lower()) is not getattr(RequestHandler, method.lower())
        ]
        return [method for method in own if method != "HEAD" or "GET" in own]

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Every error response: a problem on JSON paths, the error page on every other path.
        The detail is the HTTPError's message; an unexpected exception's is never shown."""
        error = kwargs["exc_info"][1] if "exc_info" in kwargs else None
        detail = DETAILS.get(status_code, "The request could not be handled.")
        detail = detail.format(method=self.request.method, path=self.request.path)
        if isinstance(error, HTTPError) and (message := error.get_message()):
            detail = message
        if status_code == 405:
            self.set_header("Allow", ", ".join(self.allowed_methods()))
        if self.request.path == "/healthz" or self.request.path.startswith("/api/"):
            self.write_problem(status_code, detail)
        else:  # the path in a 404's detail is escaped by the template, as is everything
            self.render("error.html", status=status_code, title=title(status_code), detail=detail)

    def write_problem(self, status: int, detail: str, **members: Any) -> None:
        """Answer an RFC 9457 problem."""
        body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
        self.set_status(status)
        self.set_header("Content-Type", "application/problem+json")
        self.finish(json_encode(body | members))

    # endregion


# === JSON API ===
# The handlers: api.py. Their errors are problems (BaseHandler.write_problem above).

# === Login ===
# The handlers: auth.py. Who is signed in and the XSRF check: BaseHandler above.

# === HTML pages ===
# The handlers: pages.py (the page, and the static files); the templates extend base.html.

# === Errors ===

# region: errors
DETAILS = {  # for the errors that Tornado raises with no message, and any exception
    404: "There is nothing at {path}.",
    405: "{method} is not allowed here.",
    500: "Something went wrong on our side. Try again later.",
}
RENAMED = {413: "Content Too Large", 422: "Unprocessable Content"}  # by RFC 9110


def title(status: int) -> str:
    """The status's reason phrase, which is also the problem's title (Tornado's table, from
    Python 3.11's http.client, still has the old names for 413 and 422)."""
    return RENAMED.get(status) or responses.get(status, "Error")


class NotFound(ErrorHandler, BaseHandler):
    """Tornado's ErrorHandler (a 404 whatever the method, no XSRF check) with the app's pages."""


# endregion
