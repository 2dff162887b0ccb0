"""The Quotes app in Quixote (SPEC.md): the factory, which only wires. Quixote publishes a tree
of Directory objects: each path component is looked up in its directory's _q_exports (or by
_q_lookup), and the callable at the end answers."""

from __future__ import annotations

import os
from pathlib import Path

import quixote
from quixote.directory import Directory

import api
import auth
import pages
from errors import Publisher
from security import StoreSessionManager
from shared.checks import MAX_BODY_BYTES
from shared.store import Store
from shared.wsgi_body import ReadBodyFirst

HERE = Path(__file__).parent


class Root(Directory):
    _q_exports = ("", "healthz", "api", "login", "logout", "static")

    def __init__(self, store: Store, sessions: StoreSessionManager) -> None:
        self._q_index = pages.Index(store)  # "" is the directory's own page, /
        self.healthz = api.healthz
        self.api = api.Api(store)
        self.login = auth.Login(store, sessions)
        self.logout = auth.Logout(sessions)
        self.static = pages.StaticFiles()


def create_app() -> ReadBodyFirst:
    """Build the app from the environment; gunicorn calls this in each worker process, so each
    opens its own store (Quixote allows one Publisher per process, and this is that one)."""
    store = Store(os.environ.get("QUOTES_DB", str(HERE / "quotes.db")), HERE / "shared")
    # Production sets SECRET_KEY; else all workers share one generated beside the database.
    sessions = StoreSessionManager(store, os.environ.get("SECRET_KEY") or store.secret_key())
    Publisher(
        Root(store, sessions),
        session_manager=sessions,
        display_exceptions=False,  # a 500 never shows a traceback
        allowed_methods=None,  # not only GET, HEAD, POST: each callable says what it takes
        session_cookie_name="session",
        session_cookie_path="/",
        session_cookie_httponly=True,
        session_cookie_secure=os.environ.get("SESSION_COOKIE_SECURE") == "1",
    )
    # region: body-validation
    # Every body read first, chunked ones too: Publisher.parse_request() then sees its length.
    return ReadBodyFirst(quixote.get_wsgi_app(), MAX_BODY_BYTES)  # this process's Publisher
    # endregion
