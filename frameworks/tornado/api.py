"""The JSON API: quotes in and out, and a problem (RFC 9457) for every error."""

from __future__ import annotations

import json
from typing import Any

from tornado.web import HTTPError

from base import BodyHandler
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


class ApiHandler(BodyHandler):
    """The API's base. Its body streams in too: Tornado would otherwise parse a body that claims
    to be a form before the handler runs, and answer 400 for a bad one where the API says 415."""

    def check_xsrf_cookie(self) -> None:
        """No XSRF token here: the API takes only application/json, which HTML forms can't send."""

    def json_body(self) -> dict[str, Any]:
        """The body as a JSON object, or a 415 or 400."""
        media_type = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type != "application/json":  # not application/x+json, nor a form
            raise HTTPError(415, NOT_JSON_MEDIA_TYPE)
        try:  # decode first: json.loads would also take UTF-16 and UTF-32 bytes
            payload = json.loads(self.body.decode("utf-8"))
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError too
            raise HTTPError(400, NOT_UTF8_JSON) from None
        if not isinstance(payload, dict):
            raise HTTPError(400, NOT_AN_OBJECT)
        return payload


class Health(ApiHandler):
    def get(self) -> None:
        self.write({"status": "ok"})


class QuoteList(ApiHandler):
    def get(self) -> None:
        limit = parse_ascii_int(self.get_query_argument("limit", "20", strip=False))
        offset = parse_ascii_int(self.get_query_argument("offset", "0", strip=False))
        if limit is None or not 1 <= limit <= 100:
            raise HTTPError(400, BAD_LIMIT)
        if offset is None:
            raise HTTPError(400, BAD_OFFSET)
        author = self.get_query_argument("author", "", strip=False)
        items, total = self.get_store().list_quotes(limit, offset, author)
        self.write({"items": items, "total": total, "limit": limit, "offset": offset})

    async def post(self) -> None:
        """Add a quote, when signed in: the size first, then who asks, then what it says."""
        self.refuse_large_body()
        self.require_signed_in()
        payload = self.json_body()
        if errors := quote_errors(payload):
            self.write_problem(422, INVALID_QUOTE, errors=errors)
            return
        text, author = payload["text"].strip(), payload["author"].strip()
        quote = await self.in_thread(self.get_store().add_quote, text, author)
        self.set_status(201)
        self.set_header("Location", f"/api/quotes/{quote['id']}")
        self.write(quote)


class RandomQuote(ApiHandler):
    def get(self) -> None:
        quote = self.get_store().random_quote()
        if quote is None:
            raise HTTPError(404, NO_QUOTES)
        self.write(quote)


class QuoteDetail(ApiHandler):
    """/api/quotes/{id}: the route takes only ASCII digits; a number too large for SQLite is
    simply an id that no quote has."""

    def get(self, quote_id: str) -> None:
        number = parse_ascii_int(quote_id) or 0
        quote = self.get_store().quote_by_id(number)
        if quote is None:
            raise HTTPError(404, no_quote_with_id(number))
        self.write(quote)

    async def delete(self, quote_id: str) -> None:
        self.require_signed_in()
        number = parse_ascii_int(quote_id) or 0
        if not await self.in_thread(self.get_store().delete_quote, number):
            raise HTTPError(404, no_quote_with_id(number))
        self.set_status(204)
