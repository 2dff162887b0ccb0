"""Every 4xx and 5xx: a problem (RFC 9457) on JSON paths, the error page on every other path.

Quixote turns a raised PublishError into a response through the Publisher's
format_publish_error(), and any other exception through finish_failed_request(); this Publisher
answers both in the app's own words, and puts the security headers on every response."""

from __future__ import annotations

import json
import threading
from typing import Any

import quixote.publish
from quixote import get_request, get_response
from quixote.errors import MethodNotAllowedError, PublishError, TraversalError
from quixote.http_request import HTTPRequest
from quixote.http_response import HTTPResponse

from shared.checks import MAX_BODY_BYTES, TOO_LARGE, nothing_at, title
from shared.wsgi_body import too_large
from templating import error_page

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


class HTTPError(PublishError):
    """Quixote's PublishError subclasses know 400, 403, 404 and 405; this one any status."""

    def __init__(self, status: int, detail: str, **members: Any) -> None:
        super().__init__(public_msg=detail)
        self.status_code, self.members = status, members


def error_body(status: int, detail: str, **members: Any) -> str:
    request, response = get_request(), get_response()
    response.set_status(status)
    path = request.get_path()
    if path == "/healthz" or path.startswith("/api/"):
        response.set_content_type("application/problem+json", "utf-8")
        problem = {"type": "about:blank", "title": title(status), "status": status}
        return json.dumps(problem | {"detail": detail} | members)
    response.set_content_type("text/html", "utf-8")
    return str(error_page(status, title(status), detail))


class Publisher(quixote.publish.Publisher):
    # Quixote's Publisher keeps the request it is serving in one attribute, so QWIP refuses a
    # multithreaded server unless the publisher says it is thread safe: kept per thread, it is.
    is_thread_safe = True
    requests = threading.local()

    def _set_request(self, request: HTTPRequest) -> None:
        self.requests.current = request

    def _clear_request(self) -> None:
        self.requests.current = None

    def get_request(self) -> HTTPRequest | None:
        return getattr(self.requests, "current", None)

    def parse_request(self, request: HTTPRequest) -> None:
        # SEC-5 on every route, before Quixote parses a form: ReadBodyFirst cut the body at
        # MAX_BODY_BYTES + 1 bytes, so one that long is over the limit.
        if too_large(request.environ, MAX_BODY_BYTES):
            raise HTTPError(413, TOO_LARGE)
        if request.get_path().startswith("/api/"):  # JSON only: Quixote must not parse a form
            content_type = request.environ.pop("CONTENT_TYPE", None)  # (a bad one is its 400)
            super().parse_request(request)
            request.environ["CONTENT_TYPE"] = content_type
        else:
            super().parse_request(request)

    def format_publish_error(self, exc: PublishError) -> str:
        status = exc.status_code
        if isinstance(exc, MethodNotAllowedError):
            get_response().set_header("Allow", ", ".join(exc.allowed_methods))
        if isinstance(exc, TraversalError):  # nothing found on the way down: name the path
            detail = nothing_at(get_request().get_path())  # escaped by the template
        else:
            detail = exc.public_msg or title(status)
        return error_body(status, detail, **getattr(exc, "members", {}))

    def finish_failed_request(self) -> str:
        super().finish_failed_request()  # logs the traceback; the client sees none
        get_response().headers.pop("content-type")  # its text/html would win over ours
        return error_body(500, "Something went wrong on our side. Try again later.")

    def process_request(self, request: HTTPRequest) -> HTTPResponse:
        response: HTTPResponse = super().process_request(request)
        for name, value in SECURITY_HEADERS.items():
            response.set_header(name, value)
        return response
