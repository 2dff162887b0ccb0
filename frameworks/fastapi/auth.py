"""Login and logout. Starlette's SessionMiddleware keeps a signed cookie (itsdangerous) that
holds only the id of a session kept in the database, and the CSRF token."""

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from deps import StoreDep
from shared.checks import CSRF_FAILED, local_path
from templating import csrf_token, templates

router = APIRouter(include_in_schema=False)  # HTML forms: not part of the OpenAPI document


def check_csrf(request: Request, token: Annotated[str, Form(alias="csrf_token")] = "") -> None:
    """A dependency for the forms' POSTs (FastAPI has no CSRF protection of its own): a 403
    unless the form echoes this session's token, which a page on another site cannot read."""
    expected = request.session.get("csrf_token", "")
    if not expected or not secrets.compare_digest(token.encode(), expected.encode()):
        raise HTTPException(403, CSRF_FAILED)


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
    # Rotate the session on every login: end the server-side session the cookie named (a
    # second login too), so no earlier cookie, say one planted by an attacker, signs in.
    store.end_session(request.session.get("session_id"))
    request.session.clear()
    request.session["session_id"] = store.start_session(username)
    csrf_token(request)  # a new token for the new session
    # 303 See Other: the browser follows with a GET, so a reload never re-sends the form.
    # local_path() keeps `next` on this site: "//evil.example" is another host to a browser.
    return RedirectResponse(local_path(next_path), status_code=303)


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request, store: StoreDep) -> Response:
    """Sign out, ending the session on the server too (a copy of the old cookie is worthless),
    then a 303 to /."""
    store.end_session(request.session.get("session_id"))
    request.session.clear()
    return RedirectResponse("/", status_code=303)
