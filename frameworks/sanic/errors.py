"""What goes wrong: a problem (RFC 9457) on JSON paths, the error page (in the layout) on HTML
paths. `create_app()` registers `handle_exception` for every exception, Sanic's own 404 and 405
and body.py's 413 included."""

import logging
from typing import Any

from sanic import HTTPResponse, Request, json
from sanic.constants import HTTP_METHODS
from sanic.exceptions import MethodNotAllowed, NotFound, SanicException
from sanic_ext import render

from shared.checks import TOO_LARGE, nothing_at, title

SERVER_FAULT = "Something went wrong on our side. Try again later."

logger = logging.getLogger("sanic.error")


def problem(status: int, detail: str, **members: Any) -> HTTPResponse:
    """An RFC 9457 problem response."""
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return json(body | members, status, content_type="application/problem+json")


async def error_response(request: Request, status: int, detail: str) -> HTTPResponse:
    """A problem on JSON paths, the error page on every other path."""
    if request.path == "/healthz" or request.path.startswith("/api/"):
        return problem(status, detail)
    context = {"status": status, "title": title(status), "detail": detail}
    return await render("error.html", status=status, context=context)


def allowed_methods(request: Request) -> str:
    """The methods the path takes, for a 405's Allow: Sanic's router names them itself only on
    paths without parameters (sanic-routing raises its NoMethod bare on the others)."""
    allowed = []
    for method in HTTP_METHODS:
        try:
            request.app.router.get(request.path, method, None)
        except SanicException:
            continue
        allowed.append(method)
    return ", ".join(allowed)


async def handle_exception(request: Request, exc: Exception) -> HTTPResponse:
    """Every exception that reaches Sanic: the handlers answer their own refusals themselves,
    so what arrives here is the router's, the server's or an unexpected fault."""
    if not isinstance(exc, SanicException) or exc.status_code >= 500:
        logger.exception("Unexpected fault on %s %s", request.method, request.path)
        return await error_response(request, 500, SERVER_FAULT)  # no traceback in the body
    headers = dict(exc.headers or {})  # a copy: otherwise it is the class's dict, shared
    if isinstance(exc, NotFound):
        detail = nothing_at(request.path)  # Jinja escapes it on the page
    elif isinstance(exc, MethodNotAllowed):
        detail = f"{request.method} is not allowed here."
        headers.setdefault("Allow", allowed_methods(request))
    elif exc.status_code == 413:  # REQUEST_MAX_SIZE (body.py)
        detail = TOO_LARGE
    else:
        detail = "The request could not be handled."
    response = await error_response(request, exc.status_code, detail)
    response.headers.update(headers)  # a 405's Allow, for one
    return response
