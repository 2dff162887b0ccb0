"""The JSON API: quotes in and out; its errors are problems (errors.py).

No `from __future__ import annotations` in controllers: Masonite's container injects a
controller method's arguments by their annotations, which must be classes, not strings."""

import json
from urllib.parse import parse_qsl

from masonite.controllers import Controller
from masonite.request import Request
from masonite.response import Response

from errors import HttpError
from shared.checks import (
    BAD_LIMIT,
    BAD_OFFSET,
    INVALID_QUOTE,
    NO_QUOTES,
    NOT_AN_OBJECT,
    NOT_JSON_MEDIA_TYPE,
    NOT_UTF8_JSON,
    SIGN_IN_FIRST,
    no_quote_with_id,
    parse_ascii_int,
    quote_errors,
)
from shared.store import Store


def store_of(request: Request) -> Store:
    return request.app.make("store")


def quote_id(raw: str) -> int:
    return parse_ascii_int(raw) or 0  # the route takes only digits; too large is no quote


def require_signed_in(request: Request) -> None:
    if request.current_user is None:
        raise HttpError(401, SIGN_IN_FIRST)


class ApiController(Controller):
    def healthz(self, response: Response) -> Response:
        return response.json({"status": "ok"})

    def index(self, request: Request, response: Response) -> Response:
        """One page of quotes by id, optionally only those whose author holds `author`."""
        # Not request.input(): it drops blank values, and `limit=` must be a 400, not 20.
        query = dict(parse_qsl(request.environ.get("QUERY_STRING", ""), keep_blank_values=True))
        limit = parse_ascii_int(query.get("limit", "20"))
        offset = parse_ascii_int(query.get("offset", "0"))
        if limit is None or not 1 <= limit <= 100:
            raise HttpError(400, BAD_LIMIT)
        if offset is None:
            raise HttpError(400, BAD_OFFSET)
        items, total = store_of(request).list_quotes(limit, offset, query.get("author", ""))
        return response.json({"items": items, "total": total, "limit": limit, "offset": offset})

    def random(self, request: Request, response: Response) -> Response:
        if (quote := store_of(request).random_quote()) is None:
            raise HttpError(404, NO_QUOTES)
        return response.json(quote)

    def show(self, quote_number: str, request: Request, response: Response) -> Response:
        if (quote := store_of(request).quote_by_id(number := quote_id(quote_number))) is None:
            raise HttpError(404, no_quote_with_id(number))
        return response.json(quote)

    def destroy(self, quote_number: str, request: Request, response: Response) -> Response:
        require_signed_in(request)
        if not store_of(request).delete_quote(number := quote_id(quote_number)):
            raise HttpError(404, no_quote_with_id(number))
        response.content = b""
        return response.status(204)

    def store(self, request: Request, response: Response) -> Response:
        """Add a quote, checking who sends it, its media type, its JSON and its members."""
        require_signed_in(request)
        media_type = request.environ.get("CONTENT_TYPE", "").split(";")[0]
        if media_type.strip().lower() != "application/json":  # not application/*+json
            raise HttpError(415, NOT_JSON_MEDIA_TYPE)
        try:  # the raw body, which wsgi.py kept from Masonite's own parser
            payload = json.loads(request.environ["quotes.body"].decode())
        except (ValueError, RecursionError):  # bad UTF-8 or JSON, or nested too deep
            raise HttpError(400, NOT_UTF8_JSON) from None
        if not isinstance(payload, dict):
            raise HttpError(400, NOT_AN_OBJECT)
        if errors := quote_errors(payload):
            raise HttpError(422, INVALID_QUOTE, errors=errors)
        quote = store_of(request).add_quote(payload["text"].strip(), payload["author"].strip())
        response.header("Location", f"/api/quotes/{quote['id']}")
        return response.json(quote, status=201)
