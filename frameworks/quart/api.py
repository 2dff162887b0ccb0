"""The JSON API blueprint: quotes in and out, and a problem (errors.py) for every error.

The routes that only read the store are plain `def`s, as in Flask: Quart runs them in a thread
pool, so their blocking SQLite calls never stall the event loop. The one that awaits a body is
`async def`, and hands its store call to the pool with run_sync.
"""

from __future__ import annotations

import json
from typing import Any

from quart import Blueprint, abort, request
from quart.typing import ResponseReturnValue
from quart.utils import run_sync
from werkzeug.routing import BaseConverter

from auth import require_signed_in
from db import get_store
from errors import problem
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

bp = Blueprint("api", __name__)


class QuoteIdConverter(BaseConverter):
    """Path ids of ASCII digits only: Werkzeug's `int` converter matches `\\d`, any script's."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        return parse_ascii_int(value) or 0  # the regex matched digits, so never None


@bp.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@bp.get("/api/quotes")
def list_quotes() -> dict[str, Any]:
    """One page of quotes by id, optionally only those whose author holds `author`."""
    limit = parse_ascii_int(request.args.get("limit", "20"))
    offset = parse_ascii_int(request.args.get("offset", "0"))
    if limit is None or not 1 <= limit <= 100:
        abort(400, BAD_LIMIT)
    if offset is None:
        abort(400, BAD_OFFSET)
    items, total = get_store().list_quotes(limit, offset, request.args.get("author", ""))
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@bp.get("/api/quotes/random")
def random_quote() -> Quote:
    quote = get_store().random_quote()
    if quote is None:
        abort(404, NO_QUOTES)
    return quote


@bp.get("/api/quotes/<id:quote_id>")  # `id`: QuoteIdConverter
def quote_by_id(quote_id: int) -> Quote:
    quote = get_store().quote_by_id(quote_id)
    if quote is None:
        abort(404, no_quote_with_id(quote_id))
    return quote


@bp.post("/api/quotes")
async def create_quote() -> ResponseReturnValue:
    """Add a quote. No CSRF token here: requiring application/json keeps HTML forms out."""
    require_signed_in()
    if request.mimetype != "application/json":  # request.is_json also takes application/*+json
        abort(415, NOT_JSON_MEDIA_TYPE)
    try:  # get_data() raises the 413 for a body over MAX_CONTENT_LENGTH, chunked too
        payload = json.loads((await request.get_data()).decode())  # UTF-8 only, not UTF-16
    except (ValueError, RecursionError):  # bad UTF-8 or JSON, or nested too deep
        abort(400, NOT_UTF8_JSON)
    if not isinstance(payload, dict):
        abort(400, NOT_AN_OBJECT)
    if errors := quote_errors(payload):
        return problem(422, INVALID_QUOTE, errors=errors)
    text, author = payload["text"].strip(), payload["author"].strip()
    quote = await run_sync(get_store().add_quote)(text, author)
    return quote, 201, {"Location": f"/api/quotes/{quote['id']}"}


@bp.delete("/api/quotes/<id:quote_id>")
def delete_quote(quote_id: int) -> ResponseReturnValue:
    require_signed_in()
    if not get_store().delete_quote(quote_id):
        abort(404, no_quote_with_id(quote_id))
    return "", 204
