"""The Quotes app, py4web's `_default` app (served at /): importing the controllers registers
their actions, as py4web's scaffold does; common.py holds the fixtures they share."""

from . import api, auth, errors, pages  # noqa: F401  (imported for their @action routes)
