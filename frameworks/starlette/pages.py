"""The HTML page: a Jinja2 template that extends templates/base.html."""

from starlette.requests import Request
from starlette.responses import Response

from db import get_store
from templating import templates


def index(request: Request) -> Response:
    """A featured random quote and the 20 newest."""
    store = get_store(request)
    context = {"featured": store.random_quote(), "latest": store.newest_quotes(20)}
    return templates.TemplateResponse(request, "index.html", context)
