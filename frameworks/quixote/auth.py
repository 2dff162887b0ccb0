"""/login and /logout: callables that the root directory exports, on the sessions of
sessions.py and Quixote's per-session CSRF token."""

from __future__ import annotations

from quixote import get_request, get_response
from quixote.errors import AccessError

from base import allow, see_other, text_field
from security import StoreSessionManager
from shared.checks import CSRF_FAILED, local_path
from shared.store import Store
from templating import login_page


def require_csrf_token() -> None:
    """A form POST must carry this session's token (Session.get_csrf_token() put it in the
    form), which a page on another site cannot read; AccessError is Quixote's 403."""
    session = get_request().session
    if not text_field("csrf_token") or not session.valid_csrf_token():
        raise AccessError(CSRF_FAILED)


class Login:
    def __init__(self, store: Store, sessions: StoreSessionManager) -> None:
        self.store, self.sessions = store, sessions

    def __call__(self) -> str:
        allow("GET", "POST")
        next_path = text_field("next") or ""
        if get_request().get_method() != "POST":
            return str(login_page(None, "", next_path))
        require_csrf_token()
        username, password = text_field("username") or "", text_field("password") or ""
        if not self.store.check_password(username, password):
            get_response().set_status(400)  # the form again; the same words for every failure
            return str(login_page("Invalid username or password.", username, next_path))
        self.sessions.sign_in(username)
        return see_other(local_path(next_path))


class Logout:
    def __init__(self, sessions: StoreSessionManager) -> None:
        self.sessions = sessions

    def __call__(self) -> str:
        allow("POST")
        require_csrf_token()
        self.sessions.sign_out()
        return see_other("/")
