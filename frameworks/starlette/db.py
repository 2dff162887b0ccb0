"""The store the endpoints share: `create_app()` keeps one per worker process on `app.state`,
Starlette's place for what the whole application holds."""

from starlette.requests import HTTPConnection

from shared.store import Store


def get_store(request: HTTPConnection) -> Store:
    """The app's store (one per worker process; its connections are per thread)."""
    store: Store = request.app.state.store
    return store
