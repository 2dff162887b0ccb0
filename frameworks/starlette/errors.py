"""What goes wrong: a problem (RFC 9457) on JSON paths, the error page (in the layout) on HTML
paths. `create_app()` registers `http_error` and `server_error` as exception handlers."""

from http import HTTPStatus
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from middleware import SECURITY_HEADERS
from shared.checks import SIGN_IN_FIRST, nothing_at, title
from templating import templates


def problem(status: int, detail: str, **members: Any) -> Response:
    """An RFC 9457 problem response."""
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return JSONResponse(body | members, status, media_type="application/problem+json")


def error_response(request: Request, status: int, detail: str) -> Response:
    """A problem on JSON paths, the error page on every other path."""
    if request.url.path == "/healthz" or request.url.path.startswith("/api/"):
        return problem(status, detail)
    context = {"status": status, "title": title(status), "detail": detail}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


def http_error(request: Request, exc: HTTPException) -> Response:
    """Every HTTPException: ours, the router's own 404 and 405, `@requires`' 401."""
    detail = exc.detail
    if detail == HTTPStatus(exc.status_code).phrase:  # Starlette's own, with no sentence
        detail = {
            401: SIGN_IN_FIRST,
            404: nothing_at(request.url.path),  # Jinja escapes it on the page
            405: f"{request.method} is not allowed here.",
        }.get(exc.status_code, "The request could not be handled.")
    response = error_response(request, exc.status_code, detail)
    response.headers.update(exc.headers or {})  # a 405's Allow, for one
    return response


def server_error(request: Request, exc: Exception) -> Response:
    """Any other exception: a 500 with no traceback (uvicorn logs it)."""
    response = error_response(request, 500, "Something went wrong on our side. Try again later.")
    # Starlette's ServerErrorMiddleware, which calls this, wraps all user middleware.
    response.headers.update(SECURITY_HEADERS)
    return response
