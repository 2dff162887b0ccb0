"""Pyramid's own trivial route: a constant JSON response (the json renderer)."""

from pyramid.config import Configurator


def trivial(request: object) -> dict[str, str]:
    return {"message": "Hello, World!"}


with Configurator() as config:
    config.add_route("trivial", "/")
    config.add_view(trivial, route_name="trivial", renderer="json")
    app = config.make_wsgi_app()
