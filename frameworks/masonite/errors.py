"""Errors: problems (RFC 9457) on JSON paths, the error page elsewhere. Masonite hands every
exception to the container's "exception_handler"; this one replaces its exceptionite handler."""

from __future__ import annotations

import json
import logging
from typing import Any

from masonite.exceptions import InvalidCSRFToken, MethodNotAllowedException, RouteNotFoundException
from masonite.foundation import Application
from masonite.response import Response
from multipart import MultipartError

from shared.checks import CSRF_FAILED, nothing_at, title

log = logging.getLogger(__name__)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


class HttpError(Exception):
    """Raised by controllers and middleware for a 4xx; `members` go into the problem body."""

    def __init__(self, status: int, detail: str, **members: Any) -> None:
        super().__init__(detail)
        self.status, self.detail, self.members = status, detail, members


def is_json_path(path: str) -> bool:
    return path == "/healthz" or path.startswith("/api/")


def problem(response: Response, status: int, detail: str, **members: Any) -> Response:
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    response.content = json.dumps(body | members).encode()
    response.header("Content-Type", "application/problem+json")
    return response.status(status)


class ExceptionHandler:
    def __init__(self, application: Application) -> None:
        self.application = application

    def classify(self, exc: Exception, path: str) -> tuple[int, str, dict[str, Any]]:
        if isinstance(exc, HttpError):
            return exc.status, exc.detail, exc.members
        if isinstance(exc, RouteNotFoundException):
            return 404, nothing_at(path), {}
        if isinstance(exc, MethodNotAllowedException):
            return 405, "That method is not allowed here.", {}
        if isinstance(exc, InvalidCSRFToken):
            return 403, CSRF_FAILED, {}
        if isinstance(exc, (UnicodeDecodeError, MultipartError)):  # Masonite parses the form
            return 400, "The request could not be read.", {}
        log.error("Unhandled exception on %s", path, exc_info=exc)
        return 500, "Something went wrong on our side. Try again later.", {}

    def handle(self, exc: Exception) -> None:
        path = self.application.make("environ").get("PATH_INFO", "")
        status, detail, members = self.classify(exc, path)
        # A fresh response: the container's may be the last request's, when the failure came
        # before FrameworkProvider bound this one (a form Masonite could not parse).
        response = Response(self.application)
        self.application.bind("response", response)
        if is_json_path(path):
            problem(response, status, detail, **members)
        else:
            page = {"status": status, "title": title(status), "detail": detail}
            response.view(self.application.make("view").render("error", page), status=status)
        if isinstance(exc, MethodNotAllowedException):
            response.header("Allow", exc.headers["Allow"])
        for name, value in SECURITY_HEADERS.items():
            response.header(name, value)
