"""What goes wrong: a problem (RFC 9457) on JSON paths, the error page elsewhere. The app's
exception handlers also see the router's own 404 and 405, raised before any middleware runs."""

from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException
from litestar.response import Template

from shared.checks import CSRF_FAILED, SIGN_IN_FIRST, TOO_LARGE, nothing_at, title

SERVER_FAULT = "Something went wrong on our side. Try again later."


def problem(status: int, detail: str, **members: Any) -> Response[Any]:
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return Response(body | members, status_code=status, media_type="application/problem+json")


def error_response(request: Request, status: int, detail: str) -> Response[Any]:
    """A problem on JSON paths, the error page on every other path."""
    if request.url.path == "/healthz" or request.url.path.startswith("/api/"):
        return problem(status, detail)
    context = {"status": status, "title": title(status), "detail": detail}
    return Template("error.html", context=context, status_code=status)


def http_error(request: Request, exc: HTTPException) -> Response[Any]:
    """Every HTTPException: ours, the router's 404 and 405, CSRFConfig's 403, the body limit's
    413. Litestar's own carry only the reason phrase as their detail: give them a sentence."""
    status, detail = exc.status_code, exc.detail
    if status >= 500:
        detail = SERVER_FAULT
    elif detail == HTTPStatus(status).phrase or status in (403, 413):
        detail = {
            401: SIGN_IN_FIRST,
            403: CSRF_FAILED,  # the middleware's "CSRF token verification failed"
            404: nothing_at(request.url.path),  # Jinja escapes it on the page
            405: f"{request.method} is not allowed here.",
            413: TOO_LARGE,
        }.get(status, "The request could not be handled.")
    response = error_response(request, status, detail)
    response.headers.update(exc.headers or {})  # a 405's Allow, for one
    return response


def server_error(request: Request, exc: Exception) -> Response[Any]:
    """Any other exception: a 500 with no traceback (Litestar logs it)."""
    return error_response(request, 500, SERVER_FAULT)
