"""The root of the object tree, and the home page: a Jinja2 template that extends base.html."""

from __future__ import annotations

import cherrypy

from api import Api, Health
from auth import Login, Logout
from shared.store import Store
from templating import render


class Root:
    """The site: an exposed method answers its own path, an attribute is a path segment."""

    favicon_ico = None  # else tree.mount() serves CherryPy's own red cherry at /favicon.ico

    def __init__(self, store: Store) -> None:
        self.store = store
        self.healthz = Health()
        self.api = Api(store)
        self.login = Login(store)
        self.logout = Logout(store)

    @cherrypy.expose
    @cherrypy.tools.allow(methods=["GET"])
    def index(self, **_: str) -> str:
        """A featured random quote and the 20 newest."""
        return render(
            "index.html", featured=self.store.random_quote(), latest=self.store.newest_quotes(20)
        )
