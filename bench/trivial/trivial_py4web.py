"""py4web's own trivial route: an action returning a dict, which py4web sends as JSON.

An action registers itself on ombott's default app, which is what py4web's wsgi() returns.
"""

from ombott import default_app
from py4web import action


def trivial() -> dict[str, str]:
    return {"message": "Hello, World!"}


# @action names the route after the app module it sits in (apps/<app>/), as wsgi() loads them;
# this one file stands in for apps/_default/__init__.py.
trivial.__module__ = "apps._default"
action("/", method="GET")(trivial)
app = default_app()
