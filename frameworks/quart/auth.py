"""The login blueprint: who is signed in, the CSRF check, /login and /logout.

Quart's session is Flask's signed cookie (itsdangerous); it holds only the id of a session kept
in the database, and the CSRF token.
"""

from __future__ import annotations

import secrets

from quart import Blueprint, abort, g, redirect, render_template, request, session
from quart.typing import ResponseReturnValue
from quart.utils import run_sync

from db import get_store
from shared.checks import CSRF_FAILED, SIGN_IN_FIRST, local_path

bp = Blueprint("auth", __name__)


@bp.before_app_request
def load_current_user() -> None:
    """Who is signed in, once per request. A plain `def`: Quart runs it in a thread, so the
    SQLite lookup never blocks the event loop. Garbage cookies are no one."""
    g.current_user = get_store().session_user(session.get("session_id"))


@bp.app_context_processor
async def current_user_in_templates() -> dict[str, str | None]:
    return {"current_user": g.get("current_user")}  # g.get: unset if a fault came first


def require_signed_in() -> None:
    if g.current_user is None:
        abort(401, SIGN_IN_FIRST)


@bp.app_template_global()
def csrf_token() -> str:
    """This session's CSRF token, made on first use; each form echoes it in a hidden input."""
    token: str = session.setdefault("csrf_token", secrets.token_urlsafe(32))
    return token


@bp.before_request
async def check_csrf() -> None:
    """A 403 for a form POST to this blueprint that lacks the session's token, which a page on
    another site cannot read. Quart has no CSRF protection; the API needs none (JSON only)."""
    if request.method == "POST":
        sent = (await request.form).get("csrf_token", "")
        expected = session.get("csrf_token", "")
        if not expected or not secrets.compare_digest(sent.encode(), expected.encode()):
            abort(403, CSRF_FAILED)


@bp.get("/login")
async def login_form() -> str:
    """The login form; `next` rides along in a hidden input."""
    next_path = request.args.get("next")
    return await render_template("login.html", error=None, username="", next=next_path)


@bp.post("/login")
async def login() -> ResponseReturnValue:
    """Sign in. check_csrf has read the form (Quart keeps it) and checked its token."""
    form = await request.form
    username, next_path = form.get("username", ""), form.get("next", "")
    store = get_store()
    # PBKDF2 is slow on purpose: run_sync hands it to a thread, off the event loop.
    if not await run_sync(store.check_password)(username, form.get("password", "")):
        error = "Invalid username or password."  # the same words for every failure
        page = await render_template("login.html", error=error, username=username, next=next_path)
        return page, 400
    # Rotate, on every login: end the session from before (a second login too), start from an
    # empty cookie session so nothing carries over, and the next form makes a new CSRF token.
    await run_sync(store.end_session)(session.get("session_id"))
    session.clear()
    session["session_id"] = await run_sync(store.start_session)(username)
    # 303 See Other: the browser follows with a GET, so reloading never re-sends the password.
    return redirect(local_path(next_path), 303)


@bp.post("/logout")
async def logout() -> ResponseReturnValue:
    """Sign out, ending the session on the server too: a copy of the old cookie is worthless."""
    await run_sync(get_store().end_session)(session.get("session_id"))
    session.clear()
    return redirect("/", 303)
