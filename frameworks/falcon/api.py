"""The JSON API: resource classes with a responder per HTTP verb; errors are problems (app.py)."""

from __future__ import annotations

import falcon
from falcon.routing import BaseConverter

from app import problem
from auth import require_signed_in
from shared.checks import parse_ascii_int, quote_errors
from shared.store import Store


# region: api-routes
class QuoteIdConverter(BaseConverter):
    """{quote_id:quote_id}: ASCII digits only. Falcon's own `int` converter calls int(), which
    also takes "+1", "1_0" and other scripts' digits ("٣")."""

    def convert(self, value: str) -> int | None:
        return parse_ascii_int(value)  # None: the route does not match, so a 404


class Health:
    """/healthz."""

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """Say the app is up."""
        resp.media = {"status": "ok"}

    on_head = on_get  # Falcon answers HEAD only where a resource has on_head


class Quotes:
    """The quotes, at three paths: add_route's `suffix` picks the responders, as in asgilook.

    Falcon answers a verb with no responder at that path with 405 and an Allow header.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        """/api/quotes: a page of quotes by id, perhaps only those whose author holds `author`."""
        limit = parse_ascii_int(req.get_param("limit", default="20"))
        offset = parse_ascii_int(req.get_param("offset", default="0"))
        if limit is None or not 1 <= limit <= 100:
            raise falcon.HTTPBadRequest(description="limit must be a whole number from 1 to 100.")
        if offset is None:
            raise falcon.HTTPBadRequest(description="offset must be a whole number, 0 or more.")
        items, total = self.store.list_quotes(limit, offset, req.get_param("author", default=""))
        resp.media = {"items": items, "total": total, "limit": limit, "offset": offset}

    on_head = on_get

    # endregion

    # region: body-validation
    # No CSRF token here: the API takes only application/json, which an HTML form cannot send.
    @falcon.before(require_signed_in)
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        """/api/quotes: add a quote, when signed in."""
        # Compared here: Falcon would read a body without Content-Type as JSON, its default.
        if falcon.parse_header(req.content_type or "")[0].lower() != falcon.MEDIA_JSON:
            raise falcon.HTTPUnsupportedMediaType(description="Send the quote as application/json.")
        try:  # Falcon's JSON handler decodes UTF-8 only, but lets RecursionError through
            payload = req.get_media()
        except (falcon.MediaNotFoundError, falcon.MediaMalformedError, RecursionError):
            raise falcon.HTTPBadRequest(description="The body is not valid UTF-8 JSON.") from None
        if not isinstance(payload, dict):
            raise falcon.HTTPBadRequest(description="The body must be a JSON object.")
        if errors := quote_errors(payload):
            problem(resp, 422, "The quote has invalid members.", errors=errors)
            return
        quote = self.store.add_quote(payload["text"].strip(), payload["author"].strip())
        resp.status = falcon.HTTP_201
        resp.location = f"/api/quotes/{quote['id']}"
        resp.media = quote

    # endregion

    # region: api-routes
    def on_get_random(self, req: falcon.Request, resp: falcon.Response) -> None:
        """/api/quotes/random: one quote picked at random."""
        if (quote := self.store.random_quote()) is None:
            raise falcon.HTTPNotFound(description="There are no quotes yet.")
        resp.media = quote

    on_head_random = on_get_random

    def on_get_item(self, req: falcon.Request, resp: falcon.Response, quote_id: int) -> None:
        """/api/quotes/{quote_id}: one quote by id (the converter has made it an int)."""
        if (quote := self.store.quote_by_id(quote_id)) is None:
            raise falcon.HTTPNotFound(description="No quote has that id.")
        resp.media = quote

    on_head_item = on_get_item

    @falcon.before(require_signed_in)
    def on_delete_item(self, req: falcon.Request, resp: falcon.Response, quote_id: int) -> None:
        """/api/quotes/{quote_id}: delete a quote, when signed in."""
        if not self.store.delete_quote(quote_id):
            raise falcon.HTTPNotFound(description="No quote has that id.")
        resp.status = falcon.HTTP_204


# endregion
