"""The handlers' shared base, as in Tornado's blog demo: BaseHandler, which every handler
extends, and BodyHandler, which the handlers of routes that take a body extend."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import Any

from tornado.escape import json_encode
from tornado.httputil import HTTPInputError, parse_body_arguments
from tornado.ioloop import IOLoop
from tornado.web import ErrorHandler, HTTPError, RequestHandler, stream_request_body

from errors import default_detail, problem
from shared.checks import MAX_BODY_BYTES, SIGN_IN_FIRST, TOO_LARGE, parse_ascii_int, title
from shared.store import Store

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}
# Past the limit, this much more body is read and dropped, so that the connection can serve the
# next request after the 413; past that, the 413 comes at once and the connection closes.
DRAIN_MAX = 1024 * 1024


class BaseHandler(RequestHandler):
    def set_default_headers(self) -> None:
        """Tornado calls this for every response, and again for an error (send_error clears)."""
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)

    def prepare(self) -> None:
        """Count this request as in flight, so that serve.py can let it finish on SIGTERM."""
        self.settings["in_flight"].add(self)

    def on_finish(self) -> None:
        """Tornado calls this once the response is sent."""
        self.settings["in_flight"].discard(self)

    def on_connection_close(self) -> None:
        """Tornado calls this instead of on_finish() if the client goes away first."""
        self.settings["in_flight"].discard(self)
        super().on_connection_close()

    def get_store(self) -> Store:
        """This worker's store, opened after the fork (its connections are per thread)."""
        return self.settings["store"]

    def in_thread(self, blocking: Callable[..., Any], *args: Any) -> Awaitable[Any]:
        """Run a blocking call (a write that may wait for SQLite's lock, or PBKDF2) in the
        IOLoop's thread pool, so the event loop goes on serving others meanwhile."""
        return IOLoop.current().run_in_executor(None, blocking, *args)

    def session_id(self) -> str | None:
        """The server-side session id in the signed cookie; None if missing, tampered or foreign."""
        value = self.get_signed_cookie("session")
        return value.decode() if value else None

    def get_current_user(self) -> str | None:
        """Tornado calls this the first time self.current_user (or a template) asks. A short
        indexed read, so it runs on the loop: in WAL mode a reader never waits for a writer."""
        return self.get_store().session_user(self.session_id())

    def require_signed_in(self) -> None:
        """A 401 unless signed in (@tornado.web.authenticated would redirect, or answer 403)."""
        if self.current_user is None:
            raise HTTPError(401, SIGN_IN_FIRST)

    def check_xsrf_cookie(self) -> None:
        """With xsrf_cookies=True, Tornado calls this on every POST, PUT and DELETE before
        prepare() and before it looks for the method, so a wrong method would be a 403."""
        if self.request.method not in self.allowed_methods():
            raise HTTPError(405)
        super().check_xsrf_cookie()

    def head(self, *args: str) -> Awaitable[None] | None:
        """Tornado answers HEAD with a 405 unless told: answer as GET; finish() drops the body."""
        return self.get(*args)

    def allowed_methods(self) -> list[str]:
        """The methods this handler implements, for a 405's Allow header (Tornado sends none)."""
        own = [
            method
            for method in self.SUPPORTED_METHODS
            if getattr(type(self), method.lower()) is not getattr(RequestHandler, method.lower())
        ]
        return [method for method in own if method != "HEAD" or "GET" in own]

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        """Tornado calls this for every error: the HTTPError's message is the detail, and an
        unexpected exception's is never shown."""
        error = kwargs["exc_info"][1] if "exc_info" in kwargs else None
        detail = error.get_message() if isinstance(error, HTTPError) else None
        detail = detail or default_detail(status_code, self.request.method, self.request.path)
        if status_code == 405:
            self.set_header("Allow", ", ".join(self.allowed_methods()))
        if self.request.path == "/healthz" or self.request.path.startswith("/api/"):
            self.write_problem(status_code, detail)
        else:
            self.render("error.html", status=status_code, title=title(status_code), detail=detail)

    def write_problem(self, status: int, detail: str, **members: Any) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/problem+json")
        self.finish(json_encode(problem(status, detail, **members)))


@stream_request_body
class BodyHandler(BaseHandler):
    """Tornado reads a body whole before the handler runs, and past HTTPServer's max_body_size
    answers a bare 400 and closes the connection. Streamed (as in Tornado's file_upload demo),
    the body comes to data_received() as it arrives, and the handler answers for it."""

    def prepare(self) -> None:
        """Tornado calls this once the headers are in, before any of the body."""
        super().prepare()
        self.body = bytearray()
        self.received = 0
        # Tornado's own limit would answer (its bare 400) before this handler could.
        self.request.connection.set_max_body_size(sys.maxsize)
        declared = parse_ascii_int(self.request.headers.get("Content-Length")) or 0
        if declared > MAX_BODY_BYTES + DRAIN_MAX:
            self.refuse_unread()

    def data_received(self, chunk: bytes) -> None:
        """Keep the body up to one byte past the limit, chunked or not; drop the rest."""
        self.received += len(chunk)
        self.body += chunk[: MAX_BODY_BYTES + 1 - len(self.body)]
        if self.received > MAX_BODY_BYTES + DRAIN_MAX:  # chunked: no length said so before
            self.refuse_unread()

    def refuse_unread(self) -> None:
        """The 413 before the rest of the body is read. Tornado then closes the connection (the
        only way not to read the rest) without saying so, so the response says it."""
        self.set_status(413)
        self.set_header("Connection", "close")
        self.write_error(413)

    def refuse_large_body(self) -> None:
        """A 413 past the limit, before anything else looks at the body (sign-in and the XSRF
        token too, as a proxy's body limit would be)."""
        if len(self.body) > MAX_BODY_BYTES:
            raise HTTPError(413, TOO_LARGE)

    def check_xsrf_cookie(self) -> None:
        """Tornado calls this before prepare(), so before a streamed body (and the form's _xsrf
        field in it) has arrived: read_form() makes the check once it has."""

    def read_form(self) -> None:
        """Parse the form as Tornado does a body it has read itself, then check its _xsrf."""
        self.refuse_large_body()
        request, content_type = self.request, self.request.headers.get("Content-Type", "")
        try:
            parse_body_arguments(
                content_type,
                bytes(self.body),
                request.body_arguments,
                request.files,
                request.headers,
            )
        except HTTPInputError as error:
            raise HTTPError(400, f"Invalid body: {error}") from error
        for name, values in request.body_arguments.items():
            request.arguments.setdefault(name, []).extend(values)
        super().check_xsrf_cookie()


class NotFound(ErrorHandler, BaseHandler):
    """The default_handler_class: Tornado's ErrorHandler (a 404 whatever the method, no XSRF
    check) with the app's error responses."""
