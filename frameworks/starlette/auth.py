"""Login and logout. Starlette's SessionMiddleware keeps a signed cookie (itsdangerous) that
holds only the id of a session kept in the database, and the CSRF token."""

import secrets

from starlette.authentication import AuthCredentials, AuthenticationBackend, SimpleUser, requires
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.endpoints import HTTPEndpoint
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection, Request
from starlette.responses import RedirectResponse, Response

from db import get_store
from shared.checks import CSRF_FAILED, local_path
from templating import csrf_token, templates


class SessionBackend(AuthenticationBackend):
    """For AuthenticationMiddleware: request.user is whoever the cookie's session belongs to."""

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, SimpleUser] | None:
        if "session_id" not in conn.session:  # a garbage or foreign cookie gives an empty session
            return None
        username = await run_in_threadpool(get_store(conn).session_user, conn.session["session_id"])
        return (AuthCredentials(["authenticated"]), SimpleUser(username)) if username else None


# Starlette's own guard for endpoints, told to answer 401 (its default is 403).
require_signed_in = requires("authenticated", status_code=401)


def check_csrf(request: Request, form: FormData) -> None:
    """A 403 unless the form sent this session's token, which a page on another site can't read."""
    sent, expected = text_field(form, "csrf_token"), request.session.get("csrf_token", "")
    if not expected or not secrets.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(403, CSRF_FAILED)


def text_field(form: FormData, name: str) -> str:
    """A form field as text: "" when it is missing or a file."""
    value = form.get(name)
    return value if isinstance(value, str) else ""


class Login(HTTPEndpoint):
    """/login: GET shows the form, POST checks it."""

    def get(self, request: Request) -> Response:
        context = {"username": "", "next": request.query_params.get("next", ""), "error": None}
        return templates.TemplateResponse(request, "login.html", context)

    async def post(self, request: Request) -> Response:
        """Sign in: a fresh session, then a 303 to `next`; else the form again with a 400."""
        async with request.form() as form:
            check_csrf(request, form)
            username, password = text_field(form, "username"), text_field(form, "password")
            next_path = text_field(form, "next")
        store = get_store(request)
        # PBKDF2 is slow on purpose: run it in the thread pool, off the event loop.
        if not await run_in_threadpool(store.check_password, username, password):
            error = "Invalid username or password."  # the same words whatever was wrong
            context = {"username": username, "next": next_path, "error": error}
            return templates.TemplateResponse(request, "login.html", context, status_code=400)
        # Rotate the session on every login: end the server-side session the cookie named (a
        # second login too), so no earlier cookie, say one planted by an attacker, signs in.
        await run_in_threadpool(store.end_session, request.session.get("session_id"))
        request.session.clear()
        request.session["session_id"] = await run_in_threadpool(store.start_session, username)
        csrf_token(request)  # a new token for the new session
        # 303 See Other: the browser follows with a GET, so a reload never re-sends the form.
        return RedirectResponse(local_path(next_path), status_code=303)


async def logout(request: Request) -> Response:
    """Sign out: end the session in the database and clear the cookie, then a 303 to /."""
    async with request.form() as form:
        check_csrf(request, form)
    await run_in_threadpool(get_store(request).end_session, request.session.get("session_id"))
    request.session.clear()
    return RedirectResponse("/", status_code=303)
