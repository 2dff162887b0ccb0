"""What Django had to be taught, as middleware (settings.MIDDLEWARE puts them in order)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from whitenoise.middleware import WhiteNoiseMiddleware

from .errors import error_response, method_not_allowed
from shared.checks import MAX_BODY_BYTES, TOO_LARGE
from shared.wsgi_body import too_large

GetResponse = Callable[[HttpRequest], HttpResponse]


def content_security_policy(get_response: GetResponse) -> GetResponse:
    """Django 5.2 has no CSP setting (6.0 adds one), so this sets it, on static files too."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", "default-src 'self'")
        return response

    return middleware


def cookie_flags(get_response: GetResponse) -> GetResponse:
    """Every cookie HttpOnly, and Secure when the session cookie is: Django's delete_cookie(),
    which SessionMiddleware calls to clear the cookie of an ended session, sets neither."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        for cookie in response.cookies.values():
            cookie["httponly"] = True
            cookie["secure"] = settings.SESSION_COOKIE_SECURE
        return response

    return middleware


def body_limit(get_response: GetResponse) -> GetResponse:
    """A body over MAX_BODY_BYTES is a 413 on every route (ReadBodyFirst, in quotesite/wsgi.py,
    has cut the body to one byte past it). Django's own DATA_UPLOAD_MAX_MEMORY_SIZE answers a 400
    instead, skips file uploads, and fires only when a view reads the body."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if too_large(request.META, MAX_BODY_BYTES):
            return error_response(request, 413, TOO_LARGE)
        return get_response(request)

    return middleware


class MethodCheckFirst:
    """Answer a method the view has no handler for with the view's 405 (BaseView's), before
    CsrfViewMiddleware, next in settings.MIDDLEWARE, calls it a 403: `PUT /login` is a 405."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if not hasattr(view_func, "view_class"):  # set by View.as_view()
            return None
        view = view_func.view_class(**view_func.view_initkwargs)
        view.setup(request, *view_args, **view_kwargs)  # which adds head() where get() is
        method = (request.method or "").lower()
        if method in view.http_method_names and hasattr(view, method):
            return None
        return view.http_method_not_allowed(request, *view_args, **view_kwargs)


class StaticFiles(WhiteNoiseMiddleware):
    """WhiteNoise, whose own answer to another method than GET or HEAD on a static file is an
    empty 405: the error page instead, with the same Allow."""

    def serve(self, static_file: Any, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return method_not_allowed(request, ["GET", "HEAD"])
        return super().serve(static_file, request)
