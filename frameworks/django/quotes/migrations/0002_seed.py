"""Seed a new database with quotes.json and users.json: a migration runs once per database, so
one emptied through the API stays empty."""

import json
from pathlib import Path
from typing import Any

from django.core.management.color import no_style
from django.db import migrations

SEED_DIR = Path(__file__).resolve().parents[2] / "shared"


def seed(apps: Any, schema_editor: Any) -> None:
    """Insert the seed quotes (their ids too) and the demo user with its hash as it is."""
    Quote = apps.get_model("quotes", "Quote")
    User = apps.get_model("auth", "User")
    quotes = json.loads((SEED_DIR / "quotes.json").read_text(encoding="utf-8"))
    users = json.loads((SEED_DIR / "users.json").read_text(encoding="utf-8"))
    # The historical model has no save() of ours: the folded author is set here.
    Quote.objects.bulk_create(Quote(**q, author_key=q["author"].casefold()) for q in quotes)
    # Explicit ids leave PostgreSQL's id sequence at 1 (SQLite's AUTOINCREMENT follows them):
    # move it past them, as loaddata does. On SQLite there is nothing to reset.
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Quote]):
            cursor.execute(statement)
    # users.json holds Django's own pbkdf2_sha256 format, which check_password() reads.
    User.objects.bulk_create(
        User(username=u["username"], password=u["password_hash"]) for u in users
    )


class Migration(migrations.Migration):
    dependencies = (
        ("quotes", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    )

    operations = (migrations.RunPython(seed, migrations.RunPython.noop),)
