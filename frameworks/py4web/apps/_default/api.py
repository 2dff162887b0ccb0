"""The JSON API: actions that return a dict, which py4web sends as JSON."""

from __future__ import annotations

import json
from typing import Any

from ombott import abort
from py4web import HTTP, action, request

from .common import current_user, faults, param, require_signed_in, store
from .errors import problem
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

# Not <quote_id:int>: ombott's int filter, like Bottle's, takes `-?\d+`, any script's digits.
QUOTE_ID = "<quote_id:re:[0-9]+>"


@action("/healthz", method="GET")
@action.uses(faults)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@action("/api/quotes", method="GET")
@action.uses(faults)
def list_quotes() -> dict[str, Any]:
    """One page of quotes by id, optionally only those whose author holds `author`."""
    limit = parse_ascii_int(param(request.query, "limit", "20"))
    offset = parse_ascii_int(param(request.query, "offset", "0"))
    if limit is None or not 1 <= limit <= 100:
        abort(400, BAD_LIMIT)
    if offset is None:
        abort(400, BAD_OFFSET)
    author = param(request.query, "author")  # ombott decodes UTF-8, bad bytes as U+FFFD
    items, total = store.list_quotes(limit, offset, author)
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@action("/api/quotes/random", method="GET")
@action.uses(faults)
def random_quote() -> Quote:
    quote = store.random_quote()
    if quote is None:
        abort(404, NO_QUOTES)
    return quote


@action(f"/api/quotes/{QUOTE_ID}", method="GET")
def quote_by_id(quote_id: str) -> Quote:
    number = parse_ascii_int(quote_id) or 0  # the route matched ASCII digits: never None
    quote = store.quote_by_id(number)
    if quote is None:
        abort(404, no_quote_with_id(number))
    return quote


@action("/api/quotes", method="POST")
@action.uses(current_user)
def create_quote() -> str:
    """Add a quote. No CSRF token here: requiring application/json keeps HTML forms out."""
    require_signed_in()
    if request.content_type.split(";")[0].strip().lower() != "application/json":
        abort(415, NOT_JSON_MEDIA_TYPE)
    # Not request.json: it lets json guess UTF-16, and lets a deep body's RecursionError out.
    try:  # the body is at most MAX_BODY_BYTES: common.refuse_large_body() has seen to that
        payload = json.loads(request.body.read().decode())  # decode(): UTF-8 only
    except (ValueError, RecursionError):  # bad UTF-8 or JSON, or nested too deep
        abort(400, NOT_UTF8_JSON)
    if not isinstance(payload, dict):
        abort(400, NOT_AN_OBJECT)
    if errors := quote_errors(payload):
        return problem(422, INVALID_QUOTE, errors=errors)
    quote = store.add_quote(payload["text"].strip(), payload["author"].strip())
    headers = {"Location": f"/api/quotes/{quote['id']}", "Content-Type": "application/json"}
    raise HTTP(201, quote, headers)  # py4web's HTTP: a success, its dict body sent as JSON


@action(f"/api/quotes/{QUOTE_ID}", method="DELETE")
@action.uses(current_user)
def delete_quote(quote_id: str) -> None:
    require_signed_in()
    number = parse_ascii_int(quote_id) or 0
    if not store.delete_quote(number):
        abort(404, no_quote_with_id(number))
    raise HTTP(204)
