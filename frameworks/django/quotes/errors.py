"""Every error: a problem (RFC 9457) on JSON paths, the error page on every other path.

Django calls the handlers below (quotesite/urls.py names them) only when DEBUG is off.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import View

from shared.checks import CSRF_FAILED, nothing_at, title


def problem(status: int, detail: str, **members: Any) -> JsonResponse:
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return JsonResponse(body | members, status=status, content_type="application/problem+json")


def error_response(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    if request.path == "/healthz" or request.path.startswith("/api/"):
        return problem(status, detail)
    context = {"status": status, "title": title(status), "detail": detail}
    return render(request, "error.html", context, status=status)


def method_not_allowed(request: HttpRequest, allowed: list[str]) -> HttpResponse:
    """A 405 with Allow, as a problem or the error page (Django's own has an empty body)."""
    response = error_response(request, 405, f"{request.method} is not allowed here.")
    response["Allow"] = ", ".join(allowed)
    return response


class BaseView(View):
    """Every view: Django's View calls the method named by the request's, and else this."""

    def http_method_not_allowed(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        return method_not_allowed(request, self._allowed_methods())


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an Http404 from a view (its message says what), or no URL matched."""
    if type(exception) is Http404 and exception.args:
        return error_response(request, 404, str(exception.args[0]))
    return error_response(request, 404, nothing_at(request.path))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: what Django finds malformed (a bad Host header, a broken multipart body)."""
    return error_response(request, 400, "The request is malformed.")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a missing or wrong token, on the 403 page."""
    return error_response(request, 403, CSRF_FAILED)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: any other exception, logged by Django; the client sees no traceback."""
    return error_response(request, 500, "Something went wrong on our side. Try again later.")
