"""Every HTTP error: a problem (RFC 9457) on JSON paths, the error page on every other path."""

from __future__ import annotations

import html
import json
from typing import Any

import cherrypy

from shared.checks import NOT_JSON_MEDIA_TYPE, TOO_LARGE, nothing_at, title
from templating import render

# The project's words for the errors CherryPy raises itself (request.body.maxbytes, json_in).
DETAILS = {413: TOO_LARGE, 415: NOT_JSON_MEDIA_TYPE}


def problem(status: int, detail: str, **members: Any) -> dict[str, Any]:
    """Sets the response's status and media type, and returns the body for tools.json_out."""
    response = cherrypy.serving.response
    response.status = status
    response.headers["Content-Type"] = "application/problem+json"
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return body | members


def error_page(status: str, message: str, traceback: str, version: str) -> str:
    """error_page.default: the body of every error, CherryPy's own 404, 405 and 413 included.
    The headers already set stay (a 405's Allow); `message` comes HTML-escaped: unescaped here."""
    code, request = int(status.split()[0]), cherrypy.serving.request
    detail = DETAILS.get(code) or html.unescape(message)
    if code == 404 and isinstance(request.handler, cherrypy.NotFound):  # no object at the path
        detail = nothing_at(request.path_info)
    if request.path_info == "/healthz" or request.path_info.startswith("/api/"):
        return json.dumps(problem(code, detail))
    cherrypy.serving.response.headers["Content-Type"] = "text/html;charset=utf-8"
    return render("error.html", status=code, title=title(code), detail=detail)
