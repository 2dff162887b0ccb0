"""The JSON API: quotes in and out; its errors are problems (RFC 9457, see errors.py)."""

from __future__ import annotations

import json
from typing import Any

from pyramid.config import Configurator
from pyramid.httpexceptions import (
    HTTPBadRequest,
    HTTPNoContent,
    HTTPNotFound,
    HTTPUnsupportedMediaType,
)
from pyramid.request import Request
from pyramid.view import view_config

from shared.checks import parse_ascii_int, quote_errors
from errors import problem
from shared.store import Quote


# region: api-routes
def includeme(config: Configurator) -> None:
    """The routes, in matching order: "random" first, or {quote_id} would take it."""
    config.add_route("healthz", "/healthz")
    config.add_route("quotes", "/api/quotes")
    config.add_route("random_quote", "/api/quotes/random")
    config.add_route("quote", "/api/quotes/{quote_id}")
    config.scan(__name__)


@view_config(route_name="healthz", request_method="GET", renderer="json")
def healthz(request: Request) -> dict[str, str]:
    """Say the app is up."""
    return {"status": "ok"}


@view_config(route_name="quotes", request_method="GET", renderer="json")
def list_quotes(request: Request) -> dict[str, Any]:
    """One page of quotes by id, optionally only those whose author holds `author`."""
    limit = parse_ascii_int(request.GET.get("limit", "20"))
    offset = parse_ascii_int(request.GET.get("offset", "0"))
    if limit is None or not 1 <= limit <= 100:
        raise HTTPBadRequest("limit must be a whole number from 1 to 100.")
    if offset is None:
        raise HTTPBadRequest("offset must be a whole number, 0 or more.")
    items, total = request.store.list_quotes(limit, offset, request.GET.get("author", ""))
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@view_config(route_name="random_quote", request_method="GET", renderer="json")
def random_quote(request: Request) -> Quote:
    """One quote picked at random."""
    quote: Quote | None = request.store.random_quote()
    if quote is None:
        raise HTTPNotFound("There are no quotes yet.")
    return quote


def quote_id(request: Request) -> int:
    """The path's id: ASCII digits only (int() also takes "+1", " 1" and other scripts' digits),
    and anything else names no quote."""
    return parse_ascii_int(request.matchdict["quote_id"]) or 0


@view_config(route_name="quote", request_method="GET", renderer="json")
def quote_by_id(request: Request) -> Quote:
    """One quote by id."""
    quote: Quote | None = request.store.quote_by_id(quote_id(request))
    if quote is None:
        raise HTTPNotFound("No quote has that id.")
    return quote


# Writes need the "write" permission, which the security policy (security.py) grants to anyone
# signed in; else Pyramid raises HTTPForbidden before the view runs (errors.py makes it a 401).
# They take no CSRF token: requiring application/json keeps cross-site HTML forms out.
WRITE = {"permission": "write", "require_csrf": False}


@view_config(route_name="quote", request_method="DELETE", **WRITE)
def delete_quote(request: Request) -> HTTPNoContent:
    """Delete a quote."""
    if not request.store.delete_quote(quote_id(request)):
        raise HTTPNotFound("No quote has that id.")
    return HTTPNoContent()


# endregion


# region: body-validation
@view_config(route_name="quotes", request_method="POST", renderer="json", **WRITE)
def create_quote(request: Request) -> Any:
    """Add a quote, checking its media type, its JSON and its members, in that order."""
    # Not request.json_body: it ignores the media type, honours a charset parameter (UTF-16...)
    # and raises a bare ValueError, which would be a 500.
    if request.content_type.strip().lower() != "application/json":  # not application/*+json
        raise HTTPUnsupportedMediaType("Send the quote as application/json.")
    try:  # the body tween (app.py) has already held it to 65,536 bytes
        payload = json.loads(request.body.decode())
    except (ValueError, RecursionError):  # bad UTF-8 or JSON, or nested too deep
        raise HTTPBadRequest("The body is not valid UTF-8 JSON.") from None
    if not isinstance(payload, dict):
        raise HTTPBadRequest("The body must be a JSON object.")
    if errors := quote_errors(payload):
        return problem(422, "Some members of the quote are not valid.", errors=errors)
    quote = request.store.add_quote(payload["text"].strip(), payload["author"].strip())
    request.response.status_int = 201
    request.response.location = request.route_path("quote", quote_id=quote["id"])
    return quote


# endregion
