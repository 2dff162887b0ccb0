"""The Quotes views: what every view shares, the page, and every error (see SPEC.md).

Django's layout holds the rest: quotesite/settings.py and urls.py, models.py, middleware.py;
the API's views are in api.py, login's in auth.py. The six sections below are the ones every
implementation shares.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import View

from .models import Quote

# === Configuration ===
# quotesite/settings.py reads the environment (QUOTES_DB, SECRET_KEY, SESSION_COOKIE_SECURE);
# quotesite/urls.py maps each path to a view class.

# region: errors


class BaseView(View):
    """Every view: Django's View calls a method by the request's, and else this."""

    def http_method_not_allowed(
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        """A 405 with Allow, as a problem or the error page (Django's own has an empty body)."""
        response = error_response(request, 405, f"{request.method} is not allowed here.")
        response["Allow"] = ", ".join(self._allowed_methods())
        return response


# endregion

# === Security headers ===
# SecurityMiddleware and XFrameOptionsMiddleware (set up in settings.py), and the
# Content-Security-Policy middleware in middleware.py, which Django 5.2 lacks.

# === JSON API ===
# The views: api.py. Their errors are problems:

# region: errors


def problem(status: int, detail: str, **members: Any) -> JsonResponse:
    """An RFC 9457 problem response."""
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return JsonResponse(body | members, status=status, content_type="application/problem+json")


# endregion

# === Login ===
# The views, and who is signed in: auth.py.

# === HTML pages ===

# region: pages


class Index(BaseView):
    def get(self, request: HttpRequest) -> HttpResponse:
        """A featured random quote and the 20 newest (Django templates escape what they show)."""
        featured = Quote.objects.order_by("?").first()
        latest = Quote.objects.order_by("-id")[:20]
        return render(request, "index.html", {"featured": featured, "latest": latest})


# endregion

# === Errors ===

# region: errors
# Django calls the handlers below (named in quotesite/urls.py) only when DEBUG is off.

RENAMED = {413: "Content Too Large", 422: "Unprocessable Content"}  # by RFC 9110


def title(status: int) -> str:
    """The status's reason phrase, which is also the problem's title (HTTPStatus has old names)."""
    return RENAMED.get(status) or HTTPStatus(status).phrase


def error_response(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    """A problem on JSON paths, the error page (in the layout) on every other path."""
    if request.path == "/healthz" or request.path.startswith("/api/"):
        return problem(status, detail)
    context = {"status": status, "title": title(status), "detail": detail}
    return render(request, "error.html", context, status=status)


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: an Http404 from a view (its message says what), or no URL matched."""
    if type(exception) is Http404 and exception.args:
        return error_response(request, 404, str(exception.args[0]))
    return error_response(request, 404, f"There is nothing at {request.path}.")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: what Django finds malformed (a bad Host header, a broken multipart body)."""
    return error_response(request, 400, "The request is malformed.")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403: a PermissionDenied raised anywhere."""
    return error_response(request, 403, "You may not do that.")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: a missing or wrong token, on the 403 page."""
    return error_response(
        request, 403, "The form has expired or was not ours. Reload it and try again."
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: any other exception, logged by Django; the client sees no traceback."""
    return error_response(request, 500, "Something went wrong on our side. Try again later.")


# endregion
