"""Login and logout, and the tools they rest on. CherryPy tools are functions hooked into the
request at a named point; these are turned on for whole paths in create_app()'s config."""

from __future__ import annotations

import secrets
from typing import Any

import cherrypy
from itsdangerous import BadData, URLSafeSerializer

from shared.checks import CSRF_FAILED, SIGN_IN_FIRST, local_path
from shared.store import Store
from templating import render, templates

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
FORM = "application/x-www-form-urlencoded"


# Not CherryPy's session tool: its RAM store is one per worker process, and its file store
# keys sessions by an unsigned random id, which a new SECRET_KEY would not end. This cookie is
# signed with SECRET_KEY (itsdangerous) and holds only the id of a session in the database and
# the CSRF token.
@cherrypy.tools.register("on_start_resource", priority=10)  # before allow: a 405 page has it
def signed_session(store: Store, secret_key: str, secure: bool) -> None:
    """Load the cookie into request.session and find who is signed in; save it when it changes."""
    request = cherrypy.serving.request
    serializer = URLSafeSerializer(secret_key, salt="session")
    morsel = request.cookie.get("session")
    try:
        data = serializer.loads(morsel.value) if morsel else {}
    except BadData:  # tampered, truncated, foreign, or signed with another key: signed out
        data = {}
    request.session = data if isinstance(data, dict) else {}
    request.current_user = store.session_user(request.session.get("session_id"))
    hook_args = {"serializer": serializer, "secure": secure, "loaded": dict(request.session)}
    request.hooks.attach("before_finalize", save_session, **hook_args)


def save_session(serializer: URLSafeSerializer, secure: bool, loaded: dict[str, Any]) -> None:
    """Set the cookie again if the session changed (a hook attached by signed_session)."""
    session, cookies = cherrypy.serving.request.session, cherrypy.serving.response.cookie
    if session != loaded:
        cookies["session"] = serializer.dumps(session)
        # CherryPy's cookies are the standard library's morsels: SameSite is set by hand.
        cookies["session"].update({"path": "/", "httponly": True, "samesite": "Lax"})
        cookies["session"]["secure"] = secure


@cherrypy.tools.register("before_request_body", priority=20)
def signed_in() -> None:
    """A write from no one is a 401, before json_in (priority 30) can answer 415 or 400."""
    request = cherrypy.serving.request
    if request.method not in SAFE_METHODS and request.current_user is None:
        raise cherrypy.HTTPError(401, SIGN_IN_FIRST)


def csrf_token() -> str:
    """This session's CSRF token, made on first use; each form echoes it in a hidden input."""
    session = cherrypy.serving.request.session
    return session.setdefault("csrf_token", secrets.token_urlsafe(32))


templates.globals["csrf_token"] = csrf_token  # {{ csrf_token() }} in the templates


@cherrypy.tools.register("before_handler")
def csrf() -> None:
    """A 403 unless an unsafe request's form echoes this session's token (CherryPy has no CSRF
    protection): another site can make a browser send the cookie, but cannot read the token."""
    request = cherrypy.serving.request
    if request.method in SAFE_METHODS:
        return
    sent, expected = request.body.params.get("csrf_token"), request.session.get("csrf_token")
    if not (isinstance(sent, str) and expected) or not secrets.compare_digest(
        sent.encode(), expected.encode()
    ):
        raise cherrypy.HTTPError(403, CSRF_FAILED)


@cherrypy.tools.register("before_request_body")
def urlencoded_form() -> None:
    """Parse only application/x-www-form-urlencoded bodies, what the forms here send.

    CherryPy's multipart parser answers a malformed body with a 500; any other body is now
    left unread, so the form has no CSRF token and tools.csrf refuses it with a 403.
    """
    body = cherrypy.serving.request.body
    body.processors = {FORM: body.processors[FORM]}  # a copy of its own, for this request


class Login:
    """/login: GET shows the form, POST signs in (tools.csrf has checked the token)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @cherrypy.expose
    @cherrypy.tools.allow(methods=["GET", "POST"])
    @cherrypy.tools.urlencoded_form()
    def index(self, username: str = "", password: str = "", next: str = "", **_: str) -> str:
        """The login form, or signing in: a fresh session, then a 303 to `next`."""
        if cherrypy.request.method != "POST":
            return render("login.html", username="", next=next, error=None)
        if not self.store.check_password(username, password):
            cherrypy.response.status = 400
            error = "Invalid username or password."  # the same words for every failure
            return render("login.html", username=username, next=next, error=error)
        session = cherrypy.request.session
        self.store.end_session(session.get("session_id"))
        # Rotate (what CherryPy's session tool calls regenerate()): start from an empty
        # session, so nothing from the cookie sent before login (one planted by an attacker,
        # say) carries the signed-in state, and make a new CSRF token.
        session.clear()
        session["session_id"] = self.store.start_session(username)
        csrf_token()
        # 303 See Other: the browser follows with a GET, so a reload never re-sends the form.
        # local_path() refuses `next` unless it is a path on this site: no open redirect.
        raise cherrypy.HTTPRedirect(local_path(next), 303)


class Logout:
    """/logout: POST only (tools.allow), with the form's CSRF token (tools.csrf)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @cherrypy.expose
    @cherrypy.tools.allow(methods=["POST"])
    @cherrypy.tools.urlencoded_form()
    def index(self, **_: str) -> None:
        """Sign out, ending the session on the server too: a copy of the old cookie is worthless."""
        session = cherrypy.request.session
        self.store.end_session(session.get("session_id"))
        session.clear()
        raise cherrypy.HTTPRedirect("/", 303)
