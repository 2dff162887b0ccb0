"""Login and logout, methods of the root controller (object dispatch: /login is `login`)."""

from __future__ import annotations

from typing import Any

import tg
from tg import TGController, expose, redirect
from tg.decorators import before_render

from db import get_store
from security import add_session_to_templates, check_csrf, cookie_session, save_session
from shared.checks import local_path


def form_text(params: dict[str, Any], name: str) -> str:
    """A form field as text: "" when it is missing, repeated (TG passes a list) or a file."""
    value = params.get(name, "")
    return value if isinstance(value, str) else ""


class AuthController(TGController):
    @before_render(add_session_to_templates)
    @expose("jinja:login.html", allowed_methods=["GET", "POST"])
    def login(self, **params: Any) -> dict[str, Any]:
        """GET shows the form (`next` rides along in a hidden input); POST signs in."""
        if tg.request.method != "POST":  # GET or HEAD
            return {"error": None, "username": "", "next": form_text(params, "next")}
        check_csrf(params.get("csrf_token"))
        username, next_path = form_text(params, "username"), form_text(params, "next")
        store = get_store()
        if not store.check_password(username, form_text(params, "password")):
            tg.response.status_int = 400
            error = "Invalid username or password."  # the same words for every failure
            return {"error": error, "username": username, "next": next_path}
        # Rotate, on every login: end the session from before (a second login too) and start
        # from an empty cookie session, so the old token and cookie carry nothing over.
        store.end_session(cookie_session().get("session_id"))
        save_session({"session_id": store.start_session(username)})
        # 303 See Other: the browser follows with a GET, so reloading never re-sends the password.
        redirect(local_path(next_path), redirect_with=tg.exceptions.HTTPSeeOther)

    @expose(allowed_methods=["POST"])
    def logout(self, **params: Any) -> None:
        """Sign out, ending the session on the server too: a copy of the old cookie is worthless."""
        check_csrf(params.get("csrf_token"))
        get_store().end_session(cookie_session().get("session_id"))
        save_session({})
        redirect("/", redirect_with=tg.exceptions.HTTPSeeOther)
