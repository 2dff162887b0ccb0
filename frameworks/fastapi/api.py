"""The JSON API: an APIRouter whose path operations take and give Pydantic models; every error
is a problem (RFC 9457, see errors.py), and the models (models.py) document the responses."""

import json
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BeforeValidator, ValidationError

from deps import SignedInUser, StoreDep, require_signed_in
from errors import problems
from models import Health, NewQuote, Quote, QuotePage
from shared.checks import (
    NO_QUOTES,
    NOT_AN_OBJECT,
    NOT_JSON_MEDIA_TYPE,
    NOT_UTF8_JSON,
    no_quote_with_id,
    nothing_at,
    parse_ascii_int,
)

router = APIRouter(responses=problems(405, 500))  # any path may answer these


def ascii_int(value: object) -> int:
    """A BeforeValidator: digits 0-9 only. Pydantic's own int would also take " 1" and "1_0"."""
    if isinstance(value, str) and (number := parse_ascii_int(value)) is not None:
        return number
    raise ValueError("must be written with the digits 0-9 only")


# The ranges are checked after ascii_int; errors.invalid_request makes a failure a 400.
Limit = Annotated[int, Query(ge=1, le=100), BeforeValidator(ascii_int)]
Offset = Annotated[int, Query(ge=0), BeforeValidator(ascii_int)]


def quote_id_of(request: Request, segment: Annotated[str, Path(alias="id")]) -> int:
    """The path's id, taken as a plain string: a segment that is not an ASCII integer names
    nothing (a 404, never Pydantic's 422)."""
    if (quote_id := parse_ascii_int(segment)) is None:
        raise HTTPException(404, nothing_at(request.url.path))
    return quote_id


QuoteId = Annotated[int, Depends(quote_id_of)]


# FastAPI answers HEAD only where a route asks for it (fastapi#1773), so every GET has a HEAD
# twin, kept out of the OpenAPI document. Plain `def`s run in the thread pool, off the event loop.
@router.get("/healthz", operation_id="getHealth")
@router.head("/healthz", include_in_schema=False)
def healthz() -> Health:
    return Health(status="ok")


@router.get("/api/quotes", operation_id="listQuotes", responses=problems(400))
@router.head("/api/quotes", include_in_schema=False)
def list_quotes(
    store: StoreDep, limit: Limit = 20, offset: Offset = 0, author: str = ""
) -> QuotePage:
    """One page of quotes by id, optionally only those whose author holds `author`."""
    items, total = store.list_quotes(limit, offset, author)
    return QuotePage(
        items=[Quote(**quote) for quote in items], total=total, limit=limit, offset=offset
    )


@router.get("/api/quotes/random", operation_id="getRandomQuote", responses=problems(404))
@router.head("/api/quotes/random", include_in_schema=False)
def random_quote(store: StoreDep) -> Quote:
    if quote := store.random_quote():
        return Quote(**quote)
    raise HTTPException(404, NO_QUOTES)


@router.get("/api/quotes/{id}", operation_id="getQuote", responses=problems(404))
@router.head("/api/quotes/{id}", include_in_schema=False)
def quote_by_id(quote_id: QuoteId, store: StoreDep) -> Quote:
    if quote := store.quote_by_id(quote_id):
        return Quote(**quote)
    raise HTTPException(404, no_quote_with_id(quote_id))


@router.delete(
    "/api/quotes/{id}",
    status_code=204,
    operation_id="deleteQuote",
    dependencies=[Depends(require_signed_in)],
    responses=problems(401, 404),
)
def delete_quote(quote_id: QuoteId, store: StoreDep) -> None:
    """Delete a quote, when signed in."""
    if not store.delete_quote(quote_id):
        raise HTTPException(404, no_quote_with_id(quote_id))


async def new_quote(request: Request, user: SignedInUser) -> NewQuote:
    """The body as a NewQuote, read by hand rather than as a body parameter: FastAPI would parse
    the body before any dependency, so a signed-out client would get a 422 before its 401, and
    it also takes application/*+json. Asking for `user` puts the 401 first."""
    media_type = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media_type != "application/json":
        raise HTTPException(415, NOT_JSON_MEDIA_TYPE)
    try:  # decode first: json.loads would also take UTF-16 and UTF-32 bytes
        payload = json.loads((await request.body()).decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError too
        raise HTTPException(400, NOT_UTF8_JSON) from None
    if not isinstance(payload, dict):
        raise HTTPException(400, NOT_AN_OBJECT)
    try:
        return NewQuote.model_validate(payload)
    except ValidationError as error:  # raised as FastAPI raises it for a body it validates
        errors = [{**e, "loc": ("body", *e["loc"])} for e in error.errors(include_url=False)]
        raise RequestValidationError(errors, body=payload) from None


@router.post(
    "/api/quotes",
    status_code=201,
    operation_id="createQuote",
    responses=problems(400, 401, 413, 415, 422),
    # The body is read by new_quote, so FastAPI is told what it looks like.
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": NewQuote.model_json_schema()}},
        }
    },
)
def create_quote(
    quote: Annotated[NewQuote, Depends(new_quote)], store: StoreDep, response: Response
) -> Quote:
    """Add a quote, when signed in. No CSRF token: only application/json gets this far, and an
    HTML form cannot send that."""
    created = Quote(**store.add_quote(quote.text, quote.author))
    response.headers["Location"] = f"/api/quotes/{created.id}"
    return created
