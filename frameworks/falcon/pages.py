"""The HTML pages: Jinja2 templates that extend templates/base.html and escape what they show."""

from __future__ import annotations

import falcon

from shared.store import Store
from templating import render


class Index:
    def __init__(self, store: Store) -> None:
        self.store = store

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """A featured random quote and the 20 newest."""
        featured, latest = self.store.random_quote(), self.store.newest_quotes(20)
        render(req, resp, "index.html", featured=featured, latest=latest)

    on_head = on_get  # Falcon answers HEAD only where a resource has on_head
