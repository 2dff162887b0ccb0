"""The JSON API; a view that returns a dict gets it as JSON from Bottle's JSON plugin."""

from __future__ import annotations

import json
from typing import Any

from bottle import Bottle, HTTPResponse, abort, request

from db import get_store
from errors import problem
from security import require_signed_in
from shared.checks import (
    BAD_LIMIT,
    BAD_OFFSET,
    INVALID_QUOTE,
    NO_QUOTES,
    NOT_AN_OBJECT,
    NOT_JSON_MEDIA_TYPE,
    NOT_UTF8_JSON,
    no_quote_with_id,
    parse_ascii_int,
    quote_errors,
)
from shared.store import Quote

routes = Bottle()  # merged into the app by create_app()

# Not <quote_id:int>: Bottle's int filter matches `-?\d+`, and \d takes any script's digits.
QUOTE_ID = "<quote_id:re:[0-9]+>"


@routes.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@routes.get("/api/quotes")
def list_quotes() -> dict[str, Any]:
    """One page of quotes by id, optionally only those whose author holds `author`."""
    # Bottle's query values are the URL's bytes read as Latin-1: ASCII digits are the same
    # either way, and getunicode() gives UTF-8 text (its default when the bytes are not UTF-8).
    limit = parse_ascii_int(request.query.get("limit", "20"))
    offset = parse_ascii_int(request.query.get("offset", "0"))
    if limit is None or not 1 <= limit <= 100:
        abort(400, BAD_LIMIT)
    if offset is None:
        abort(400, BAD_OFFSET)
    author = request.query.getunicode("author", default="")
    items, total = get_store().list_quotes(limit, offset, author)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@routes.get("/api/quotes/random")
def random_quote() -> Quote:
    quote = get_store().random_quote()
    if quote is None:
        abort(404, NO_QUOTES)
    return quote


@routes.get(f"/api/quotes/{QUOTE_ID}")
def quote_by_id(quote_id: str) -> Quote:
    number = parse_ascii_int(quote_id) or 0  # the route matched ASCII digits: never None
    quote = get_store().quote_by_id(number)
    if quote is None:
        abort(404, no_quote_with_id(number))
    return quote


@routes.post("/api/quotes")
def create_quote() -> HTTPResponse | str:
    """Add a quote. No CSRF token here: requiring application/json keeps HTML forms out."""
    require_signed_in()
    if request.content_type.split(";")[0].strip().lower() != "application/json":
        abort(415, NOT_JSON_MEDIA_TYPE)
    # Not request.json: a deeply nested body's RecursionError escapes it as a 500, and it
    # parses with ujson instead whenever that happens to be installed.
    try:  # the body is at most MAX_BODY_BYTES: refuse_large_body() has seen to that
        payload = json.loads(request.body.read().decode())  # decode(): UTF-8 only
    except (ValueError, RecursionError):  # bad UTF-8 or JSON, or nested too deep
        abort(400, NOT_UTF8_JSON)
    if not isinstance(payload, dict):
        abort(400, NOT_AN_OBJECT)
    if errors := quote_errors(payload):
        return problem(422, INVALID_QUOTE, errors=errors)
    quote = get_store().add_quote(payload["text"].strip(), payload["author"].strip())
    return HTTPResponse(quote, 201, Location=f"/api/quotes/{quote['id']}")  # JSON by the plugin


@routes.delete(f"/api/quotes/{QUOTE_ID}")
def delete_quote(quote_id: str) -> HTTPResponse:
    require_signed_in()
    number = parse_ascii_int(quote_id) or 0
    if not get_store().delete_quote(number):
        abort(404, no_quote_with_id(number))
    return HTTPResponse(status=204)
