"""gunicorn's configuration file, named by the serve command in manifest.toml."""

import os
from typing import Any

MIGRATIONS_LOCK = 0x51756F74  # any constant: hosts that start together migrate one at a time


def on_starting(server: Any) -> None:
    """Apply the migrations (on a new database: create and seed it) before any worker starts.

    gunicorn calls this once, in the master process, before it forks the workers: so two workers
    never race to create the database, and the generated key (settings.py) exists before either
    reads it. Hosts sharing one PostgreSQL database take turns under an advisory lock.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotesite.settings")
    import django
    from django.core.management import call_command
    from django.db import OperationalError, connection, connections

    from shared.configuration import refuse_to_start

    django.setup()
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # held by this connection until it closes
                cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATIONS_LOCK])
        call_command("migrate", interactive=False, verbosity=0)
    except OperationalError as error:  # no such folder, no such server, a wrong password
        setting = "DATABASE_URL" if connection.vendor == "postgresql" else "QUOTES_DB"
        refuse_to_start(f"{setting}: cannot open the database: {str(error).splitlines()[0]}")
    connections.close_all()  # each worker opens its own connections, after the fork
