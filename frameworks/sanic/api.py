"""The JSON API: a blueprint of quotes in and out, problems (RFC 9457, errors.py) for what goes
wrong. Sanic handlers are coroutines on the event loop, so every store call (blocking sqlite3)
goes through `asyncio.to_thread`."""

import asyncio
import json

from sanic import Blueprint, HTTPResponse, Request, empty
from sanic import json as json_response
from sessions import require_signed_in

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
    nothing_at,
    parse_ascii_int,
    quote_errors,
)

bp = Blueprint("api")


@bp.get("/healthz")
async def healthz(request: Request) -> HTTPResponse:
    return json_response({"status": "ok"})


@bp.get("/api/quotes")
async def list_quotes(request: Request) -> HTTPResponse:
    """One page of quotes by id, optionally only those whose author holds `author`."""
    args = request.get_args(keep_blank_values=True)  # `request.args` drops `limit=`
    limit = parse_ascii_int(args.get("limit", "20"))
    offset = parse_ascii_int(args.get("offset", "0"))
    if limit is None or not 1 <= limit <= 100:
        return problem(400, BAD_LIMIT)
    if offset is None:
        return problem(400, BAD_OFFSET)
    store = get_store(request)
    items, total = await asyncio.to_thread(store.list_quotes, limit, offset, args.get("author", ""))
    return json_response({"items": items, "total": total, "limit": limit, "offset": offset})


# No CSRF token here: the API takes only application/json, which an HTML form cannot send.
@bp.post("/api/quotes")
@require_signed_in
async def create_quote(request: Request) -> HTTPResponse:
    # Sanic has read the body by now (body.py), and refused one over REQUEST_MAX_SIZE with a 413.
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        return problem(415, NOT_JSON_MEDIA_TYPE)
    try:  # decode first: json.loads would also take UTF-16 and UTF-32 bytes
        payload = json.loads(request.body.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError too
        return problem(400, NOT_UTF8_JSON)
    if not isinstance(payload, dict):
        return problem(400, NOT_AN_OBJECT)
    if errors := quote_errors(payload):
        return problem(422, INVALID_QUOTE, errors=errors)
    text, author = payload["text"].strip(), payload["author"].strip()
    quote = await asyncio.to_thread(get_store(request).add_quote, text, author)
    return json_response(quote, 201, headers={"Location": f"/api/quotes/{quote['id']}"})


@bp.get("/api/quotes/random")
async def random_quote(request: Request) -> HTTPResponse:
    if quote := await asyncio.to_thread(get_store(request).random_quote):
        return json_response(quote)
    return problem(404, NO_QUOTES)


# `<quote_id:int>` would take "-1" and, past 4,300 digits, fail in int(): the segment is taken
# as text, and one that is not an ASCII integer names nothing.
@bp.get("/api/quotes/<quote_id:str>")
async def quote_detail(request: Request, quote_id: str) -> HTTPResponse:
    if (number := parse_ascii_int(quote_id)) is None:
        return problem(404, nothing_at(request.path))
    if quote := await asyncio.to_thread(get_store(request).quote_by_id, number):
        return json_response(quote)
    return problem(404, no_quote_with_id(number))


@bp.delete("/api/quotes/<quote_id:str>")
@require_signed_in
async def delete_quote(request: Request, quote_id: str) -> HTTPResponse:
    if (number := parse_ascii_int(quote_id)) is None:
        return problem(404, nothing_at(request.path))
    if not await asyncio.to_thread(get_store(request).delete_quote, number):
        return problem(404, no_quote_with_id(number))
    return empty()
