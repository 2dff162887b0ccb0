"""The input checks every implementation needs alike, and the words its errors use.

Plain Python, no framework code: SPEC.md's rules for ASCII integers, a quote's members and the
`next` redirect are written once here, and so is every error detail that two routes or two
frameworks would otherwise word differently. What differs between the folders is only how each
framework calls them.
"""

from __future__ import annotations

import unicodedata
from http import HTTPStatus
from typing import Any

MAX_BODY_BYTES = 65_536  # SEC-5: a longer request body is a 413
TEXT_MAX = 500
AUTHOR_MAX = 100
SQLITE_INT_MAX = 2**63 - 1

BAD_LIMIT = "limit must be a whole number from 1 to 100."
BAD_OFFSET = "offset must be a whole number, 0 or more."
NO_QUOTES = "There are no quotes yet."
NOT_JSON_MEDIA_TYPE = "Send the quote as application/json."
NOT_UTF8_JSON = "The body is not valid UTF-8 JSON."
NOT_AN_OBJECT = "The body must be a JSON object."
INVALID_QUOTE = "Some members of the quote are not valid."
SIGN_IN_FIRST = "Sign in first."
CSRF_FAILED = "The form's CSRF token is missing or wrong. Reload the form and try again."
TOO_LARGE = f"The request body is over {MAX_BODY_BYTES:,} bytes."

# RFC 9110's names, which Python 3.11's HTTPStatus (and the frameworks' tables built from it or
# from older RFCs) does not have yet: "Request Entity Too Large", "Unprocessable Entity".
RENAMED = {413: "Content Too Large", 422: "Unprocessable Content"}


def title(status: int) -> str:
    """The status's reason phrase: a problem's title and the error page's heading."""
    return RENAMED.get(status) or HTTPStatus(status).phrase


def no_quote_with_id(quote_id: int) -> str:
    return f"No quote has the id {quote_id}."


def nothing_at(path: str) -> str:
    return f"There is nothing at {path}."


def quote_errors(payload: dict[str, Any]) -> dict[str, str]:
    """What is wrong with a new quote's JSON object, by member name; empty when it is valid."""
    errors = {name: "is not a known member" for name in payload if name not in ("text", "author")}
    for name, most in (("text", TEXT_MAX), ("author", AUTHOR_MAX)):
        value = payload.get(name)
        if name not in payload:
            errors[name] = "is required"
        elif not isinstance(value, str):
            errors[name] = "must be a string"
        elif any("\ud800" <= char <= "\udfff" for char in value):  # JSON's "\ud800": not text
            errors[name] = "must be Unicode text"
        elif not value.strip():
            errors[name] = "must not be blank"
        elif len(value.strip()) > most:
            errors[name] = f"must be at most {most} characters"
        elif control_characters(value.strip(), allow_newline=name == "text"):
            # An HTML parser drops a NUL, so the page would show another text than the API.
            errors[name] = "must not hold control characters"
    return errors


def control_characters(text: str, allow_newline: bool = False) -> bool:
    """Whether `text` holds a control character (Unicode category Cc), a line feed aside when
    `allow_newline`."""
    return any(
        unicodedata.category(char) == "Cc" and not (allow_newline and char == "\n") for char in text
    )


def parse_ascii_int(text: str | None) -> int | None:
    """The value of an ASCII integer ("0"-"9" only), else None: int() also takes "+1", " 1" and
    other scripts' digits, and raises on more than 4,300 digits (so those count as too large)."""
    if text and text.isascii() and text.isdigit():
        digits = text.lstrip("0") or "0"
        return int(digits) if len(digits) <= 4300 else SQLITE_INT_MAX + 1
    return None


def local_path(target: str) -> str:
    """`target` when it is a path on this site, else "/": a login must not be an open redirect."""
    # Browsers read "//host" and "/\host" as other hosts, and drop tabs and newlines
    # (turning "/\t/host" into "//host"), so refuse those outright.
    if (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not control_characters(target)
    ):
        return target
    return "/"
