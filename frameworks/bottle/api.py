"""The JSON API: quotes in and out, problems (RFC 9457) for errors (see app.py's Errors).

A view that returns a dict gets it as JSON from Bottle's JSON plugin.
"""

from __future__ import annotations

import json
from typing import Any

from bottle import Bottle, abort, request, response

from app import get_store, problem
from shared.checks import parse_ascii_int, quote_errors
from security import require_signed_in
from shared.store import Quote

routes = Bottle()  # merged into the app by create_app()


# region: api-routes
@routes.get("/healthz")
def healthz() -> dict[str, str]:
    """Say the app is up."""
    return {"status": "ok"}


@routes.get("/api/quotes")
def list_quotes() -> dict[str, Any]:
    """One page of quotes by id, optionally only those whose author holds `author`."""
    # Bottle's query values are the URL's bytes read as Latin-1: ASCII digits are the same
    # either way, and getunicode() gives UTF-8 text (its default when the bytes are not UTF-8).
    limit = parse_ascii_int(request.query.get("limit", "20"))
    offset = parse_ascii_int(request.query.get("offset", "0"))
    if limit is None or not 1 <= limit <= 100:
        abort(400, "limit must be a whole number from 1 to 100.")
    if offset is None:
        abort(400, "offset must be a whole number, 0 or more.")
    author = request.query.getunicode("author", default="")
    items, total = get_store().list_quotes(limit, offset, author)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@routes.get("/api/quotes/random")
def random_quote() -> Quote:
    """One quote picked at random."""
    quote = get_store().random_quote()
    if quote is None:
        abort(404, "There are no quotes yet.")
    return quote


# Not <quote_id:int>: Bottle's int filter matches `-?\d+`, and \d takes any script's digits.
@routes.get("/api/quotes/<quote_id>")
def quote_by_id(quote_id: str) -> Quote:
    """One quote by id; an id that is not ASCII digits names no quote."""
    quote = get_store().quote_by_id(parse_ascii_int(quote_id) or 0)
    if quote is None:
        abort(404, "No quote has that id.")
    return quote


# endregion


# region: body-validation
@routes.post("/api/quotes")
def create_quote() -> Quote | str:
    """Add a quote. No CSRF token here: requiring application/json keeps HTML forms out."""
    require_signed_in()
    if request.content_type.split(";")[0].strip().lower() != "application/json":
        abort(415, "Send the quote as application/json.")
    # Not request.json: a deeply nested body's RecursionError escapes it as a 500, and it
    # parses with ujson instead whenever that happens to be installed.
    try:  # the body is at most MAX_BODY bytes: refuse_large_body() has seen to that
        payload = json.loads(request.body.read().decode())  # decode(): UTF-8 only
    except (ValueError, RecursionError):  # bad UTF-8 or JSON, or nested too deep
        abort(400, "The body is not valid UTF-8 JSON.")
    if not isinstance(payload, dict):
        abort(400, "The body must be a JSON object.")
    if errors := quote_errors(payload):
        return problem(422, "Some members of the quote are not valid.", errors=errors)
    quote = get_store().add_quote(payload["text"].strip(), payload["author"].strip())
    response.status = 201
    response.set_header("Location", f"/api/quotes/{quote['id']}")
    return quote


# endregion


# region: api-routes
@routes.delete("/api/quotes/<quote_id>")
def delete_quote(quote_id: str) -> str:
    """Delete a quote."""
    require_signed_in()
    if not get_store().delete_quote(parse_ascii_int(quote_id) or 0):
        abort(404, "No quote has that id.")
    response.status = 204
    return ""


# endregion
