"""The HTML page: a Jinja2 template that extends templates/base.html and escapes what it shows."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from app import store_of, templates


# region: pages
def index(request: Request) -> Response:
    """A featured random quote and the 20 newest."""
    store = store_of(request)
    context = {"featured": store.random_quote(), "latest": store.newest_quotes(20)}
    return templates.TemplateResponse(request, "index.html", context)


# endregion
