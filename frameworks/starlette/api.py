"""The JSON API: quotes in and out, problems (RFC 9457) for errors (see app.py's Errors)."""

from __future__ import annotations

import json

from starlette.authentication import requires
from starlette.concurrency import run_in_threadpool
from starlette.endpoints import HTTPEndpoint
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app import problem, store_of
from shared.checks import parse_ascii_int, quote_errors

# Plain `def` endpoints run in Starlette's thread pool, so sqlite3 never blocks the event loop.


# region: api-routes
def healthz(request: Request) -> Response:
    """Say the app is up."""
    return JSONResponse({"status": "ok"})


class QuoteList(HTTPEndpoint):
    """/api/quotes: one method per HTTP verb; any other verb is a 405 with Allow."""

    def get(self, request: Request) -> Response:
        """One page of quotes by id, optionally only those whose author holds `author`."""
        limit = parse_ascii_int(request.query_params.get("limit", "20"))
        offset = parse_ascii_int(request.query_params.get("offset", "0"))
        if limit is None or not 1 <= limit <= 100:
            raise HTTPException(400, "limit must be a whole number from 1 to 100.")
        if offset is None:
            raise HTTPException(400, "offset must be a whole number, 0 or more.")
        author = request.query_params.get("author", "")
        items, total = store_of(request).list_quotes(limit, offset, author)
        return JSONResponse({"items": items, "total": total, "limit": limit, "offset": offset})

    # endregion

    # region: body-validation
    # No CSRF token here: the API takes only application/json, which an HTML form cannot send.
    @requires("authenticated", status_code=401)
    async def post(self, request: Request) -> Response:
        """Add a quote, when signed in."""
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise HTTPException(415, "Send the quote as application/json.")
        try:  # decode first: json.loads would also take UTF-16 and UTF-32 bytes
            payload = json.loads((await request.body()).decode("utf-8"))
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError too
            raise HTTPException(400, "The body is not valid UTF-8 JSON.") from None
        if not isinstance(payload, dict):
            raise HTTPException(400, "The body must be a JSON object.")
        if errors := quote_errors(payload):
            return problem(422, "The quote has invalid members.", errors=errors)
        text, author = payload["text"].strip(), payload["author"].strip()
        # An async endpoint (it awaits the body) hands the blocking store call to the pool.
        quote = await run_in_threadpool(store_of(request).add_quote, text, author)
        return JSONResponse(quote, 201, headers={"Location": f"/api/quotes/{quote['id']}"})


# endregion


# region: api-routes
def random_quote(request: Request) -> Response:
    """One quote picked at random."""
    if quote := store_of(request).random_quote():
        return JSONResponse(quote)
    raise HTTPException(404, "There are no quotes yet.")


class QuoteDetail(HTTPEndpoint):
    """/api/quotes/{quote_id}: ids are ASCII digits, and anything else names no quote."""

    def get(self, request: Request) -> Response:
        """One quote by id."""
        quote_id = parse_ascii_int(request.path_params["quote_id"]) or 0
        if quote := store_of(request).quote_by_id(quote_id):
            return JSONResponse(quote)
        raise HTTPException(404, "No quote has that id.")

    @requires("authenticated", status_code=401)
    def delete(self, request: Request) -> Response:
        """Delete a quote, when signed in."""
        quote_id = parse_ascii_int(request.path_params["quote_id"]) or 0
        if not store_of(request).delete_quote(quote_id):
            raise HTTPException(404, "No quote has that id.")
        return Response(status_code=204)


# endregion
