"""The JSON API, by object dispatch: /api/quotes/... is ApiController.quotes, a QuotesController."""

from __future__ import annotations

import json
from typing import Any

import tg
from tg import TGController, abort, expose
from webob import Response

from db import get_store
from errors import problem
from security import current_user
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
    nothing_at,
    parse_ascii_int,
    quote_errors,
)
from shared.store import Quote


def require_signed_in() -> None:
    if current_user() is None:
        abort(401, SIGN_IN_FIRST)


class QuotesController(TGController):
    @expose("json", allowed_methods=["GET", "POST"])
    def index(self, **params: Any) -> Any:
        """/api/quotes: one method per path in object dispatch, so GET and POST meet here."""
        return self.create_quote() if tg.request.method == "POST" else self.list_quotes()

    def list_quotes(self) -> dict[str, Any]:
        """One page of quotes by id, optionally only those whose author holds `author`."""
        query = tg.request.GET
        limit, offset = (
            parse_ascii_int(query.get("limit", "20")),
            parse_ascii_int(query.get("offset", "0")),
        )
        if limit is None or not 1 <= limit <= 100:
            abort(400, BAD_LIMIT)
        if offset is None:
            abort(400, BAD_OFFSET)
        items, total = get_store().list_quotes(limit, offset, query.get("author", ""))
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    def create_quote(self) -> Any:
        """Add a quote, checking its media type, its JSON and its members, in that order. No
        CSRF token here: requiring application/json keeps cross-site HTML forms out."""
        require_signed_in()
        request = tg.request
        if request.content_type.strip().lower() != "application/json":  # not application/*+json
            abort(415, NOT_JSON_MEDIA_TYPE)
        try:  # the ErrorPages wrapper has already refused one over 65,536 bytes
            payload = json.loads(request.body.decode())  # decode(): UTF-8 only, not UTF-16
        except (ValueError, RecursionError):  # bad UTF-8 or JSON, or nested too deep
            abort(400, NOT_UTF8_JSON)
        if not isinstance(payload, dict):
            abort(400, NOT_AN_OBJECT)
        if errors := quote_errors(payload):
            return problem(422, INVALID_QUOTE, errors=errors)
        quote = get_store().add_quote(payload["text"].strip(), payload["author"].strip())
        tg.response.status_int = 201
        tg.response.location = f"/api/quotes/{quote['id']}"
        return quote

    @expose("json", allowed_methods=["GET"])
    def random(self, **params: Any) -> Quote:
        if (quote := get_store().random_quote()) is None:
            abort(404, NO_QUOTES)
        return quote

    @expose("json", allowed_methods=["GET", "DELETE"])
    def _default(self, quote_id: str, *rest: str, **params: Any) -> Any:
        """/api/quotes/{id}: what no attribute names falls to _default, the id its argument."""
        number = parse_ascii_int(quote_id) or 0  # ASCII digits only, unlike int()
        if rest or not number:
            abort(404, nothing_at(tg.request.path_info))
        if tg.request.method == "DELETE":
            require_signed_in()
            if not get_store().delete_quote(number):
                abort(404, no_quote_with_id(number))
            return Response(status=204)
        if (quote := get_store().quote_by_id(number)) is None:
            abort(404, no_quote_with_id(number))
        return quote


class ApiController(TGController):
    quotes = QuotesController()


class JsonRoutes(TGController):
    """The JSON paths at the root: /healthz and /api/..."""

    api = ApiController()

    @expose("json", allowed_methods=["GET"])
    def healthz(self, **params: Any) -> dict[str, str]:
        return {"status": "ok"}
