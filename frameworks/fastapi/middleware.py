"""Two pure ASGI middlewares, the kind Starlette's docs recommend (FastAPI's middleware are
Starlette's): each sees every request and response, static files and errors included."""

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.checks import TOO_LARGE, parse_ascii_int

HTTPExceptionHandler = Callable[[Request, HTTPException], Response]


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}
# Swagger UI at /docs, FastAPI's own page (SPEC.md lets it relax the CSP as far as it needs):
# FastAPI writes the call that starts it as an inline script, and Swagger UI draws its icons
# from data: URLs. Only these two paths get this policy.
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect")
DOCS_CSP = "default-src 'self'; script-src 'self' 'unsafe-inline'; img-src 'self' data:"


class SecurityHeadersMiddleware:
    """A pure ASGI middleware: every response passes through it, except the 500
    (errors.server_error adds them there). Not `@app.middleware("http")`, the form FastAPI's
    tutorial shows: that is Starlette's BaseHTTPMiddleware, which wraps every response in a
    stream and a task group, and halved this app's requests per second (nox -s bench)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = SECURITY_HEADERS
        if scope["type"] == "http" and scope["path"] in DOCS_PATHS:
            headers = SECURITY_HEADERS | {"Content-Security-Policy": DOCS_CSP}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(headers)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodySizeLimitMiddleware:
    """Reads the body before the app does, to one byte past the limit: past it, a 413, whether
    the body came with a Content-Length or chunked.

    FastAPI has its own `max_body_size`, but to a too large Content-Length it answers a fixed
    text/plain 413 in place of whatever the app sends; `respond` (the app's HTTPException
    handler) renders this one, a problem or the error page.
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
            # In the thread pool: the error page looks up who is signed in.
            response = await run_in_threadpool(self.respond, Request(scope), too_large)
            return await response(scope, receive, send)

        async def replay() -> Message:
            """What was read, then the rest of what the server sends (a disconnect)."""
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
