"""Errors: problems (RFC 9457) on JSON paths, the error page elsewhere, and the exception views
that turn each kind of failure into one of them."""

from __future__ import annotations

import logging
from typing import Any

from pyramid.config import Configurator
from pyramid.exceptions import BadCSRFOrigin, BadCSRFToken, PredicateMismatch
from pyramid.httpexceptions import HTTPError, HTTPNotFound
from pyramid.renderers import render_to_response
from pyramid.request import Request
from pyramid.response import Response
from pyramid.view import exception_view_config, forbidden_view_config

from shared.checks import CSRF_FAILED, SIGN_IN_FIRST, nothing_at, title

log = logging.getLogger(__name__)


def includeme(config: Configurator) -> None:
    config.scan(__name__)


def is_json_path(request: Request) -> bool:
    path = request.environ.get("PATH_INFO", "")  # raw: request.path_info may not decode
    return path == "/healthz" or path.startswith("/api/")


def problem(status: int, detail: str, **members: Any) -> Response:
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return Response(json=body | members, status=status, content_type="application/problem+json")


def error_response(request: Request, status: int, detail: str) -> Response:
    """A problem on JSON paths, the error page (in the layout) on every other path."""
    if is_json_path(request):
        return problem(status, detail)
    page = {"status": status, "title": title(status), "detail": detail}
    return render_to_response("error.html", page, request, response=Response(status=status))


@exception_view_config(HTTPError)
def http_error(exc: HTTPError, request: Request) -> Response:
    """Every 4xx and 5xx raised as an HTTP exception (WebOb's bodies are plain HTML)."""
    detail = exc.detail or exc.explanation
    if isinstance(exc, HTTPNotFound) and not (is_json_path(request) and request.matched_route):
        # Not an API view's 404 but the router's (its detail: the bare path) or the static
        # view's (the whole URL): the page names the path, which Jinja escapes.
        detail = nothing_at(request.path_info)
    return error_response(request, exc.code, detail)


@exception_view_config(PredicateMismatch)
def method_not_allowed(exc: PredicateMismatch, request: Request) -> Response:
    """Pyramid answers a known path with an unknown method with a 404 (no view's predicates
    matched): make it a 405, whose Allow lists the methods of the route's views."""
    introspector = request.registry.introspector
    allowed = set()
    for view in introspector.related(introspector.get("routes", request.matched_route.name)):
        methods = view.get("request_methods") or ()  # "GET" or ("GET", "POST")
        allowed.update([methods] if isinstance(methods, str) else methods)
    allowed |= {"HEAD"} if "GET" in allowed else set()  # Pyramid's GET views also answer HEAD
    response = error_response(request, 405, f"{request.method} is not allowed here.")
    response.allow = sorted(allowed)
    return response


@forbidden_view_config()
def sign_in_first(exc: Exception, request: Request) -> Response:
    """The security policy denied a permission: here, that means no one is signed in."""
    return error_response(request, 401, SIGN_IN_FIRST)


@exception_view_config(BadCSRFToken)
@exception_view_config(BadCSRFOrigin)
def csrf_failed(exc: Exception, request: Request) -> Response:
    """Pyramid's CSRF check raises a 400; a missing or wrong token is a 403."""
    return error_response(request, 403, CSRF_FAILED)


@exception_view_config(UnicodeDecodeError)
def not_utf8(exc: UnicodeDecodeError, request: Request) -> Response:
    """A path, query or form that is not UTF-8: WebOb raises as it decodes, Pyramid passes it on."""
    return error_response(request, 400, "The request is not valid UTF-8.")


@exception_view_config(Exception)
def server_error(exc: Exception, request: Request) -> Response:
    """Anything unexpected: logged here, and a 500 that tells the client nothing of it."""
    log.error("Unhandled exception on %s", request.environ.get("PATH_INFO"), exc_info=exc)
    return error_response(request, 500, "Something went wrong on our side. Try again later.")
