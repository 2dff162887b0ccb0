"""The JSON API: resource classes with a responder per HTTP verb, each given the store."""

from __future__ import annotations

import falcon
from falcon.routing import BaseConverter

from auth import require_signed_in
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
    parse_ascii_int,
    quote_errors,
)
from shared.store import Store


class QuoteIdConverter(BaseConverter):
    """{quote_id:quote_id}: ASCII digits only. Falcon's own `int` converter calls int(), which
    also takes "+1", "1_0" and other scripts' digits ("٣")."""

    def convert(self, value: str) -> int | None:
        return parse_ascii_int(value)  # None: the route does not match, so a 404


class Health:
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"status": "ok"}

    on_head = on_get  # Falcon answers HEAD only where a resource has on_head


class Quotes:
    """The quotes, at three paths: add_route's `suffix` picks the responders, as in asgilook.
    A verb with no responder at a path is Falcon's 405, with an Allow header."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """/api/quotes: a page of quotes by id, perhaps only those whose author holds `author`."""
        limit = parse_ascii_int(req.get_param("limit", default="20"))
        offset = parse_ascii_int(req.get_param("offset", default="0"))
        if limit is None or not 1 <= limit <= 100:
            raise falcon.HTTPBadRequest(description=BAD_LIMIT)
        if offset is None:
            raise falcon.HTTPBadRequest(description=BAD_OFFSET)
        items, total = self.store.list_quotes(limit, offset, req.get_param("author", default=""))
        resp.media = {"items": items, "total": total, "limit": limit, "offset": offset}

    on_head = on_get

    @falcon.before(require_signed_in)
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        """/api/quotes: add a quote, when signed in."""
        # No CSRF token here: the API takes only application/json, which a form cannot send.
        # Compared here: Falcon would read a body without Content-Type as JSON, its default.
        if falcon.parse_header(req.content_type or "")[0].lower() != falcon.MEDIA_JSON:
            raise falcon.HTTPUnsupportedMediaType(description=NOT_JSON_MEDIA_TYPE)
        try:  # Falcon's JSON handler decodes UTF-8 only, but lets RecursionError through
            payload = req.get_media()
        except (falcon.MediaNotFoundError, falcon.MediaMalformedError, RecursionError):
            raise falcon.HTTPBadRequest(description=NOT_UTF8_JSON) from None
        if not isinstance(payload, dict):
            raise falcon.HTTPBadRequest(description=NOT_AN_OBJECT)
        if errors := quote_errors(payload):
            problem(resp, 422, INVALID_QUOTE, errors=errors)
            return
        quote = self.store.add_quote(payload["text"].strip(), payload["author"].strip())
        resp.status = falcon.HTTP_201
        resp.location = f"/api/quotes/{quote['id']}"
        resp.media = quote

    def on_get_random(self, req: falcon.Request, resp: falcon.Response) -> None:
        """/api/quotes/random: one quote picked at random."""
        if (quote := self.store.random_quote()) is None:
            raise falcon.HTTPNotFound(description=NO_QUOTES)
        resp.media = quote

    on_head_random = on_get_random

    def on_get_item(self, req: falcon.Request, resp: falcon.Response, quote_id: int) -> None:
        """/api/quotes/{quote_id}: one quote by id (the converter has made it an int)."""
        if (quote := self.store.quote_by_id(quote_id)) is None:
            raise falcon.HTTPNotFound(description=no_quote_with_id(quote_id))
        resp.media = quote

    on_head_item = on_get_item

    @falcon.before(require_signed_in)
    def on_delete_item(self, req: falcon.Request, resp: falcon.Response, quote_id: int) -> None:
        """/api/quotes/{quote_id}: delete a quote, when signed in."""
        if not self.store.delete_quote(quote_id):
            raise falcon.HTTPNotFound(description=no_quote_with_id(quote_id))
        resp.status = falcon.HTTP_204
