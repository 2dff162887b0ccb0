"""The page and the static files: YATL templates (rendered by Renoir) that extend base.html."""

from __future__ import annotations

from typing import Any

from ombott import HTTPError, HTTPResponse, static_file
from py4web import action, request

from .common import FOLDER, csrf, faults, store
from shared.checks import nothing_at

STATIC = str(FOLDER / "shared" / "static")


@action("/", method="GET")
@action.uses("index.html", csrf)
def index() -> dict[str, Any]:
    return {"featured": store.random_quote(), "latest": store.newest_quotes(20)}


# py4web serves an app's own static/ folder; the files live in shared/, so a route of its own.
@action("/static/<filename:path>", method="GET")
@action.uses(faults)
def static(filename: str) -> HTTPResponse:
    file: HTTPResponse = static_file(filename, root=STATIC)
    if file.status_code == 403:  # static_file's answer to a path that leaves the folder
        raise HTTPError(404, nothing_at(request.path))
    return file
