"""Security setup in one place, as in Pyramid's wiki2 tutorial: the session cookie, CSRF, and a
security policy that says who is signed in."""

from __future__ import annotations

from typing import Any

from pyramid.config import Configurator
from pyramid.csrf import SessionCSRFStoragePolicy
from pyramid.request import Request, RequestLocalCache
from pyramid.security import Allowed, Denied
from pyramid.session import JSONSerializer, SignedCookieSessionFactory


def includeme(config: Configurator) -> None:
    settings = config.get_settings()
    session_factory = SignedCookieSessionFactory(
        settings["secret_key"],
        httponly=True,  # Pyramid's default is False; no script needs to read this cookie
        samesite="Lax",
        secure=settings["session_cookie_secure"],
        serializer=JSONSerializer(),  # JSON, never pickle: a leaked key must not run code
        # No idle timeout (Pyramid's default is 20 minutes, which would also void a login form
        # left open): the server-side session decides how long a sign-in lasts.
        timeout=None,
        reissue_time=None,  # so nothing to renew: the cookie is sent when the session changes
    )
    config.set_session_factory(session_factory)
    config.set_security_policy(SessionSecurityPolicy())
    # region: csrf
    # Every view that takes an unsafe method (POST, ...) checks the token in the form's hidden
    # `csrf_token` input against the one in the session, unless the view says require_csrf=False
    # (the JSON API: it takes only application/json, which an HTML form cannot send).
    config.set_csrf_storage_policy(SessionCSRFStoragePolicy())
    config.set_default_csrf_options(require_csrf=True)
    # endregion


class SessionSecurityPolicy:
    """Pyramid 2's security policy: the signed cookie session holds only the id of a session kept
    in the database, and who is signed in is that session's user."""

    def __init__(self) -> None:
        # The page's header, the permission check and the templates all ask who is signed in:
        # RequestLocalCache looks it up in the database once per request, as wiki2 does.
        self.identity_cache = RequestLocalCache(self.load_identity)

    def load_identity(self, request: Request) -> str | None:
        """The signed-in username; a tampered, foreign or ended session is no one."""
        return request.store.session_user(request.session.get("session_id"))

    def identity(self, request: Request) -> str | None:
        return self.identity_cache.get_or_create(request)

    def authenticated_userid(self, request: Request) -> str | None:
        return self.identity(request)

    def permits(self, request: Request, context: Any, permission: str) -> Allowed | Denied:
        """The one permission, "write", needs only someone signed in."""
        if self.identity(request) is None:
            return Denied("No one is signed in.")
        return Allowed("Signed in.")

    def remember(self, request: Request, userid: str, **kw: Any) -> list[tuple[str, str]]:
        """Start a server-side session; the session cookie (set by the session) carries its id."""
        request.session["session_id"] = request.store.start_session(userid)
        self.identity_cache.set(request, userid)
        return []

    def forget(self, request: Request, **kw: Any) -> list[tuple[str, str]]:
        """End the server-side session (a copy of the cookie is worthless then) and empty the
        cookie session."""
        request.store.end_session(request.session.get("session_id"))
        request.session.invalidate()
        self.identity_cache.clear(request)
        return []
