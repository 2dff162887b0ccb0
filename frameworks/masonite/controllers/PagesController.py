"""The HTML page and the static files."""

from pathlib import Path

from masonite.controllers import Controller
from masonite.request import Request
from masonite.response import Response
from masonite.views import View

from errors import HttpError
from shared.checks import nothing_at

STATIC = Path(__file__).parent.parent / "shared" / "static"
MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


class PagesController(Controller):
    def index(self, request: Request, view: View) -> View:
        """A featured random quote and the 20 newest."""
        store = request.app.make("store")
        page = {"featured": store.random_quote(), "latest": store.newest_quotes(20)}
        return view.render("index", page)

    def static(self, filename: str, request: Request, response: Response) -> Response:
        """A file of shared/static by its bare name: the route's parameter holds no "/", and
        only the names listed there are served, so no path leaves the folder."""
        names = {path.name: path for path in STATIC.iterdir()}
        if filename not in names:
            raise HttpError(404, nothing_at(request.get_path()))
        response.header("Content-Type", MEDIA_TYPES[names[filename].suffix])
        return response.view(names[filename].read_bytes())
