"""Login and logout, and the dependencies that guard the API's writes and the forms' POSTs.
Starlette's SessionMiddleware keeps a signed cookie (itsdangerous) that holds only the id of a
session kept in the database, and the CSRF token."""

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request, Security
from fastapi.responses import RedirectResponse, Response
from fastapi.security import APIKeyCookie

from app import StoreDep, csrf_token, current_user, templates
from shared.checks import local_path

router = APIRouter(include_in_schema=False)  # HTML forms: not part of the OpenAPI document


# region: sessions
# SessionMiddleware's cookie, declared so that the OpenAPI document says the API's writes need
# it; its value is the middleware's to read (auto_error=False: signed out is our 401).
session_cookie = APIKeyCookie(name="session", scheme_name="session", auto_error=False)


def signed_in_user(
    user: Annotated[str | None, Depends(current_user)],
    cookie: Annotated[str | None, Security(session_cookie)],
) -> str:
    """A dependency for the API's writes: who is signed in, else a 401."""
    if user is None:
        raise HTTPException(401, "Sign in first.")
    return user


SignedInUser = Annotated[str, Depends(signed_in_user)]
# endregion


# region: csrf
def check_csrf(request: Request, token: Annotated[str, Form(alias="csrf_token")] = "") -> None:
    """A dependency for the forms' POSTs (FastAPI has no CSRF protection of its own): a 403
    unless the form echoes this session's token, which a page on another site cannot read."""
    expected = request.session.get("csrf_token", "")
    if not expected or not secrets.compare_digest(token.encode(), expected.encode()):
        raise HTTPException(403, "The form has expired or was not ours. Reload it and try again.")


# endregion


# region: login
@router.get("/login")
@router.head("/login")
def login_form(request: Request, next_path: Annotated[str, Query(alias="next")] = "") -> Response:
    """The login form; `next` rides along in a hidden input."""
    context = {"username": "", "next": next_path, "error": None}
    return templates.TemplateResponse(request, "login.html", context)


@router.post("/login", dependencies=[Depends(check_csrf)])
def login(
    request: Request,
    store: StoreDep,
    username: Annotated[str, Form()] = "",  # a missing field is a failed login, not a 422
    password: Annotated[str, Form()] = "",
    next_path: Annotated[str, Form(alias="next")] = "",
) -> Response:
    """Sign in: a fresh session, then a 303 to `next`; else the form again with a 400."""
    # A plain `def`, so the deliberately slow PBKDF2 check runs in the thread pool.
    if not store.check_password(username, password):
        error = "Invalid username or password."  # the same words whatever was wrong
        context = {"username": username, "next": next_path, "error": error}
        return templates.TemplateResponse(request, "login.html", context, status_code=400)
    # Rotate the session: nothing from the cookie sent before login (say, one planted by an
    # attacker) carries the signed-in state, and the CSRF token is new.
    store.end_session(request.session.get("session_id"))
    request.session.clear()
    request.session["session_id"] = store.start_session(username)
    csrf_token(request)
    # 303 See Other: the browser follows with a GET, so a reload never re-sends the form.
    # local_path() keeps `next` on this site: "//evil.example" is another host to a browser.
    return RedirectResponse(local_path(next_path), status_code=303)


# endregion


# region: logout
@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request, store: StoreDep) -> Response:
    """Sign out, ending the session on the server too (a copy of the old cookie is worthless),
    then a 303 to /."""
    store.end_session(request.session.get("session_id"))
    request.session.clear()
    return RedirectResponse("/", status_code=303)


# endregion
