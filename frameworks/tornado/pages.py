"""The HTML page (a Tornado template that extends templates/base.html and escapes what it shows),
and the static files."""

from __future__ import annotations

from tornado.web import HTTPError, StaticFileHandler

from base import BaseHandler


class Index(BaseHandler):
    def get(self) -> None:
        """A featured random quote and the 20 newest."""
        store = self.get_store()
        self.render("index.html", featured=store.random_quote(), latest=store.newest_quotes(20))


class StaticFiles(StaticFileHandler, BaseHandler):
    """Tornado's static file handler, with the app's headers and error responses."""

    def get_content_type(self) -> str:
        """Text in UTF-8 (Tornado gives text/css with no charset)."""
        content_type = super().get_content_type()
        text = content_type.startswith("text/")
        return f"{content_type}; charset=utf-8" if text else content_type

    async def get(self, path: str, include_body: bool = True) -> None:
        """Tornado refuses a path outside the folder (or a folder) with a 403; nothing is there
        to forbid, so it is a 404 like any other missing file."""
        try:
            await super().get(path, include_body)
        except HTTPError as error:
            if error.status_code == 403:
                raise HTTPError(404) from None
            raise
