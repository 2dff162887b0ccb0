"""The JSON API: quotes in and out, problems (RFC 9457) for errors (see app.py's Errors).

CherryPy's default dispatcher walks the object tree: /api/quotes is Api().quotes.index,
/api/quotes/random is .random, and any other segment goes to .default as its argument.
"""

from __future__ import annotations

import json
from typing import Any

import cherrypy
from cherrypy._cpreqbody import Entity

from app import field, problem
from shared.checks import parse_ascii_int, quote_errors
from shared.store import Quote, Store


# region: body-validation
def json_object(entity: Entity) -> None:
    """tools.json_in's processor: the body as a JSON object in request.json, else a 400.

    CherryPy's own processor lets a deeply nested body's RecursionError through as a 500, and
    answers a chunked body (no Content-Length) with 411. Reading past request.body.maxbytes
    raises the 413, with or without a Content-Length.
    """
    try:  # decode first: json.loads would also take UTF-16 and UTF-32 bytes
        payload = json.loads(entity.fp.read().decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError too
        raise cherrypy.HTTPError(400, "The body is not valid UTF-8 JSON.") from None
    if not isinstance(payload, dict):
        raise cherrypy.HTTPError(400, "The body must be a JSON object.")
    cherrypy.serving.request.json = payload


# json_in refuses any other media type with a 415. Its default list also takes text/javascript;
# only application/json here, the one media type an HTML form cannot send.
json_in = cherrypy.tools.json_in(content_type="application/json", processor=json_object)
# endregion


# region: api-routes
class Health:
    """/healthz."""

    @cherrypy.expose
    @cherrypy.tools.allow(methods=["GET"])  # HEAD too: allow adds it to GET
    @cherrypy.tools.json_out()
    def index(self) -> dict[str, str]:
        """Say the app is up."""
        return {"status": "ok"}


class Quotes:
    """/api/quotes and below. Writes need a signed-in session (tools.signed_in, on for /api)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @cherrypy.expose
    @cherrypy.tools.allow(methods=["GET", "POST"])
    @json_in
    @cherrypy.tools.json_out()
    def index(self, **params: Any) -> dict[str, Any]:
        """GET: one page of quotes by id, maybe only an author's; POST: add a quote."""
        if cherrypy.request.method == "POST":
            return self.add(cherrypy.request.json)
        limit = parse_ascii_int(field(params, "limit", "20"))
        offset = parse_ascii_int(field(params, "offset", "0"))
        if limit is None or not 1 <= limit <= 100:
            raise cherrypy.HTTPError(400, "limit must be a whole number from 1 to 100.")
        if offset is None:
            raise cherrypy.HTTPError(400, "offset must be a whole number, 0 or more.")
        items, total = self.store.list_quotes(limit, offset, field(params, "author"))
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    def add(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Store a valid quote: 201 with its Location. No CSRF token: JSON keeps forms out."""
        if errors := quote_errors(payload):
            return problem(422, "Some members of the quote are not valid.", errors=errors)
        quote = self.store.add_quote(payload["text"].strip(), payload["author"].strip())
        cherrypy.response.status = 201
        cherrypy.response.headers["Location"] = f"/api/quotes/{quote['id']}"
        return dict(quote)

    @cherrypy.expose
    @cherrypy.tools.allow(methods=["GET"])
    @cherrypy.tools.json_out()
    def random(self) -> Quote:
        """One quote picked at random."""
        if quote := self.store.random_quote():
            return quote
        raise cherrypy.HTTPError(404, "There are no quotes yet.")

    @cherrypy.expose
    @cherrypy.tools.allow(methods=["GET", "DELETE"])
    @cherrypy.tools.json_out()
    def default(self, quote_id: str) -> Quote | None:
        """GET: one quote by id; DELETE: remove it. Ids are ASCII digits; anything else is a 404."""
        number = parse_ascii_int(quote_id) or 0
        if cherrypy.request.method == "DELETE":
            if not self.store.delete_quote(number):
                raise cherrypy.HTTPError(404, "No quote has that id.")
            cherrypy.response.status = 204  # CherryPy drops the body of a 204
            return None
        if quote := self.store.quote_by_id(number):
            return quote
        raise cherrypy.HTTPError(404, "No quote has that id.")


class Api:
    """/api: only quotes live here; any other name is a 404 problem."""

    def __init__(self, store: Store) -> None:
        self.quotes = Quotes(store)


# endregion
