"""The HTML page: a Jinja2 template that extends templates/base.html."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from deps import StoreDep
from templating import templates

router = APIRouter(include_in_schema=False)  # pages: not part of the OpenAPI document


@router.get("/")
@router.head("/")  # FastAPI answers HEAD only where a route asks for it (fastapi#1773)
def index(request: Request, store: StoreDep) -> Response:
    """A featured random quote and the 20 newest."""
    context = {"featured": store.random_quote(), "latest": store.newest_quotes(20)}
    return templates.TemplateResponse(request, "index.html", context)
