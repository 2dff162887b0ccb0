"""The quotes app's configuration, which Django finds by itself."""

from django.apps import AppConfig


class QuotesConfig(AppConfig):
    name = "quotes"
