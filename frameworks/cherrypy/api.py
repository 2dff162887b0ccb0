"""The JSON API: quotes in and out, problems (RFC 9457) for errors.

CherryPy's default dispatcher walks the object tree: /api/quotes is Api().quotes.index,
/api/quotes/random is .random, and any other segment goes to .default as its argument. Query
fields arrive as the handler's keyword arguments.
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

import cherrypy
from cherrypy._cpreqbody import Entity

from errors import problem
from shared import checks
from shared.store import Quote, Store


def json_object(entity: Entity) -> None:
    """tools.json_in's processor: the body as a JSON object in request.json, else a 400.

    CherryPy's own processor lets a deeply nested body's RecursionError through as a 500, and
    answers a chunked body (no Content-Length) with 411. Reading past request.body.maxbytes
    raises the 413.
    """
    try:  # decode first: json.loads would also take UTF-16 and UTF-32 bytes
        payload = json.loads(entity.fp.read().decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError too
        raise cherrypy.HTTPError(400, checks.NOT_UTF8_JSON) from None
    if not isinstance(payload, dict):
        raise cherrypy.HTTPError(400, checks.NOT_AN_OBJECT)
    cherrypy.serving.request.json = payload


# json_in refuses any other media type with a 415. Its default list also takes text/javascript;
# only application/json here, the one media type an HTML form cannot send.
json_in = cherrypy.tools.json_in(content_type="application/json", processor=json_object)


class Health:
    @cherrypy.expose
    @cherrypy.tools.allow(methods=["GET"])  # HEAD too: allow adds it to GET
    @cherrypy.tools.json_out()
    def index(self) -> dict[str, str]:
        return {"status": "ok"}


class Quotes:
    """/api/quotes and below."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @cherrypy.expose
    @cherrypy.tools.allow(methods=["GET", "POST"])
    @json_in
    @cherrypy.tools.json_out()
    def index(
        self, limit: str = "20", offset: str = "0", author: str = "", **_: str
    ) -> dict[str, Any]:
        """GET: one page of quotes by id, maybe only an author's; POST: add a quote."""
        if cherrypy.request.method == "POST":
            return self.add(cherrypy.request.json)
        page_size, start = checks.parse_ascii_int(limit), checks.parse_ascii_int(offset)
        if page_size is None or not 1 <= page_size <= 100:
            raise cherrypy.HTTPError(400, checks.BAD_LIMIT)
        if start is None:
            raise cherrypy.HTTPError(400, checks.BAD_OFFSET)
        items, total = self.store.list_quotes(page_size, start, author)
        return {"items": items, "total": total, "limit": page_size, "offset": start}

    def add(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Store a valid quote: 201 with its Location. No CSRF token: JSON keeps forms out."""
        if errors := checks.quote_errors(payload):
            return problem(422, checks.INVALID_QUOTE, errors=errors)
        quote = self.store.add_quote(payload["text"].strip(), payload["author"].strip())
        cherrypy.response.status = 201
        cherrypy.response.headers["Location"] = f"/api/quotes/{quote['id']}"
        return dict(quote)

    @cherrypy.expose
    @cherrypy.tools.allow(methods=["GET"])
    @cherrypy.tools.json_out()
    def random(self) -> Quote:
        if quote := self.store.random_quote():
            return quote
        raise cherrypy.HTTPError(404, checks.NO_QUOTES)

    @cherrypy.expose
    @cherrypy.tools.allow(methods=["GET", "DELETE"])
    @cherrypy.tools.json_out()
    def default(self, quote_id: str) -> Quote | None:
        """GET: one quote by id; DELETE: remove it. Ids are ASCII digits; anything else is a 404."""
        number = checks.parse_ascii_int(quote_id)
        if number is None:
            raise cherrypy.HTTPError(404, checks.nothing_at(cherrypy.request.path_info))
        if cherrypy.request.method == "DELETE":
            if not self.store.delete_quote(number):
                raise cherrypy.HTTPError(404, checks.no_quote_with_id(number))
            cherrypy.response.status = 204  # CherryPy drops the body of a 204
            return None
        if quote := self.store.quote_by_id(number):
            return quote
        raise cherrypy.HTTPError(404, checks.no_quote_with_id(number))


class Api:
    """/api: only quotes live here; any other name is a 404 problem."""

    # A class's _cp_config applies to its path and below. No CSRF token here: the API takes
    # only application/json, which an HTML form cannot send. And a write from no one is a 401.
    _cp_config: ClassVar = {"tools.csrf.on": False, "tools.signed_in.on": True}

    def __init__(self, store: Store) -> None:
        self.quotes = Quotes(store)
