"""The HTML page and its stylesheet: SimpleTemplates that rebase on templates/base.tpl."""

from __future__ import annotations

from bottle import Bottle, HTTPError, HTTPResponse, request, static_file

from app import HERE, get_store, render

routes = Bottle()  # merged into the app by create_app()


# region: pages
@routes.get("/")
def index() -> str:
    """A featured random quote and the 20 newest."""
    store = get_store()
    return render("index.tpl", featured=store.random_quote(), latest=store.newest_quotes(20))


@routes.get("/static/<filename:path>")
def static(filename: str) -> HTTPResponse:
    """A file of the static folder."""
    file: HTTPResponse = static_file(filename, root=HERE / "static")
    if file.status_code == 403:  # static_file's answer to a path that leaves the folder
        return HTTPError(404, f"There is nothing at {request.path}.")
    return file


# endregion
