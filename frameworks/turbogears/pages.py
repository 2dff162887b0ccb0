"""The HTML page and the static files, as root controller methods."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from tg import TGController, abort, expose
from tg.decorators import before_render
from webob import Response

from db import get_store
from security import add_session_to_templates
from shared.checks import nothing_at

STATIC = (Path(__file__).parent / "shared" / "static").resolve()


class StaticController(TGController):
    @expose(allowed_methods=["GET"])
    def _default(self, *parts: str, **params: Any) -> Response:
        """/static/...: TG's own static middleware takes any method, so a POST would not be a 405.
        Object dispatch hands the path's segments over already split and decoded."""
        path = STATIC.joinpath(*parts).resolve()
        if not parts or not path.is_relative_to(STATIC) or not path.is_file():
            abort(404, nothing_at("/static/" + "/".join(parts)))
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        charset = "utf-8" if kind.startswith("text/") else None
        return Response(path.read_bytes(), content_type=kind, charset=charset)


class PagesController(TGController):
    static = StaticController()

    @before_render(add_session_to_templates)
    @expose("jinja:index.html", allowed_methods=["GET"])
    def index(self, **params: Any) -> dict[str, Any]:
        """A featured random quote and the 20 newest."""
        store = get_store()
        return {"featured": store.random_quote(), "latest": store.newest_quotes(20)}
