"""Every HTTP error: a problem (RFC 9457) on JSON paths, the error page on every other path."""

from __future__ import annotations

import json
from typing import Any

from flask import Response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from shared.checks import TOO_LARGE, nothing_at, title


def problem(status: int, detail: str, **members: Any) -> Response:
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return Response(json.dumps(body | members), status, mimetype="application/problem+json")


def error_response(status: int, detail: str) -> Response:
    if request.path == "/healthz" or request.path.startswith("/api/"):
        return problem(status, detail)
    page = render_template("error.html", status=status, title=title(status), detail=detail)
    return Response(page, status)


def http_error(error: HTTPException) -> Response:
    """Every HTTP error. Flask also brings an unhandled exception here, once logged, as a bare
    InternalServerError: the client never sees a traceback."""
    status = error.code or 500
    detail = error.description or title(status)
    if status == 404 and request.url_rule is None:  # no route: say which path, escaped by Jinja
        detail = nothing_at(request.path)
    elif status == 413:  # Werkzeug's words name no limit
        detail = TOO_LARGE
    response = error_response(status, detail)
    for name, value in error.get_headers():  # a 405's Allow, for one
        if name != "Content-Type":
            response.headers[name] = value
    return response


def csrf_failed(error: CSRFError) -> Response:
    """Flask-WTF's CSRFError is a 400 unless handled; a missing or wrong token is a 403."""
    return error_response(403, f"{error.description} Reload the form and try again.")
