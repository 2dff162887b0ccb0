"""The store the handlers share: `create_app()` opens one per worker process and keeps it on
`app.ctx`, Sanic's place for what the whole application holds."""

from sanic import Request

from shared.store import Store


def get_store(request: Request) -> Store:
    """The app's store (one per worker process; its connections are per thread)."""
    store: Store = request.app.ctx.store
    return store
