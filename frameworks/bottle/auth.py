"""/login and /logout, on the sessions and CSRF tokens of security.py."""

from __future__ import annotations

from bottle import Bottle, redirect, request, response

from db import get_store
from security import csrf_protect, csrf_token, save_session
from shared.checks import local_path
from templating import render

routes = Bottle()  # merged into the app by create_app()
routes.install(csrf_protect)  # every POST route here needs the form's token (the API's don't)


@routes.get("/login")
def login_form() -> str:
    """The login form; `next` rides along in a hidden input."""
    next_path = request.query.getunicode("next", default="")
    return render("login.tpl", error=None, username="", next=next_path)


@routes.post("/login")
def login() -> str:
    """Sign in. csrf_protect has checked the form's token before this runs."""
    form = request.forms  # attribute access gives UTF-8 text, or "" when missing or not UTF-8
    username, next_path = form.username, form.next
    store = get_store()
    if not store.check_password(username, form.password):
        response.status = 400  # the form again; the same words for every failure
        error = "Invalid username or password."
        return render("login.tpl", error=error, username=username, next=next_path)
    # Rotate, on every login: end the session from before (a second login too), start from an
    # empty session so nothing carries over, and give the next form a new CSRF token.
    store.end_session(request.session.get("session_id"))
    request.session.clear()
    request.session["session_id"] = store.start_session(username)
    csrf_token()
    save_session()
    # 303 See Other: the browser follows with a GET, so reloading never re-sends the password.
    # Bottle's redirect() says 302 to HTTP/1.0 clients unless told.
    redirect(local_path(next_path), 303)


@routes.post("/logout")
def logout() -> None:
    """Sign out, ending the session on the server too: a copy of the old cookie is worthless."""
    get_store().end_session(request.session.get("session_id"))
    request.session.clear()
    save_session()
    redirect("/", 303)
