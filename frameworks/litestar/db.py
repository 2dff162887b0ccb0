"""The store the handlers share. `create_app()` keeps one per worker process on the app's
`state`; Litestar's dependency injection hands it to every handler that names a `store` argument."""

from litestar.datastructures import State

from shared.store import Store


def get_store(state: State) -> Store:
    store: Store = state.store
    return store
