"""Login and logout: views that call the security policy (security.py) through remember/forget."""

from __future__ import annotations

from typing import Any

from pyramid.config import Configurator
from pyramid.csrf import new_csrf_token
from pyramid.httpexceptions import HTTPSeeOther
from pyramid.request import Request
from pyramid.security import forget, remember
from pyramid.view import view_config

from shared.checks import local_path


def includeme(config: Configurator) -> None:
    config.add_route("login", "/login")
    config.add_route("logout", "/logout")
    config.scan(__name__)


def form_text(request: Request, name: str) -> str:
    """A form field as text: "" when it is missing or an uploaded file."""
    value = request.POST.get(name, "")
    return value if isinstance(value, str) else ""


@view_config(route_name="login", request_method="GET", renderer="login.html")
def login_form(request: Request) -> dict[str, Any]:
    """The login form; `next` rides along in a hidden input."""
    return {"error": None, "username": "", "next": request.GET.get("next", "")}


@view_config(route_name="login", request_method="POST", renderer="login.html")
def login(request: Request) -> Any:
    """Sign in. Pyramid has checked the form's CSRF token before this runs (require_csrf)."""
    username, next_path = form_text(request, "username"), form_text(request, "next")
    if not request.store.check_password(username, form_text(request, "password")):
        request.response.status_int = 400
        error = "Invalid username or password."  # the same words for every failure
        return {"error": error, "username": username, "next": next_path}
    # Rotate: forget() ends any earlier session and empties the cookie session, so nothing from
    # before the login carries over; then a new server-side session and a new CSRF token.
    forget(request)
    headers = remember(request, username)
    new_csrf_token(request)
    # 303 See Other: the browser follows with a GET, so reloading never re-sends the password.
    return HTTPSeeOther(location=local_path(next_path), headers=headers)


@view_config(route_name="logout", request_method="POST")
def logout(request: Request) -> HTTPSeeOther:
    """Sign out, on the server too (the policy's forget); the CSRF check came first."""
    return HTTPSeeOther(location="/", headers=forget(request))
