"""The quotes app's configuration, which Django finds by itself."""

from typing import Any

from django.apps import AppConfig
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created


def add_casefold(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Give each new SQLite connection Python's str.casefold (the author filter, API-3)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("casefold", 1, str.casefold, deterministic=True)


class QuotesConfig(AppConfig):
    name = "quotes"

    def ready(self) -> None:
        connection_created.connect(add_casefold)
