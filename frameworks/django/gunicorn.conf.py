"""gunicorn's configuration file, named by the serve command in manifest.toml."""

import os
from typing import Any


def on_starting(server: Any) -> None:
    """Apply the migrations (on a new database: create and seed it) before any worker starts.

    gunicorn calls this once, in the master process, before it forks the workers: so two workers
    never race to create the database, and the generated key (settings.py) exists before either
    reads it.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotesite.settings")
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    connections.close_all()  # each worker opens its own SQLite connections, after the fork
