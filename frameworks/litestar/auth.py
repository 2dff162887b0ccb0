"""Who is signed in (from the server-side session that the cookie names), /login, /logout."""

from dataclasses import dataclass
from typing import Annotated

from litestar import Request, Router, post, route
from litestar.concurrency import sync_to_thread
from litestar.connection import ASGIConnection
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotAuthorizedException
from litestar.handlers import BaseRouteHandler
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult
from litestar.params import Body, Parameter
from litestar.response import Redirect, Template

from db import get_store
from shared.checks import SIGN_IN_FIRST, local_path
from shared.store import Store


class SessionUserMiddleware(AbstractAuthenticationMiddleware):
    """Litestar's hook for authentication: `request.user` is the session's user, or None."""

    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:
        session_id = connection.session.get("session_id")
        store = get_store(connection.app.state)
        user = await sync_to_thread(store.session_user, session_id) if session_id else None
        return AuthenticationResult(user=user, auth=session_id)


async def require_signed_in(connection: ASGIConnection, _: BaseRouteHandler) -> None:
    """A guard: Litestar runs it before the handler's arguments (the body too) are read."""
    if not connection.user:
        raise NotAuthorizedException(SIGN_IN_FIRST)


@dataclass
class LoginForm:
    """The form's fields; a missing one is "", so it fails like a wrong password."""

    username: str = ""
    password: str = ""
    next: str = ""


LoginFormBody = Annotated[LoginForm, Body(media_type=RequestEncodingType.URL_ENCODED)]


@route("/login", http_method=["GET", "HEAD"], sync_to_thread=False)
def login_form(next_path: Annotated[str, Parameter(query="next")] = "") -> Template:
    """The login form; `next` rides along in a hidden input."""
    return Template("login.html", context={"username": "", "next": next_path, "error": None})


# CSRFConfig has checked the form's token before this runs: a missing or wrong one is a 403.
@post("/login", sync_to_thread=True)
def login(request: Request, data: LoginFormBody, store: Store) -> Template | Redirect:
    """Sign in: a fresh session, then a 303 to `next`; else the form again with a 400."""
    if not store.check_password(data.username, data.password):  # slow PBKDF2, in the pool
        error = "Invalid username or password."  # the same words whatever was wrong
        context = {"username": data.username, "next": data.next, "error": error}
        return Template("login.html", context=context, status_code=400)
    # Rotate the session on every login: end the server-side session the cookie named (a
    # second login too), so no earlier cookie, say one planted by an attacker, signs in.
    store.end_session(request.session.get("session_id"))
    request.set_session({"session_id": store.start_session(data.username)})
    # 303 See Other: the browser follows with a GET, so a reload never re-sends the form.
    return Redirect(local_path(data.next), status_code=303)


@post("/logout", sync_to_thread=True)
def logout(request: Request, store: Store) -> Redirect:
    """Sign out: end the session in the database and clear the cookie, then a 303 to /."""
    store.end_session(request.session.get("session_id"))
    request.clear_session()
    return Redirect("/", status_code=303)


router = Router("/", route_handlers=[login_form, login, logout])
