"""The store of the current app, for the blueprints: flaskr's db.py gives them get_db the same way.

create_app() makes one Store per worker process (after gunicorn's fork); its SQLite connections
are per thread.
"""

from __future__ import annotations

from flask import current_app

from shared.store import Store


def get_store() -> Store:
    store: Store = current_app.extensions["store"]
    return store
