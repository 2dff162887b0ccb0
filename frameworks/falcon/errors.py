"""Errors: a problem (RFC 9457) on JSON paths, the error page on every other path."""

from __future__ import annotations

import json
from typing import Any

import falcon

from shared.checks import nothing_at, title
from templating import render


def problem(resp: falcon.Response, status: int, detail: str, **members: Any) -> None:
    """Make `resp` a problem: for the 422, whose `errors` member an HTTPError has no room for."""
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    resp.status = status
    resp.content_type = "application/problem+json"
    resp.text = json.dumps(body | members)


def serialize_error(req: falcon.Request, resp: falcon.Response, error: falcon.HTTPError) -> None:
    """Every HTTPError, the router's 404 and 405 and Falcon's 500 included. Falcon's default
    serializer writes JSON only to clients that accept it: a browser got an empty body."""
    status = error.status_code
    detail = error.description or {
        404: nothing_at(req.path),  # Jinja escapes it on the page
        405: f"{req.method} is not allowed here.",
        500: "Something went wrong on our side. Try again later.",  # the traceback goes to the log
    }.get(status, "The request could not be handled.")
    if req.path == "/healthz" or req.path.startswith("/api/"):
        problem(resp, status, detail)
    else:  # Falcon has already set the status, and any headers (a 405's Allow)
        render(req, resp, "error.html", status=status, title=title(status), detail=detail)
