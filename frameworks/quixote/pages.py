"""The page and the static files."""

from __future__ import annotations

from pathlib import Path

from quixote.errors import TraversalError
from quixote.util import StaticDirectory, StaticFile

from base import allow
from shared.store import Store
from templating import index_page

STATIC = Path(__file__).parent / "shared" / "static"


class Index:
    def __init__(self, store: Store) -> None:
        self.store = store

    def __call__(self) -> str:
        allow("GET")
        return str(index_page(self.store.random_quote(), self.store.newest_quotes(20)))


class GetOnlyFile(StaticFile):
    def __call__(self) -> object:
        allow("GET")  # StaticFile answers any method
        return super().__call__()


class StaticFiles(StaticDirectory):
    """Quixote's StaticDirectory refuses `.` and `..`; its index page is a 404 here."""

    FILE_CLASS = GetOnlyFile

    def __init__(self) -> None:
        super().__init__(str(STATIC))

    def _q_index(self) -> str:
        raise TraversalError
