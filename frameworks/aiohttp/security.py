"""What the route modules share about who is asking: the session, the signed-in user, the CSRF
check, and the security headers on every response."""

import asyncio
import secrets
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler
from aiohttp_session import AbstractStorage, Session, get_session
from itsdangerous import BadData, URLSafeSerializer
from multidict import MultiDictProxy

from db import get_store
from errors import is_json_path
from shared.checks import CSRF_FAILED, SIGN_IN_FIRST

CURRENT_USER: web.RequestKey[str | None] = web.RequestKey("current_user")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


async def set_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """An `on_response_prepare` signal: it runs for every response, static files included."""
    response.headers.update(SECURITY_HEADERS)
    if response.content_type.startswith("text/") and not response.charset:
        response.charset = "utf-8"  # the static route says only "text/css"


class SignedCookieStorage(AbstractStorage):
    """aiohttp-session's extension point: the session (a server-side session id and the CSRF
    token) in a cookie signed with itsdangerous; signed, not encrypted (see the README)."""

    def __init__(self, secret_key: str, *, secure: bool) -> None:
        super().__init__(cookie_name="session", samesite="Lax", secure=secure)  # HttpOnly, Path=/
        self.serializer = URLSafeSerializer(secret_key, salt="aiohttp-session")

    async def load_session(self, request: web.Request) -> Session:
        try:  # a tampered, truncated or foreign cookie is a new, empty session
            data: Any = self.serializer.loads(self.load_cookie(request) or "")
        except BadData:
            data = None
        return Session(None, data=data, new=data is None, max_age=self.max_age)

    async def save_session(
        self, request: web.Request, response: web.StreamResponse, session: Session
    ) -> None:
        # Even an emptied session is a signed value: del_cookie would drop HttpOnly and SameSite.
        self.save_cookie(response, self.serializer.dumps(self._get_session_data(session)))


async def current_user(request: web.Request) -> str | None:
    """Who the cookie's server-side session belongs to; looked up once per request."""
    if CURRENT_USER not in request:
        session_id = (await get_session(request)).get("session_id")
        store = get_store(request)
        user = await asyncio.to_thread(store.session_user, session_id) if session_id else None
        request[CURRENT_USER] = user
    return request[CURRENT_USER]


def require_signed_in(handler: Handler) -> Handler:
    """A 401 unless the session is signed in, before the handler reads the body."""

    async def guarded(request: web.Request) -> web.StreamResponse:
        if await current_user(request) is None:
            raise web.HTTPUnauthorized(text=SIGN_IN_FIRST)
        return await handler(request)

    return guarded


def csrf_token(session: Session) -> str:
    """This session's CSRF token, made on first use; each form echoes it in a hidden input."""
    if "csrf_token" not in session:
        session["csrf_token"] = secrets.token_urlsafe(32)
    return str(session["csrf_token"])


async def form_fields(request: web.Request, *names: str) -> list[str]:
    """The form's fields as text ("" when missing or a file); a 400 for an unreadable body.
    aiohttp reads the body once (up to client_max_size) and keeps it."""
    try:
        form: MultiDictProxy[Any] = await request.post()
    except (ValueError, LookupError):  # not UTF-8, a broken multipart body, an unknown charset
        raise web.HTTPBadRequest(text="The form could not be read.") from None
    return [value if isinstance(value := form.get(name), str) else "" for name in names]


@web.middleware
async def csrf_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A 403 for a form POST without this session's token, which another site cannot read.
    The API is exempt: it takes only application/json, which an HTML form cannot send. Only
    routes that exist are checked, so a wrong method is still a 405."""
    routed = request.match_info.http_exception is None
    if request.method == "POST" and routed and not is_json_path(request.path):
        (sent,) = await form_fields(request, "csrf_token")
        expected = str((await get_session(request)).get("csrf_token", ""))
        if not expected or not secrets.compare_digest(sent.encode(), expected.encode()):
            raise web.HTTPForbidden(text=CSRF_FAILED)
    return await handler(request)
