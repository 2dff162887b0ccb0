"""The store of the current app, for the blueprints: flaskr's db.py gives them get_db the same way.

create_app() makes one Store per worker process; its SQLite connections are per thread, and the
threads are those of the executor Quart runs sync functions in (see README: the event loop).
"""

from __future__ import annotations

from quart import current_app

from shared.store import Store


def get_store() -> Store:
    store: Store = current_app.extensions["store"]
    return store
