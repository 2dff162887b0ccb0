"""The HTML page, a Jinja2 template that extends templates/base.html, and the static files."""

import mimetypes
from pathlib import Path

from litestar import Router, route
from litestar.response import Template
from litestar.response.file import ASGIFileResponse
from litestar.static_files import create_static_files_router

from shared.store import Store

HERE = Path(__file__).parent


# Litestar's `@get` answers GET (and OPTIONS) only; HEAD has to be asked for (API-15).
@route("/", http_method=["GET", "HEAD"], sync_to_thread=True)
def index(store: Store) -> Template:
    """A featured random quote and the 20 newest."""
    context = {"featured": store.random_quote(), "latest": store.newest_quotes(20)}
    return Template("index.html", context=context)


def head_content_type(response: ASGIFileResponse) -> ASGIFileResponse:
    """An `after_request` hook: Litestar answers HEAD on a static file without the
    Content-Type that its GET has (API-15), so it is put back."""
    if response.is_head_response and "content-type" not in response.headers:
        media_type = mimetypes.guess_type(str(response.file_path))[0] or "application/octet-stream"
        text = media_type.startswith("text/")
        response.headers["content-type"] = f"{media_type}; charset=utf-8" if text else media_type
    return response


def static_files() -> Router:
    """shared/static/ at /static/: GET and HEAD only (else a 405), nothing outside the folder."""
    directories = [HERE / "shared" / "static"]
    return create_static_files_router("/static", directories, after_request=head_content_type)


router = Router("/", route_handlers=[index, static_files()])
