"""The JSON API: quotes in and out, problems (RFC 9457, errors.py) for what goes wrong."""

import json

from starlette.concurrency import run_in_threadpool
from starlette.endpoints import HTTPEndpoint
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

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
    nothing_at,
    parse_ascii_int,
    quote_errors,
)

# Plain `def` endpoints run in Starlette's thread pool, so sqlite3 never blocks the event loop.


def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


class QuoteList(HTTPEndpoint):
    """/api/quotes: one method per HTTP verb; any other verb is a 405 with Allow."""

    def get(self, request: Request) -> Response:
        """One page of quotes by id, optionally only those whose author holds `author`."""
        limit = parse_ascii_int(request.query_params.get("limit", "20"))
        offset = parse_ascii_int(request.query_params.get("offset", "0"))
        if limit is None or not 1 <= limit <= 100:
            raise HTTPException(400, BAD_LIMIT)
        if offset is None:
            raise HTTPException(400, BAD_OFFSET)
        author = request.query_params.get("author", "")
        items, total = get_store(request).list_quotes(limit, offset, author)
        return JSONResponse({"items": items, "total": total, "limit": limit, "offset": offset})

    # No CSRF token here: the API takes only application/json, which an HTML form cannot send.
    @require_signed_in
    async def post(self, request: Request) -> Response:
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise HTTPException(415, NOT_JSON_MEDIA_TYPE)
        try:  # decode first: json.loads would also take UTF-16 and UTF-32 bytes
            payload = json.loads((await request.body()).decode("utf-8"))
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError too
            raise HTTPException(400, NOT_UTF8_JSON) from None
        if not isinstance(payload, dict):
            raise HTTPException(400, NOT_AN_OBJECT)
        if errors := quote_errors(payload):
            return problem(422, INVALID_QUOTE, errors=errors)
        text, author = payload["text"].strip(), payload["author"].strip()
        # An async endpoint (it awaits the body) hands the blocking store call to the pool.
        quote = await run_in_threadpool(get_store(request).add_quote, text, author)
        return JSONResponse(quote, 201, headers={"Location": f"/api/quotes/{quote['id']}"})


def random_quote(request: Request) -> Response:
    if quote := get_store(request).random_quote():
        return JSONResponse(quote)
    raise HTTPException(404, NO_QUOTES)


def quote_id_of(request: Request) -> int:
    """The path's id. Starlette's `{quote_id:int}` would fail on 5,000 digits (int() refuses
    them), so the segment is matched as text, and one that is not an ASCII integer names nothing."""
    if (quote_id := parse_ascii_int(request.path_params["quote_id"])) is None:
        raise HTTPException(404, nothing_at(request.url.path))
    return quote_id


class QuoteDetail(HTTPEndpoint):
    def get(self, request: Request) -> Response:
        if quote := get_store(request).quote_by_id(quote_id := quote_id_of(request)):
            return JSONResponse(quote)
        raise HTTPException(404, no_quote_with_id(quote_id))

    @require_signed_in
    def delete(self, request: Request) -> Response:
        if not get_store(request).delete_quote(quote_id := quote_id_of(request)):
            raise HTTPException(404, no_quote_with_id(quote_id))
        return Response(status_code=204)
