"""DATABASE_URL to Django's DATABASES entry: dj-database-url's parse, kept to PostgreSQL."""

from typing import Any

import dj_database_url

from shared.configuration import refuse_to_start

FORM = "postgresql://user:password@host:port/dbname"


def postgresql_from_url(url: str) -> dict[str, Any]:
    """The settings of the database at `url`, or one line and no start for any other URL.
    dj-database-url would take mysql:// or sqlite:// too, and a wrong one fails much later."""
    if url.partition("://")[0] not in ("postgresql", "postgres"):
        refuse_to_start(f"DATABASE_URL must be a postgresql:// URL: {FORM}")
    try:
        config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    except dj_database_url.ParseError:
        refuse_to_start(f"DATABASE_URL is not a valid URL: {FORM}")
    config["OPTIONS"] = {"connect_timeout": 5, **config.get("OPTIONS", {})}  # URL's own win
    return dict(config)
