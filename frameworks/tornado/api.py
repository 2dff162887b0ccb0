"""The JSON API: quotes in and out, problems (RFC 9457) for errors (see app.py's Errors)."""

from __future__ import annotations

import json
from typing import Any

from tornado.web import HTTPError, stream_request_body

from app import MAX_BODY, BaseHandler
from shared.checks import parse_ascii_int, quote_errors


@stream_request_body
class ApiHandler(BaseHandler):
    """The API's base. Its body streams in: Tornado would otherwise parse a body that claims to
    be a form before the handler runs, and answer 400 for a bad one where the API says 415."""

    # region: csrf
    def check_xsrf_cookie(self) -> None:
        """No XSRF token here: the API takes only application/json, which HTML forms can't send."""

    # endregion

    # region: body-validation
    def prepare(self) -> None:
        """Tornado calls this once the headers are in, before any of the body."""
        super().prepare()
        self.body = bytearray()

    def data_received(self, chunk: bytes) -> None:
        """Keep the body up to one byte past the limit, chunked or not. The rest is read but
        dropped, so that the connection can serve the next request after the 413."""
        self.body += chunk[: MAX_BODY + 1 - len(self.body)]

    def refuse_large_body(self) -> None:
        """A 413 past the limit: checked before sign-in, as a proxy's body limit would be."""
        if len(self.body) > MAX_BODY:
            raise HTTPError(413, f"A request body may be at most {MAX_BODY} bytes.")

    def json_body(self) -> dict[str, Any]:
        """The body as a JSON object, or a 415 or 400."""
        media_type = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type != "application/json":  # not application/x+json, nor a form
            raise HTTPError(415, "Send the quote as application/json.")
        try:  # decode first: json.loads would also take UTF-16 and UTF-32 bytes
            payload = json.loads(self.body.decode("utf-8"))
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError too
            raise HTTPError(400, "The body is not valid UTF-8 JSON.") from None
        if not isinstance(payload, dict):
            raise HTTPError(400, "The body must be a JSON object.")
        return payload

    # endregion


# region: api-routes
class Health(ApiHandler):
    def get(self) -> None:
        """Say the app is up."""
        self.write({"status": "ok"})


class QuoteList(ApiHandler):
    def get(self) -> None:
        """One page of quotes by id, optionally only those whose author holds `author`."""
        limit = parse_ascii_int(self.get_query_argument("limit", "20", strip=False))
        offset = parse_ascii_int(self.get_query_argument("offset", "0", strip=False))
        if limit is None or not 1 <= limit <= 100:
            raise HTTPError(400, "limit must be a whole number from 1 to 100.")
        if offset is None:
            raise HTTPError(400, "offset must be a whole number, 0 or more.")
        author = self.get_query_argument("author", "", strip=False)
        items, total = self.store.list_quotes(limit, offset, author)
        self.write({"items": items, "total": total, "limit": limit, "offset": offset})

    async def post(self) -> None:
        """Add a quote, when signed in."""
        self.refuse_large_body()
        self.require_signed_in()
        payload = self.json_body()
        if errors := quote_errors(payload):
            self.write_problem(422, "Some members of the quote are not valid.", errors=errors)
            return
        text, author = payload["text"].strip(), payload["author"].strip()
        quote = await self.in_thread(self.store.add_quote, text, author)
        self.set_status(201)
        self.set_header("Location", f"/api/quotes/{quote['id']}")
        self.write(quote)


class RandomQuote(ApiHandler):
    def get(self) -> None:
        """One quote picked at random."""
        quote = self.store.random_quote()
        if quote is None:
            raise HTTPError(404, "There are no quotes yet.")
        self.write(quote)


class QuoteDetail(ApiHandler):
    """/api/quotes/{id}: the route takes only ASCII digits; a number too large for SQLite is
    simply an id that no quote has."""

    def get(self, quote_id: str) -> None:
        """One quote by id."""
        quote = self.store.quote_by_id(parse_ascii_int(quote_id) or 0)
        if quote is None:
            raise HTTPError(404, "No quote has that id.")
        self.write(quote)

    async def delete(self, quote_id: str) -> None:
        """Delete a quote, when signed in."""
        self.require_signed_in()
        if not await self.in_thread(self.store.delete_quote, parse_ascii_int(quote_id) or 0):
            raise HTTPError(404, "No quote has that id.")
        self.set_status(204)


# endregion
