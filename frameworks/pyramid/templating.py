"""The templates: Jinja2 through pyramid_jinja2, which autoescapes everything it renders."""

from __future__ import annotations

from pathlib import Path

from pyramid.config import Configurator
from pyramid.events import BeforeRender


def includeme(config: Configurator) -> None:
    config.include("pyramid_jinja2")
    config.add_jinja2_renderer(".html")  # pyramid_jinja2 registers .jinja2; ours are .html
    config.add_jinja2_search_path(str(Path(__file__).parent / "templates"), name=".html")
    config.add_subscriber(add_current_user, BeforeRender)


def add_current_user(event: BeforeRender) -> None:
    """A renderer global for base.html's header: who is signed in. (Pyramid itself gives every
    template `request` and `get_csrf_token`.)"""
    if event["renderer_name"].endswith(".html"):
        event["current_user"] = event["request"].authenticated_userid
