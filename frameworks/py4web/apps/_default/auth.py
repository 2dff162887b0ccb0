"""/login and /logout, on the session, current_user and csrf fixtures of common.py."""

from __future__ import annotations

from typing import Any

from py4web import action, redirect, request, response

from .common import csrf, new_csrf_token, param, session, store
from shared.checks import local_path


@action("/login", method="GET")
@action.uses("login.html", csrf)
def login_form() -> dict[str, Any]:
    """The login form; `next` rides along in a hidden input."""
    return {"error": None, "username": "", "next": param(request.query, "next")}


@action("/login", method="POST")
@action.uses("login.html", csrf)
def login() -> dict[str, Any]:
    """Sign in. The csrf fixture has checked the form's token before this runs."""
    form = request.forms
    username = param(form, "username")
    next_path = param(form, "next")
    if not store.check_password(username, param(form, "password")):
        response.status = 400  # the form again; the same words for every failure
        return {"error": "Invalid username or password.", "username": username, "next": next_path}
    # Rotate, on every login: end the session from before (a second login too), start from an
    # empty session (py4web then gives the cookie a new uuid), and a new CSRF token.
    store.end_session(session.get("session_id"))
    session.clear()
    session["session_id"] = store.start_session(username)
    new_csrf_token()
    # py4web's redirect() raises HTTP(303), See Other: the browser follows with a GET, so
    # reloading never re-sends the password; the session fixture still saves the cookie.
    redirect(local_path(next_path))


@action("/logout", method="POST")
@action.uses(csrf)
def logout() -> None:
    """Sign out, ending the session on the server too: a copy of the old cookie is worthless."""
    store.end_session(session.get("session_id"))
    session.clear()
    redirect("/")
