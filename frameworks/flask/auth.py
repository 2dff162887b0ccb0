"""The login blueprint: who is signed in, /login and /logout.

Flask's session is a signed cookie (itsdangerous) that holds only the id of a session kept in
the database, and Flask-WTF's CSRF secret.
"""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, session
from flask.typing import ResponseReturnValue

from db import get_store
from shared.checks import SIGN_IN_FIRST, local_path

bp = Blueprint("auth", __name__)


@bp.before_app_request
def load_current_user() -> None:
    """Look up who is signed in once per request, as flaskr does; garbage cookies are no one."""
    g.current_user = get_store().session_user(session.get("session_id"))


@bp.app_context_processor
def current_user_in_templates() -> dict[str, str | None]:
    return {"current_user": g.get("current_user")}  # g.get: unset if a fault came first


def require_signed_in() -> None:
    if g.current_user is None:
        abort(401, SIGN_IN_FIRST)


@bp.get("/login")
def login_form() -> str:
    """The login form; `next` rides along in a hidden input."""
    return render_template("login.html", error=None, username="", next=request.args.get("next"))


@bp.post("/login")
def login() -> ResponseReturnValue:
    """Sign in. CSRFProtect has checked the form's token before this runs."""
    username = request.form.get("username", "")
    next_path = request.form.get("next", "")
    store = get_store()
    if not store.check_password(username, request.form.get("password", "")):
        error = "Invalid username or password."  # the same words for every failure
        page = render_template("login.html", error=error, username=username, next=next_path)
        return page, 400
    # Rotate, on every login: end the session from before (a second login too), start from an
    # empty cookie session so nothing carries over, and Flask-WTF makes a new CSRF secret.
    store.end_session(session.get("session_id"))
    session.clear()
    session["session_id"] = store.start_session(username)
    # 303 See Other: the browser follows with a GET, so reloading never re-sends the password.
    return redirect(local_path(next_path), 303)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Sign out, ending the session on the server too: a copy of the old cookie is worthless."""
    get_store().end_session(session.get("session_id"))
    session.clear()
    return redirect("/", 303)
