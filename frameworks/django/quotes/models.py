"""The app's one model. Its table comes from migrations/0001; 0002 seeds it, once."""

from typing import Any

from django.db import models


class Quote(models.Model):
    """A quote; Django adds the id, which neither SQLite (AUTOINCREMENT) nor PostgreSQL (an
    identity) ever reuses."""

    text = models.CharField(max_length=500)
    author = models.CharField(max_length=100)
    # The author case-folded by Python, for author= (API-3): SQL's lower() folds fewer letters
    # than str.casefold (not ß), and SQLite's folds ASCII only. casefold() can triple a length.
    author_key = models.CharField(max_length=300, editable=False)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.author_key = self.author.casefold()
        super().save(*args, **kwargs)

    def as_json(self) -> dict[str, int | str]:
        """The quote as the API shows it."""
        return {"id": self.pk, "text": self.text, "author": self.author}
