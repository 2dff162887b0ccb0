"""The JSON API: quotes in and out, problems (RFC 9457) for errors (see app.py's Errors)."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, abort, request
from flask.typing import ResponseReturnValue
from werkzeug.routing import BaseConverter

from app import get_store, problem
from auth import require_signed_in
from shared.checks import parse_ascii_int, quote_errors
from shared.store import Quote

# region: api-routes
bp = Blueprint("api", __name__)


class QuoteIdConverter(BaseConverter):
    """Path ids of ASCII digits only: Werkzeug's `int` converter matches `\\d`, any script's."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        return parse_ascii_int(value) or 0  # the regex matched digits, so never None


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    """Say the app is up."""
    return {"status": "ok"}


@bp.get("/api/quotes")
def list_quotes() -> dict[str, Any]:
    """One page of quotes by id, optionally only those whose author holds `author`."""
    limit = parse_ascii_int(request.args.get("limit", "20"))
    offset = parse_ascii_int(request.args.get("offset", "0"))
    if limit is None or not 1 <= limit <= 100:
        abort(400, "limit must be a whole number from 1 to 100.")
    if offset is None:
        abort(400, "offset must be a whole number, 0 or more.")
    items, total = get_store().list_quotes(limit, offset, request.args.get("author", ""))
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@bp.get("/api/quotes/random")
def random_quote() -> Quote:
    """One quote picked at random."""
    quote = get_store().random_quote()
    if quote is None:
        abort(404, "There are no quotes yet.")
    return quote


@bp.get("/api/quotes/<id:quote_id>")  # `id`: QuoteIdConverter
def quote_by_id(quote_id: int) -> Quote:
    """One quote by id."""
    quote = get_store().quote_by_id(quote_id)
    if quote is None:
        abort(404, f"No quote has the id {quote_id}.")
    return quote


# endregion


# region: body-validation
@bp.post("/api/quotes")
def create_quote() -> ResponseReturnValue:
    """Add a quote. No CSRF token here: requiring application/json keeps HTML forms out."""
    require_signed_in()
    if request.mimetype != "application/json":  # request.is_json also takes application/*+json
        abort(415, "Send the quote as application/json.")
    try:  # get_data() raises the 413 for a body over MAX_CONTENT_LENGTH
        payload = json.loads(request.get_data().decode())  # decode(): UTF-8 only, not UTF-16
    except (ValueError, RecursionError):  # bad UTF-8 or JSON, or nested too deep
        abort(400, "The body is not valid UTF-8 JSON.")
    if not isinstance(payload, dict):
        abort(400, "The body must be a JSON object.")
    if errors := quote_errors(payload):
        return problem(422, "Some members of the quote are not valid.", errors=errors)
    quote = get_store().add_quote(payload["text"].strip(), payload["author"].strip())
    return quote, 201, {"Location": f"/api/quotes/{quote['id']}"}


# endregion


# region: api-routes
@bp.delete("/api/quotes/<id:quote_id>")
def delete_quote(quote_id: int) -> ResponseReturnValue:
    """Delete a quote."""
    require_signed_in()
    if not get_store().delete_quote(quote_id):
        abort(404, f"No quote has the id {quote_id}.")
    return "", 204


# endregion
