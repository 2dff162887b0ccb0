"""Login and logout. Falcon has neither sessions nor CSRF protection: a middleware keeps a signed
cookie (itsdangerous) with a server-side session's id and the CSRF token, which a hook checks."""

from __future__ import annotations

import secrets
from typing import Any

import falcon
from itsdangerous import BadData, URLSafeTimedSerializer

from shared.checks import CSRF_FAILED, SIGN_IN_FIRST, local_path
from shared.store import SESSION_MAX_AGE, Store
from templating import csrf_token, render

SESSION_COOKIE = "session"


class Sessions:
    """Falcon middleware: req.context.session is the cookie's dict, req.context.user who is in."""

    def __init__(self, store: Store, secret_key: str) -> None:
        self.store = store
        self.serializer = URLSafeTimedSerializer(secret_key, salt="session")

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        cookie = (req.get_cookie_values(SESSION_COOKIE) or [""])[0]
        try:  # a tampered, expired, foreign or garbage cookie is an empty session: no one
            session = self.serializer.loads(cookie, max_age=SESSION_MAX_AGE)
        except BadData:
            session = {}
        req.context.session = session if isinstance(session, dict) else {}
        req.context.session_sent = dict(req.context.session)
        req.context.user = self.store.session_user(req.context.session.get("session_id"))

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, req_succeeded: bool
    ) -> None:
        session = req.context.get("session")
        if session is None or session == req.context.session_sent:
            return  # unchanged: no Set-Cookie
        # HttpOnly is set_cookie's default, Secure the app's secure_cookies_by_default. Not
        # unset_cookie() for an empty session: its Set-Cookie has neither HttpOnly nor Secure.
        resp.set_cookie(SESSION_COOKIE, self.serializer.dumps(session), path="/", same_site="Lax")


def require_signed_in(
    req: falcon.Request, resp: falcon.Response, resource: object, params: dict[str, Any]
) -> None:
    """A Falcon hook, for @falcon.before: a 401 unless someone is signed in."""
    if req.context.user is None:
        raise falcon.HTTPUnauthorized(description=SIGN_IN_FIRST)


def form_field(req: falcon.Request, name: str) -> str:
    """A field of the posted HTML form: "" when it is missing or repeated, or there is no form."""
    # Compared here: Falcon would read a body without Content-Type as JSON, its default.
    if falcon.parse_header(req.content_type or "")[0].lower() != falcon.MEDIA_URLENCODED:
        return ""
    value = req.get_media().get(name)  # parsed once, then cached; a non-ASCII body is a 400
    return value if isinstance(value, str) else ""


def check_csrf(
    req: falcon.Request, resp: falcon.Response, resource: object, params: dict[str, Any]
) -> None:
    """A Falcon hook: a 403 unless the form sent this session's token, which no other site can
    read (the cookie alone, which the browser sends anyway, proves nothing)."""
    sent, expected = form_field(req, "csrf_token"), req.context.session.get("csrf_token", "")
    if not expected or not secrets.compare_digest(sent.encode(), expected.encode()):
        raise falcon.HTTPForbidden(description=CSRF_FAILED)


class Login:
    """/login: GET shows the form, POST checks it."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """The login form; `next` rides along in a hidden input."""
        next_path = req.get_param("next", default="")
        render(req, resp, "login.html", username="", next=next_path, error=None)

    on_head = on_get  # Falcon answers HEAD only where a resource has on_head

    @falcon.before(check_csrf)
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Sign in: a fresh session, then a 303 to `next`; else the form again with a 400."""
        username, next_path = form_field(req, "username"), form_field(req, "next")
        if not self.store.check_password(username, form_field(req, "password")):
            error = "Invalid username or password."  # the same words whatever was wrong
            resp.status = falcon.HTTP_400
            render(req, resp, "login.html", username=username, next=next_path, error=error)
            return
        session = req.context.session
        self.store.end_session(session.get("session_id"))
        # Rotate the session: nothing from the cookie sent before login (say, one planted by
        # an attacker) carries the signed-in state, and the CSRF token is new.
        session.clear()
        session["session_id"] = self.store.start_session(username)
        csrf_token(req)
        # 303 See Other: the browser follows with a GET, so a reload never re-sends the form.
        # local_path: `next` must stay on this site, or the login is an open redirect.
        raise falcon.HTTPSeeOther(local_path(next_path))


class Logout:
    """/logout: POST only, with the CSRF token (a GET is Falcon's 405), so no link signs out."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @falcon.before(check_csrf)
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Sign out: end the session in the database, so a copy of the old cookie is worthless."""
        self.store.end_session(req.context.session.get("session_id"))
        req.context.session.clear()
        raise falcon.HTTPSeeOther("/")
