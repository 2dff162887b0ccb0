"""The case-folded author that author= searches (models.py says why not SQL's lower())."""

from typing import Any

from django.db import migrations, models


def fold(apps: Any, schema_editor: Any) -> None:
    """Fill the new column for the quotes already there (0002's seed, on a new database)."""
    Quote = apps.get_model("quotes", "Quote")
    quotes = list(Quote.objects.all())
    for quote in quotes:
        quote.author_key = quote.author.casefold()
    Quote.objects.bulk_update(quotes, ["author_key"])


class Migration(migrations.Migration):
    dependencies = (("quotes", "0002_seed"),)

    operations = (
        migrations.AddField(
            model_name="quote",
            name="author_key",
            field=models.CharField(default="", editable=False, max_length=300),
            preserve_default=False,
        ),
        migrations.RunPython(fold, migrations.RunPython.noop),
    )
