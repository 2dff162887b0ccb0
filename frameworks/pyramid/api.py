"""The JSON API: quotes in and out; its errors are problems (errors.py)."""

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
from shared.store import Quote


def includeme(config: Configurator) -> None:
    """The routes, in matching order: "random" first, or {quote_id} would take it."""
    config.add_route("healthz", "/healthz")
    config.add_route("quotes", "/api/quotes")
    config.add_route("random_quote", "/api/quotes/random")
    # ASCII digits only (\d would take other scripts' digits): any other id matches no route.
    config.add_route("quote", "/api/quotes/{quote_id:[0-9]+}")
    config.scan(__name__)


@view_config(route_name="healthz", request_method="GET", renderer="json")
def healthz(request: Request) -> dict[str, str]:
    return {"status": "ok"}


@view_config(route_name="quotes", request_method="GET", renderer="json")
def list_quotes(request: Request) -> dict[str, Any]:
    """One page of quotes by id, optionally only those whose author holds `author`."""
    limit = parse_ascii_int(request.GET.get("limit", "20"))
    offset = parse_ascii_int(request.GET.get("offset", "0"))
    if limit is None or not 1 <= limit <= 100:
        raise HTTPBadRequest(BAD_LIMIT)
    if offset is None:
        raise HTTPBadRequest(BAD_OFFSET)
    items, total = request.store.list_quotes(limit, offset, request.GET.get("author", ""))
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@view_config(route_name="random_quote", request_method="GET", renderer="json")
def random_quote(request: Request) -> Quote:
    if (quote := request.store.random_quote()) is None:
        raise HTTPNotFound(NO_QUOTES)
    return quote


def quote_id(request: Request) -> int:
    return parse_ascii_int(request.matchdict["quote_id"]) or 0  # int() fails on 4,301 digits


@view_config(route_name="quote", request_method="GET", renderer="json")
def quote_by_id(request: Request) -> Quote:
    if (quote := request.store.quote_by_id(number := quote_id(request))) is None:
        raise HTTPNotFound(no_quote_with_id(number))
    return quote


# Writes need the "write" permission, which the security policy (security.py) grants to anyone
# signed in; else Pyramid raises HTTPForbidden before the view runs (errors.py makes it a 401).
# They take no CSRF token: requiring application/json keeps cross-site HTML forms out.
WRITE = {"permission": "write", "require_csrf": False}


@view_config(route_name="quote", request_method="DELETE", **WRITE)
def delete_quote(request: Request) -> HTTPNoContent:
    if not request.store.delete_quote(number := quote_id(request)):
        raise HTTPNotFound(no_quote_with_id(number))
    return HTTPNoContent()


@view_config(route_name="quotes", request_method="POST", renderer="json", **WRITE)
def create_quote(request: Request) -> Any:
    """Add a quote, checking its media type, its JSON and its members, in that order."""
    # Not request.json_body: it ignores the media type, honours a charset parameter (UTF-16...)
    # and raises a bare ValueError, which would be a 500.
    if request.content_type.strip().lower() != "application/json":  # not application/*+json
        raise HTTPUnsupportedMediaType(NOT_JSON_MEDIA_TYPE)
    try:  # check_body (app.py) has already refused one over 65,536 bytes
        payload = json.loads(request.body.decode())
    except (ValueError, RecursionError):  # bad UTF-8 or JSON, or nested too deep
        raise HTTPBadRequest(NOT_UTF8_JSON) from None
    if not isinstance(payload, dict):
        raise HTTPBadRequest(NOT_AN_OBJECT)
    if errors := quote_errors(payload):
        return problem(422, INVALID_QUOTE, errors=errors)
    quote = request.store.add_quote(payload["text"].strip(), payload["author"].strip())
    request.response.status_int = 201
    request.response.location = request.route_path("quote", quote_id=quote["id"])
    return quote
