"""The app's one model. Its table comes from migrations/0001; 0002 seeds it, once."""

from django.db import models


class Quote(models.Model):
    """A quote; Django adds the id, which SQLite never reuses (AUTOINCREMENT)."""

    text = models.CharField(max_length=500)
    author = models.CharField(max_length=100)

    def as_json(self) -> dict[str, int | str]:
        """The quote as the API shows it."""
        return {"id": self.pk, "text": self.text, "author": self.author}


class Casefold(models.Func):
    """SQL casefold(), which apps.py gives SQLite: its lower() and LIKE fold ASCII letters only."""

    function = "casefold"
    output_field = models.CharField()
