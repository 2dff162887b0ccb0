"""The input checks every implementation needs alike: plain Python, no framework code.

Each implementation keeps a byte-identical copy of this file (a test checks), so the rules of
SPEC.md for ASCII integers, a quote's members and the `next` redirect are written once, and so
is the WSGI wrapper that reads a request body before the app does; what differs between the
folders is how each framework calls them.
"""

from __future__ import annotations

import io
import unicodedata
from typing import Any

TEXT_MAX = 500
AUTHOR_MAX = 100
SQLITE_INT_MAX = 2**63 - 1


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
    return errors


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
        and not any(unicodedata.category(char) == "Cc" for char in target)
    ):
        return target
    return "/"


class ReadBodyFirst:
    """WSGI middleware: read the request body, to one byte past `limit`, before the app runs.

    gunicorn passes a chunked body on without a Content-Length (so frameworks that read by it
    see none) and, having decoded it, still passes Transfer-Encoding (so some decode it again).
    And a body the app refuses unread (a 413, a 401) is left for gunicorn's gthread worker,
    which drains at most 64 KiB of it and then drops the keep-alive connection it has just
    answered (a WSGI app cannot say Connection: close). So the body is read here, whatever its
    framing; past the limit the rest is drained (up to DRAIN_MAX), and the app sees a plain body
    one byte too long, which it answers with its own 413.
    """

    DRAIN_MAX = 1024 * 1024  # past this, stop reading and let the server close the connection

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        declared = parse_ascii_int(environ.get("CONTENT_LENGTH")) or 0
        if chunked or declared:
            stream = environ["wsgi.input"]
            body = stream.read(self.limit + 1 if chunked else min(declared, self.limit + 1))
            drained = 0
            while (
                len(body) > self.limit
                and drained < self.DRAIN_MAX
                and (chunk := stream.read(65536))
            ):
                drained += len(chunk)
            environ.pop("HTTP_TRANSFER_ENCODING", None)  # now a plain body of known length
            environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
        return self.app(environ, start_response)
