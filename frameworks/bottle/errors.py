"""Every 4xx and 5xx: a problem (RFC 9457) on JSON paths, the error page on every other path."""

from __future__ import annotations

import json
from typing import Any

from bottle import HTTPError, request, response

from security import set_security_headers
from shared.checks import nothing_at, title
from templating import render


def problem(status: int, detail: str, **members: Any) -> str:
    response.status = status
    response.content_type = "application/problem+json"  # so not through the JSON plugin
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return json.dumps(body | members)


def error_page(error: HTTPError) -> str:
    # Bottle has already put the error's status and headers (a 405's Allow) on `response`.
    status = error.status_code
    detail = str(error.body or title(status))
    if status == 404 and "bottle.route" not in request.environ:  # the router's: name the path
        detail = nothing_at(request.path)  # escaped by the template
    if status >= 500:  # an unhandled exception: Bottle logged it; the client sees no traceback
        detail = "Something went wrong on our side. Try again later."
    set_security_headers()  # again: a 500 replaces the response after the after_request hook
    if request.path == "/healthz" or request.path.startswith("/api/"):
        return problem(status, detail)
    return render("error.tpl", status=status, title=title(status), detail=detail)
