"""The JSON API. `sync_to_thread=True` is Litestar's documented way to run a plain `def` handler
in its thread pool, so the store's blocking sqlite3 calls never stall the event loop."""

import json
from typing import Any

from litestar import Controller, Request, Response, Router, delete, post, route
from litestar.exceptions import ClientException, HTTPException, NotFoundException

from auth import require_signed_in
from errors import problem
from shared import checks
from shared.store import Quote, Store


@route("/healthz", http_method=["GET", "HEAD"], sync_to_thread=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}


def quote_id_of(request: Request, segment: str) -> int:
    """The path's id, matched as text: Litestar's `{quote_id:int}` calls int(), which takes "+1"
    and other scripts' digits. A segment that is not an ASCII integer names nothing."""
    if (quote_id := checks.parse_ascii_int(segment)) is None:
        raise NotFoundException(checks.nothing_at(request.url.path))
    return quote_id


class QuoteController(Controller):
    """/api/quotes: a Controller groups the handlers under one path, as Litestar's docs do."""

    path = "/api/quotes"

    @route("/", http_method=["GET", "HEAD"], sync_to_thread=True)
    def list_quotes(self, request: Request, store: Store) -> dict[str, Any]:
        """One page of quotes by id, optionally only those whose author holds `author`."""
        limit = checks.parse_ascii_int(request.query_params.get("limit", "20"))
        offset = checks.parse_ascii_int(request.query_params.get("offset", "0"))
        if limit is None or not 1 <= limit <= 100:
            raise ClientException(checks.BAD_LIMIT)
        if offset is None:
            raise ClientException(checks.BAD_OFFSET)
        items, total = store.list_quotes(limit, offset, request.query_params.get("author", ""))
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    @post("/", guards=[require_signed_in], sync_to_thread=True)
    def create_quote(self, request: Request, body: bytes, store: Store) -> Any:
        if request.content_type[0] != "application/json":
            raise HTTPException(checks.NOT_JSON_MEDIA_TYPE, status_code=415)
        try:  # decode first: json.loads would also take UTF-16 and UTF-32 bytes
            payload = json.loads(body.decode("utf-8"))
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError too
            raise ClientException(checks.NOT_UTF8_JSON) from None
        if not isinstance(payload, dict):
            raise ClientException(checks.NOT_AN_OBJECT)
        if errors := checks.quote_errors(payload):
            return problem(422, checks.INVALID_QUOTE, errors=errors)
        quote = store.add_quote(payload["text"].strip(), payload["author"].strip())
        return Response(quote, status_code=201, headers={"Location": f"/api/quotes/{quote['id']}"})

    @route("/random", http_method=["GET", "HEAD"], sync_to_thread=True)
    def random_quote(self, store: Store) -> Quote:
        if quote := store.random_quote():
            return quote
        raise NotFoundException(checks.NO_QUOTES)

    @route("/{quote_id:str}", http_method=["GET", "HEAD"], sync_to_thread=True)
    def quote_by_id(self, request: Request, quote_id: str, store: Store) -> Quote:
        if quote := store.quote_by_id(number := quote_id_of(request, quote_id)):
            return quote
        raise NotFoundException(checks.no_quote_with_id(number))

    @delete("/{quote_id:str}", guards=[require_signed_in], sync_to_thread=True)
    def delete_quote(self, request: Request, quote_id: str, store: Store) -> None:
        if not store.delete_quote(number := quote_id_of(request, quote_id)):
            raise NotFoundException(checks.no_quote_with_id(number))


# No CSRF token on the API: it takes only application/json, which an HTML form cannot send
# (nor can a form send a DELETE). Its guards run before the body is read: 401 comes first.
router = Router("/", route_handlers=[healthz, QuoteController], opt={"exclude_from_csrf": True})
