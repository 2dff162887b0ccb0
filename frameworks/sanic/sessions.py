"""Sessions and CSRF, which Sanic leaves to the application: a signed cookie (itsdangerous)
holding the id of a session kept in the database, and the CSRF token. Two middlewares load and
save it; `request.ctx` carries it through the request, as Sanic's docs suggest."""

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from sanic import HTTPResponse, Request

from db import get_store
from errors import problem
from shared.checks import SIGN_IN_FIRST

COOKIE_NAME = "session"

Handler = Callable[..., Awaitable[HTTPResponse]]


async def load_session(request: Request) -> None:
    """Request middleware: the cookie's session, and who is signed in (None if nobody)."""
    signer: URLSafeSerializer = request.app.ctx.signer
    try:  # a tampered, foreign or garbage cookie is no session, never an error
        session = signer.loads(request.cookies.get(COOKIE_NAME, ""))
    except BadSignature:
        session = {}
    request.ctx.session = session if isinstance(session, dict) else {}
    request.ctx.session_changed = False
    session_id = request.ctx.session.get("session_id")
    # sqlite3 blocks: run the lookup in asyncio's thread pool, off the event loop.
    store = get_store(request)
    request.ctx.current_user = (
        await asyncio.to_thread(store.session_user, session_id) if session_id else None
    )


async def save_session(request: Request, response: HTTPResponse) -> None:
    """Response middleware: a new cookie when the session changed."""
    if getattr(request.ctx, "session_changed", False):
        response.add_cookie(
            COOKIE_NAME,
            request.app.ctx.signer.dumps(request.ctx.session),
            path="/",
            httponly=True,
            samesite="Lax",
            secure=request.app.config.SESSION_COOKIE_SECURE,  # Sanic's default is True
        )


def start_session(request: Request, session: dict[str, Any]) -> None:
    """Replace the cookie's session with `session` (an empty one signs out)."""
    request.ctx.session, request.ctx.session_changed = session, True


def require_signed_in(handler: Handler) -> Handler:
    """A decorator for API handlers: a 401 problem unless someone is signed in."""

    @wraps(handler)
    async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        if request.ctx.current_user is None:
            return problem(401, SIGN_IN_FIRST)
        return await handler(request, *args, **kwargs)

    return guarded


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use; each form echoes it in a hidden input."""
    if "csrf_token" not in request.ctx.session:
        request.ctx.session["csrf_token"] = secrets.token_urlsafe(32)
        request.ctx.session_changed = True
    token: str = request.ctx.session["csrf_token"]
    return token


def csrf_ok(request: Request) -> bool:
    """Whether the form sent this session's token, which a page on another site can't read."""
    sent = (request.form or {}).get("csrf_token", "")
    expected = request.ctx.session.get("csrf_token", "")
    return bool(expected) and secrets.compare_digest(sent.encode(), str(expected).encode())
