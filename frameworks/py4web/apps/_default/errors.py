"""Every 4xx and 5xx: a problem (RFC 9457) on JSON paths, the error page on every other path."""

from __future__ import annotations

import json
from http import HTTPStatus
from pathlib import Path
from typing import Any

from ombott import HTTPError, default_app
from py4web import request, response
from py4web.core import render

from shared.checks import nothing_at, title

TEMPLATES = str(Path(__file__).parent / "templates")


def problem(status: int, detail: str, **members: Any) -> str:
    response.status = status
    response.headers["Content-Type"] = "application/problem+json"
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return json.dumps(body | members)


def error_page(error: HTTPError) -> str:
    # ombott has already put the error's status and headers (a 405's Allow) on `response`.
    status = error.status_code
    detail = str(error.body or title(status))
    if status == 404 and "ombott.route" not in request.environ:  # the router's: name the path
        detail = nothing_at(request.path)  # escaped by the template
    if status >= 500:  # a fault: common.py or ombott logged it; the client sees no traceback
        detail = "Something went wrong on our side. Try again later."
    if request.path == "/healthz" or request.path.startswith("/api/"):
        return problem(status, detail)
    response.headers["Content-Type"] = "text/html; charset=utf-8"
    context = {"status": status, "title": title(status), "detail": detail}
    context["current_user"] = request.environ.get("quotes.current_user")  # common.current_user's
    context["csrf_token"] = request.environ.get("quotes.csrf_token", "")
    return render(filename="error.html", path=TEMPLATES, context=context)


for code in HTTPStatus:  # ombott takes one handler per status, and has no catch-all
    if code >= 400:
        default_app().error(code)(error_page)
