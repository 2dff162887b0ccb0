"""Login and logout. Flask's session is a signed cookie (itsdangerous) that holds only the id
of a session kept in the database, and Flask-WTF's CSRF secret."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, session
from flask.typing import ResponseReturnValue

from app import get_store
from shared.checks import local_path

bp = Blueprint("auth", __name__)


# region: sessions
@bp.before_app_request
def load_current_user() -> None:
    """Look up who is signed in once per request, as flaskr does; garbage cookies are no one."""
    g.current_user = get_store().session_user(session.get("session_id"))


def require_signed_in() -> None:
    """Stop the request with a 401 unless someone is signed in."""
    if g.current_user is None:
        abort(401, "Sign in first.")


# endregion


# region: login
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
    store.end_session(session.get("session_id"))
    # Rotate: start from an empty cookie session, so nothing from before the login carries
    # over, and Flask-WTF makes a new CSRF secret for the next form.
    session.clear()
    session["session_id"] = store.start_session(username)
    # 303 See Other: the browser follows with a GET, so reloading never re-sends the password.
    return redirect(local_path(next_path), 303)


# endregion


# region: logout
@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Sign out, ending the session on the server too: a copy of the old cookie is worthless."""
    get_store().end_session(session.get("session_id"))
    session.clear()
    return redirect("/", 303)


# endregion
