"""Sessions that every worker shares, on Quixote's own session hooks.

Quixote's SessionManager keeps Session objects in a dict of its process, keyed by the cookie:
under several gunicorn workers a login would exist in one of them only. Its BaseSessionManager
leaves the two hooks that matter to us, get_session() and maintain_session(), so this manager
rebuilds each request's Session from an itsdangerous-signed cookie holding the shared Store's
session id (who is signed in lives in the database, so a logout ends it on every worker) and the
session's CSRF token. A mapping backed by the Store would not do: the Store keeps a username per
id, not a pickled Session with its CSRF token.
"""

from __future__ import annotations

import re
from typing import Any

from itsdangerous import BadData, URLSafeSerializer
from quixote import get_cookie, get_publisher, get_request
from quixote.session import BaseSessionManager, Session

from shared.store import Store


class StoreSession(Session):
    def __init__(self, store_id: str | None, user: str | None, csrf_token: str | None) -> None:
        super().__init__(None)
        self.store_id, self.user, self._csrf_token = store_id, user, csrf_token
        self.cookie_data = self.data()  # what the client holds: resend the cookie when it differs

    def data(self) -> dict[str, Any]:
        return {"sid": self.store_id, "csrf": self._csrf_token}


class StoreSessionManager(BaseSessionManager):
    def __init__(self, store: Store, secret: str) -> None:
        super().__init__(session_class=StoreSession)
        self.quotes = store  # not `store`: BaseSessionManager's is its own SessionStore
        self.signer = URLSafeSerializer(secret, salt="quotes.session")

    def get_session(self) -> StoreSession:
        name = get_publisher().config.session_cookie_name
        value = get_cookie(name) or ""
        # Quixote quotes the cookie's value, and its parser takes `name="value"x` as `value`.
        cookies = get_request().get_header("Cookie") or ""
        if not re.search(rf'(^|;)\s*{name}="{re.escape(value)}"\s*(;|$)', cookies):
            value = ""
        try:
            data = self.signer.loads(value)
        except BadData:  # a missing, tampered, truncated or foreign cookie: signed out
            data = {}
        if not isinstance(data, dict):
            data = {}
        store_id, csrf = data.get("sid"), data.get("csrf")
        csrf = csrf if isinstance(csrf, str) else None
        return StoreSession(store_id, self.quotes.session_user(store_id), csrf)

    def maintain_session(self, session: Session) -> None:
        assert isinstance(session, StoreSession)
        if session.data() != session.cookie_data:
            self.set_session_cookie(self.signer.dumps(session.data()))

    def set_session_cookie(self, session_id: str, **attrs: Any) -> None:
        # Quixote's config knows Path, Secure and HttpOnly; SameSite is passed on every cookie.
        super().set_session_cookie(session_id, samesite="Lax", **attrs)

    def sign_in(self, username: str) -> None:
        """Rotate, on every login: end the server session from before (a second login too) and
        start a new one with a new CSRF token, so a cookie from before never signs in."""
        session = get_request().session
        self.quotes.end_session(session.store_id)
        session.store_id, session.user = self.quotes.start_session(username), username
        session._csrf_token = None
        session.get_csrf_token()

    def sign_out(self) -> None:
        session = get_request().session
        self.quotes.end_session(session.store_id)  # on the server: an old cookie is worthless
        session.store_id = session.user = session._csrf_token = None
