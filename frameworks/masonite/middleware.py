"""The app's middleware, in Masonite's shape: classes with before() and after()."""

from __future__ import annotations

import secrets
from typing import ClassVar

from masonite.middleware import Middleware
from masonite.middleware import SessionMiddleware as BaseSessionMiddleware
from masonite.middleware import VerifyCsrfToken as BaseVerifyCsrfToken
from masonite.request import Request
from masonite.response import Response

from errors import SECURITY_HEADERS, HttpError
from shared.checks import TOO_LARGE


class SecurityHeaders(Middleware):
    def before(self, request: Request, response: Response) -> Request:
        return request

    def after(self, request: Request, response: Response) -> Request:
        for name, value in SECURITY_HEADERS.items():
            response.header(name, value)
        return request


class BodyLimit(Middleware):
    """wsgi.py marked a body that ReadBodyFirst found too long: refuse it before the route."""

    def before(self, request: Request, response: Response) -> Request:
        if request.environ.get("quotes.too_large"):
            raise HttpError(413, TOO_LARGE)
        return request

    def after(self, request: Request, response: Response) -> Request:
        return request


class VerifyCsrfToken(BaseVerifyCsrfToken):
    """Masonite's check: an unsafe method needs `__token` equal to the SESSID cookie. The API is
    exempt: it takes only application/json, which a cross-site HTML form cannot send."""

    exempt: ClassVar[list[str]] = ["/api/*"]


class SessionMiddleware(BaseSessionMiddleware):
    """Masonite's SESSID, which VerifyCsrfToken uses as the CSRF token, is 10 letters and digits
    (about 52 bits): give a new client 256 random bits instead, before Masonite makes its own."""

    def before(self, request: Request, response: Response) -> Request:
        if not request.cookie("SESSID"):
            session_code = secrets.token_urlsafe(32)
            response.cookie("SESSID", session_code)
            request.cookie("SESSID", session_code)
        return super().before(request, response)


class SignedInUser(Middleware):
    """Who is signed in: the cookie session holds only the id of a session kept in the shared
    store, so every worker sees it and logging out ends it on the server."""

    def before(self, request: Request, response: Response) -> Request:
        store = request.app.make("store")
        request.current_user = store.session_user(request.session.get("session_id"))
        request.app.make("view").share({"current_user": request.current_user})
        return request

    def after(self, request: Request, response: Response) -> Request:
        return request
