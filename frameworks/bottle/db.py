"""The store of the app serving this request: create_app() makes one per worker process (after
gunicorn's fork) and keeps it in the app's config; its SQLite connections are per thread."""

from __future__ import annotations

from bottle import request

from shared.store import Store


def get_store() -> Store:
    store: Store = request.app.config["quotes.store"]
    return store
