"""Writing quotes through the JSON API: who may, what it takes, and every way to get it wrong."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from support import BODY_LIMIT, create_quote, location_of, post_quote, problem

VALID = {"text": "Make it work, make it right, make it fast.", "author": "Kent Beck"}


@pytest.mark.req("API-6", "API-17")
@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (json.dumps(VALID), "application/json"),
        ("text", "text/plain"),
        ("{", "application/json"),
        ("{}", "application/json"),
    ],
)
def test_create_needs_sign_in(client: httpx.Client, body: str, content_type: str) -> None:
    """Signed out, creating is a 401 problem whatever the body says."""
    problem(client.post("/api/quotes", content=body, headers={"content-type": content_type}), 401)


@pytest.mark.smoke
@pytest.mark.req("API-11")
def test_create_quote(signed_in: httpx.Client) -> None:
    """A valid quote is stored, stripped, and can be read back at its Location."""
    response = post_quote(signed_in, {"text": "  Stay hungry.  \n", "author": "\tStewart Brand "})
    assert response.status_code == 201
    quote = response.json()
    assert set(quote) == {"id", "text", "author"}
    assert (quote["text"], quote["author"]) == ("Stay hungry.", "Stewart Brand")
    assert location_of(response) == f"/api/quotes/{quote['id']}"
    assert signed_in.get(f"/api/quotes/{quote['id']}").json() == quote


@pytest.mark.req("API-11", "DATA-1")
def test_create_at_the_length_limits(signed_in: httpx.Client) -> None:
    """500 characters of text and 100 of author are allowed, counted after stripping."""
    text, author = "字" * 500, "  " + "a" * 100 + "  "
    quote = create_quote(signed_in, text, author)
    assert (quote["text"], quote["author"]) == (text, author.strip())


@pytest.mark.req("API-7", "API-17")
@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/x+json",
        "application/json-patch+json",
        "application/jsonx",
        "text/json",
    ],
)
def test_create_needs_json_media_type(signed_in: httpx.Client, content_type: str | None) -> None:
    """Anything but application/json is a 415 problem (and keeps cross-site forms out)."""
    headers = {"content-type": content_type} if content_type else {}
    problem(signed_in.post("/api/quotes", content=json.dumps(VALID), headers=headers), 415)


@pytest.mark.req("API-7", "API-11")
def test_json_media_type_may_have_parameters(signed_in: httpx.Client) -> None:
    """application/json with a charset parameter is still JSON."""
    response = signed_in.post(
        "/api/quotes",
        content=json.dumps(VALID),
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert response.status_code == 201


def padded(size: int) -> bytes:
    """A valid JSON quote padded with whitespace to exactly `size` bytes."""
    body = json.dumps(VALID).encode()
    return body + b" " * (size - len(body))


@pytest.mark.req("API-8", "API-17")
def test_body_over_limit_is_413(signed_in: httpx.Client) -> None:
    """A body of 65,537 bytes is a 413 problem, and 65,536 is fine."""
    problem(post_raw(signed_in, padded(BODY_LIMIT + 1)), 413)
    assert post_raw(signed_in, padded(BODY_LIMIT)).status_code == 201


@pytest.mark.req("API-8", "API-17")
def test_chunked_body_over_limit_is_413(signed_in: httpx.Client) -> None:
    """The limit also holds for a chunked body, which has no Content-Length to check."""

    def chunks() -> Iterator[bytes]:
        body = padded(BODY_LIMIT + 4096)
        for start in range(0, len(body), 8192):
            yield body[start : start + 8192]

    problem(post_raw(signed_in, chunks()), 413)


def post_raw(client: httpx.Client, content: Any) -> httpx.Response:
    return client.post("/api/quotes", content=content, headers={"content-type": "application/json"})


@pytest.mark.req("API-9", "API-17")
@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{",
        b"not json",
        b'{"text": "a", "author": "b"',
        b"\xff\xfe{}",
        b'{"text": "\xff", "author": "b"}',
        b"[]",
        b'"text"',
        b"1",
        b"null",
        b"[{}]",
    ],
)
def test_malformed_json_is_400(signed_in: httpx.Client, body: bytes) -> None:
    """A body that is not UTF-8 JSON, or is JSON but not an object, is a 400 problem."""
    problem(post_raw(signed_in, body), 400)


@pytest.mark.req("API-10", "API-17")
@pytest.mark.parametrize(
    ("payload", "offending"),
    [
        ({}, {"text", "author"}),
        ({"text": "a"}, {"author"}),
        ({"author": "b"}, {"text"}),
        ({"text": 1, "author": "b"}, {"text"}),
        ({"text": None, "author": "b"}, {"text"}),
        ({"text": ["a"], "author": "b"}, {"text"}),
        ({"text": "a", "author": True}, {"author"}),
        ({"text": "a", "author": {"name": "b"}}, {"author"}),
        ({"text": "   ", "author": "b"}, {"text"}),
        ({"text": "a", "author": "\n\t "}, {"author"}),
        ({"text": "a" * 501, "author": "b"}, {"text"}),
        ({"text": "a", "author": "b" * 101}, {"author"}),
        ({"text": "a", "author": "b", "id": 5}, {"id"}),
        ({"text": "a", "author": "b", "extra": "x"}, {"extra"}),
        ({"author": "b", "tags": []}, {"text", "tags"}),
        ({"text": "\ud800", "author": "b"}, {"text"}),  # was a 500 (SQLite can't encode it)
        ({"text": "a", "author": "Ren\u00e9 \udfff"}, {"author"}),
    ],
)
def test_invalid_fields_are_422(
    signed_in: httpx.Client, payload: dict[str, Any], offending: set[str]
) -> None:
    """Each missing, mistyped, blank, too long or unknown member is named in a 422 problem."""
    response = post_quote(signed_in, payload)
    body = problem(response, 422)
    assert isinstance(body["errors"], dict) and set(body["errors"]) == offending
    assert all(isinstance(message, str) and message for message in body["errors"].values())


@pytest.mark.req("API-10", "DATA-1", "API-17")
@pytest.mark.parametrize(
    ("payload", "offending"),
    [
        ({"text": "a\x00b", "author": "b"}, {"text"}),  # an HTML parser drops the NUL
        ({"text": "a", "author": "b\x00"}, {"author"}),
        ({"text": "bell\x07", "author": "b"}, {"text"}),
        ({"text": "a\tb", "author": "b"}, {"text"}),
        ({"text": "a\r\nb", "author": "b"}, {"text"}),
        (
            {"text": "a\x1cb", "author": "b"},
            {"text"},
        ),  # str.strip() drops U+001C-U+001F at the ends
        ({"text": "a\x7f", "author": "b"}, {"text"}),
        ({"text": "a\x85b", "author": "b"}, {"text"}),
        ({"text": "a", "author": "line\nbreak"}, {"author"}),
    ],
)
def test_control_characters_are_422(
    signed_in: httpx.Client, payload: dict[str, Any], offending: set[str]
) -> None:
    """A control character other than a line feed in `text` is named in a 422 problem."""
    body = problem(post_quote(signed_in, payload), 422)
    assert set(body["errors"]) == offending


@pytest.mark.req("API-11", "DATA-1")
def test_line_feeds_are_kept_in_text(signed_in: httpx.Client) -> None:
    """A line feed inside `text` is text, stored and returned as sent."""
    created = create_quote(signed_in, "First line.\nSecond line.", "The suite")
    assert created["text"] == "First line.\nSecond line."
    assert signed_in.get(f"/api/quotes/{created['id']}").json() == created


@pytest.mark.req("API-12")
def test_delete_quote(signed_in: httpx.Client) -> None:
    """Deleting answers 204 with no body, and the quote is gone."""
    quote = create_quote(signed_in, "Short-lived.", "The suite")
    response = signed_in.delete(f"/api/quotes/{quote['id']}")
    assert response.status_code == 204 and response.content == b""
    problem(signed_in.get(f"/api/quotes/{quote['id']}"), 404)
    problem(signed_in.delete(f"/api/quotes/{quote['id']}"), 404)


@pytest.mark.req("API-12", "API-17")
@pytest.mark.parametrize("segment", ["999999999", "abc", "0", "99999999999999999999999"])
def test_delete_missing_is_404(signed_in: httpx.Client, segment: str) -> None:
    """Deleting what is not there is a 404 problem."""
    problem(signed_in.delete(f"/api/quotes/{segment}"), 404)


@pytest.mark.req("API-12", "API-17")
def test_delete_needs_sign_in(client: httpx.Client, signed_in: httpx.Client) -> None:
    """Signed out, deleting is a 401 problem and the quote stays."""
    quote = create_quote(signed_in, "Still here.", "The suite")
    problem(client.delete(f"/api/quotes/{quote['id']}"), 401)
    assert client.get(f"/api/quotes/{quote['id']}").status_code == 200
