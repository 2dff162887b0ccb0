"""The store the handlers share: `create_app()` keeps one per worker process under `STORE`, an
`AppKey` (aiohttp's typed key for what the application holds)."""

from aiohttp import web

from shared.store import Store

STORE = web.AppKey("store", Store)


def get_store(request: web.Request) -> Store:
    """The app's store. Its calls block (sqlite3, PBKDF2), so handlers run them with
    `asyncio.to_thread`: one thread pool per worker, one SQLite connection per thread."""
    return request.app[STORE]
