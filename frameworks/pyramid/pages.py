"""The HTML page and the static files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pyramid.config import Configurator
from pyramid.request import Request
from pyramid.static import static_view
from pyramid.view import view_config

STATIC = Path(__file__).parent / "shared" / "static"


def includeme(config: Configurator) -> None:
    # Not add_static_view: its view takes every method, so a POST met the CSRF check (a 403). A
    # GET-only view makes any other method a 405 here, as on every route (errors.py).
    config.add_route("static", "/static/*subpath")
    files = static_view(str(STATIC), use_subpath=True)  # refuses paths that leave the folder
    config.add_view(files, route_name="static", request_method="GET")
    config.add_route("home", "/")
    config.scan(__name__)


@view_config(route_name="home", request_method="GET", renderer="index.html")
def index(request: Request) -> dict[str, Any]:
    """A featured random quote and the 20 newest."""
    store = request.store
    return {"featured": store.random_quote(), "latest": store.newest_quotes(20)}
