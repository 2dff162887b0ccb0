"""The JSON API: quotes in and out, problems (RFC 9457, errors.py) for what goes wrong."""

import asyncio
import json

from aiohttp import web

from db import get_store
from errors import problem
from security import require_signed_in
from shared import checks

# Store calls block (sqlite3), so they run in the loop's thread pool (asyncio.to_thread).
routes = web.RouteTableDef()  # routes.get() also answers HEAD


@routes.get("/healthz")
async def healthz(request: web.Request) -> web.StreamResponse:
    return web.json_response({"status": "ok"})


@routes.get("/api/quotes")
async def list_quotes(request: web.Request) -> web.StreamResponse:
    """One page of quotes by id, optionally only those whose author holds `author`."""
    limit = checks.parse_ascii_int(request.query.get("limit", "20"))
    offset = checks.parse_ascii_int(request.query.get("offset", "0"))
    if limit is None or not 1 <= limit <= 100:
        raise web.HTTPBadRequest(text=checks.BAD_LIMIT)
    if offset is None:
        raise web.HTTPBadRequest(text=checks.BAD_OFFSET)
    author = request.query.get("author", "")
    items, total = await asyncio.to_thread(get_store(request).list_quotes, limit, offset, author)
    return web.json_response({"items": items, "total": total, "limit": limit, "offset": offset})


# No CSRF token here: the API takes only application/json, which an HTML form cannot send.
@routes.post("/api/quotes")
@require_signed_in
async def create_quote(request: web.Request) -> web.StreamResponse:
    if request.content_type != "application/json":  # aiohttp's, without parameters
        raise web.HTTPUnsupportedMediaType(text=checks.NOT_JSON_MEDIA_TYPE)
    body = await request.read()  # past client_max_size, aiohttp raises its 413
    try:  # decode first: json.loads would also take UTF-16 and UTF-32 bytes
        payload = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError too
        raise web.HTTPBadRequest(text=checks.NOT_UTF8_JSON) from None
    if not isinstance(payload, dict):
        raise web.HTTPBadRequest(text=checks.NOT_AN_OBJECT)
    if errors := checks.quote_errors(payload):
        return problem(422, checks.INVALID_QUOTE, errors=errors)
    text, author = payload["text"].strip(), payload["author"].strip()
    quote = await asyncio.to_thread(get_store(request).add_quote, text, author)
    return web.json_response(quote, status=201, headers={"Location": f"/api/quotes/{quote['id']}"})


@routes.get("/api/quotes/random")  # before /api/quotes/{quote_id}: routes match in order
async def random_quote(request: web.Request) -> web.StreamResponse:
    if quote := await asyncio.to_thread(get_store(request).random_quote):
        return web.json_response(quote)
    raise web.HTTPNotFound(text=checks.NO_QUOTES)


def quote_id_of(request: web.Request) -> int:
    """The path's id, matched as text: `{quote_id:\\d+}` would take other scripts' digits."""
    if (quote_id := checks.parse_ascii_int(request.match_info["quote_id"])) is None:
        raise web.HTTPNotFound(text=checks.nothing_at(request.path))
    return quote_id


@routes.get("/api/quotes/{quote_id}")
async def quote_detail(request: web.Request) -> web.StreamResponse:
    quote_id = quote_id_of(request)
    if quote := await asyncio.to_thread(get_store(request).quote_by_id, quote_id):
        return web.json_response(quote)
    raise web.HTTPNotFound(text=checks.no_quote_with_id(quote_id))


@routes.delete("/api/quotes/{quote_id}")
@require_signed_in
async def delete_quote(request: web.Request) -> web.StreamResponse:
    quote_id = quote_id_of(request)
    if not await asyncio.to_thread(get_store(request).delete_quote, quote_id):
        raise web.HTTPNotFound(text=checks.no_quote_with_id(quote_id))
    return web.Response(status=204)
