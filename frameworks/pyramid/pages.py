"""The HTML page, the static files, and the Jinja2 templates (pyramid_jinja2) every page uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyramid.config import Configurator
from pyramid.events import BeforeRender
from pyramid.request import Request
from pyramid.view import view_config

HERE = Path(__file__).parent


def includeme(config: Configurator) -> None:
    """Templates, static files and the page's route; the view below is found by config.scan()."""
    # region: templates
    config.include("pyramid_jinja2")  # autoescapes everything it renders (jinja2.autoescape)
    config.add_jinja2_renderer(".html")  # pyramid_jinja2 registers .jinja2; ours are .html
    config.add_jinja2_search_path(str(HERE / "templates"), name=".html")
    config.add_subscriber(add_current_user, BeforeRender)
    # endregion
    # region: pages
    config.add_static_view("static", str(HERE / "static"))  # refuses paths that leave it
    config.add_route("home", "/")
    config.scan(__name__)
    # endregion


# region: templates
def add_current_user(event: BeforeRender) -> None:
    """A renderer global for the HTML templates: who is signed in, for base.html's header.
    (Pyramid itself gives every template `request` and `get_csrf_token`.)"""
    if event["renderer_name"].endswith(".html"):
        event["current_user"] = event["request"].authenticated_userid


# endregion


# region: pages
@view_config(route_name="home", request_method="GET", renderer="index.html")
def index(request: Request) -> dict[str, Any]:
    """A featured random quote and the 20 newest."""
    store = request.store
    return {"featured": store.random_quote(), "latest": store.newest_quotes(20)}


# endregion
