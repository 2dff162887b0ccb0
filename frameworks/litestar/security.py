"""Litestar's built-in safety parts, configured: the security headers, the cookie session
(AES-GCM) that holds only the id of a session in the database (so the server can end it), CSRF."""

import hashlib
from base64 import b64decode, b64encode
from typing import Any

from litestar.config.csrf import CSRFConfig
from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import SerializationException
from litestar.middleware import DefineMiddleware
from litestar.middleware.session import SessionMiddleware
from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig
from litestar.types import Message, Scope

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


async def set_security_headers(message: Message, scope: Scope) -> None:
    """A `before_send` hook: it wraps the whole app, so it sees every response, the router's
    404 and 405 and the 500 page included (route middleware never sees those)."""
    if message["type"] == "http.response.start":
        MutableScopeHeaders.from_message(message).update(SECURITY_HEADERS)


def csrf_config(secret: str, secure: bool) -> CSRFConfig:
    """Every POST must carry a `_csrf_token` field (or X-CSRFToken header) matching a signed
    cookie that a page on another site cannot read (a double-submit cookie). Its default is
    readable by scripts, for the header; these forms take the token from the page: HttpOnly."""
    return CSRFConfig(secret=secret, cookie_httponly=True, cookie_secure=secure)


class StrictCookieBackend(ClientSideSessionBackend):
    """Litestar's cookie backend, stricter: its lenient base64 lets a changed cookie decrypt,
    and a cookie that decodes to something else than its layout raises past its `except` (a
    500). Either is an empty session here, like a cookie that fails to decrypt."""

    def load_data(self, data: list[bytes]) -> dict[str, Any]:
        joined = b"".join(data)
        try:
            if b64encode(b64decode(joined, validate=True)) != joined:
                return {}
            return super().load_data(data)
        except (ValueError, TypeError, KeyError, SerializationException):  # binascii.Error too
            return {}


def session_middleware(secret: str, secure: bool) -> DefineMiddleware:
    """The session middleware, keyed by SECRET_KEY: AES-GCM takes a 16, 24 or 32 byte key, so
    a SHA-256 of it. The cookie is HttpOnly, SameSite=Lax and Path=/ by Litestar's defaults."""
    key = hashlib.sha256(f"session:{secret}".encode()).digest()
    backend = StrictCookieBackend(config=CookieBackendConfig(secret=key, secure=secure))
    return DefineMiddleware(SessionMiddleware, backend=backend)
