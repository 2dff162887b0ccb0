"""The store of the running app, for the controllers: create_app() keeps one per worker process
in TurboGears' config (tg.config is the current app's), opened after gunicorn's fork."""

from __future__ import annotations

import tg

from shared.store import Store


def get_store() -> Store:
    store: Store = tg.config["quotes.store"]
    return store
