"""Two pure ASGI middlewares, the kind Starlette's docs recommend writing: each wraps the app
below it and sees every request and response, static files and errors included."""

from collections.abc import Callable

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.checks import TOO_LARGE, parse_ascii_int

HTTPExceptionHandler = Callable[[Request, HTTPException], Response]

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


class SecurityHeadersMiddleware:
    """Puts the security headers on every response that passes through it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(SECURITY_HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodySizeLimitMiddleware:
    """Reads the body before the app does, to one byte past the limit: past it, a 413, whether
    the body came with a Content-Length or chunked.

    Starlette 1.x has its own `max_body_size`, but it answers a too large Content-Length with
    a fixed text/plain 413; `respond` (the app's HTTPException handler) renders this one.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, respond: HTTPExceptionHandler) -> None:
        self.app, self.max_bytes, self.respond = app, max_bytes, respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = parse_ascii_int(Headers(scope=scope).get("content-length")) or 0
        messages: list[Message] = []
        size, more = 0, declared <= self.max_bytes  # a too large Content-Length: read nothing
        while more and size <= self.max_bytes:
            messages.append(message := await receive())
            size += len(message.get("body", b""))
            more = message["type"] == "http.request" and message.get("more_body", False)
        if declared > self.max_bytes or size > self.max_bytes:
            too_large = HTTPException(413, TOO_LARGE)
            return await self.respond(Request(scope), too_large)(scope, receive, send)

        async def replay() -> Message:
            """What was read, then the rest of what the server sends (a disconnect)."""
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
