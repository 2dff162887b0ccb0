"""The page and the static files: SimpleTemplates that rebase on templates/base.tpl."""

from __future__ import annotations

from pathlib import Path

from bottle import Bottle, HTTPError, HTTPResponse, request, static_file

from db import get_store
from shared.checks import nothing_at
from templating import render

STATIC = Path(__file__).parent / "shared" / "static"

routes = Bottle()  # merged into the app by create_app()


@routes.get("/")
def index() -> str:
    store = get_store()
    return render("index.tpl", featured=store.random_quote(), latest=store.newest_quotes(20))


@routes.get("/static/<filename:path>")
def static(filename: str) -> HTTPResponse:
    file: HTTPResponse = static_file(filename, root=STATIC)
    if file.status_code == 403:  # static_file's answer to a path that leaves the folder
        return HTTPError(404, nothing_at(request.path))
    return file
