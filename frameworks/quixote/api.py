"""The JSON API as a Quixote directory tree: /api/quotes is a Directory that is also callable
(the list), `random` an exported method, and /api/quotes/{id} found by _q_lookup."""

from __future__ import annotations

import json
from typing import Any

from quixote import get_request, get_response
from quixote.directory import Directory

from base import allow, text_field
from errors import HTTPError
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


def as_json(value: Any, status: int = 200) -> str:
    response = get_response()
    response.set_status(status)
    response.set_content_type("application/json", "utf-8")
    return json.dumps(value)


def require_signed_in() -> None:
    if get_request().session.user is None:
        raise HTTPError(401, SIGN_IN_FIRST)


def healthz() -> str:
    allow("GET")
    return as_json({"status": "ok"})


class Quote:
    """One quote, made by _q_lookup for the path component after /api/quotes/."""

    def __init__(self, store: Store, quote_id: int) -> None:
        self.store, self.quote_id = store, quote_id

    def __call__(self) -> str:
        allow("GET", "DELETE")
        if get_request().get_method() == "DELETE":
            require_signed_in()
            if not self.store.delete_quote(self.quote_id):
                raise HTTPError(404, no_quote_with_id(self.quote_id))
            get_response().set_status(204)
            return ""
        quote = self.store.quote_by_id(self.quote_id)
        if quote is None:
            raise HTTPError(404, no_quote_with_id(self.quote_id))
        return as_json(quote)


class Quotes(Directory):
    _q_exports = ("random",)

    def __init__(self, store: Store) -> None:
        self.store = store

    def _q_lookup(self, component: str) -> Quote | None:
        number = parse_ascii_int(component)
        if not number:  # not an ASCII integer above 0: None is Quixote's 404
            return None
        return Quote(self.store, number)

    def __call__(self) -> str:
        allow("GET", "POST")
        if get_request().get_method() == "POST":
            return self.create()
        limit = parse_ascii_int(text_field("limit", "20"))
        offset = parse_ascii_int(text_field("offset", "0"))
        if limit is None or not 1 <= limit <= 100:
            raise HTTPError(400, BAD_LIMIT)
        if offset is None:
            raise HTTPError(400, BAD_OFFSET)
        author = text_field("author") or ""
        items, total = self.store.list_quotes(limit, offset, author)
        return as_json({"items": items, "total": total, "limit": limit, "offset": offset})

    def random(self) -> str:
        allow("GET")
        quote = self.store.random_quote()
        if quote is None:
            raise HTTPError(404, NO_QUOTES)
        return as_json(quote)

    def create(self) -> str:
        """Add a quote. No CSRF token here: requiring application/json keeps HTML forms out."""
        require_signed_in()
        request = get_request()
        media_type = request.get_header("Content-Type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise HTTPError(415, NOT_JSON_MEDIA_TYPE)
        request.stdin.seek(0)  # Quixote has buffered the body (at most MAX_BODY_BYTES + 1)
        try:
            payload = json.loads(request.stdin.read().decode())  # decode(): UTF-8 only
        except (ValueError, RecursionError):  # bad UTF-8 or JSON, or nested too deep
            raise HTTPError(400, NOT_UTF8_JSON) from None
        if not isinstance(payload, dict):
            raise HTTPError(400, NOT_AN_OBJECT)
        if errors := quote_errors(payload):
            raise HTTPError(422, INVALID_QUOTE, errors=errors)
        quote = self.store.add_quote(payload["text"].strip(), payload["author"].strip())
        get_response().set_header("Location", f"/api/quotes/{quote['id']}")
        return as_json(quote, 201)


class Api(Directory):
    _q_exports = ("quotes",)

    def __init__(self, store: Store) -> None:
        self.quotes = Quotes(store)
