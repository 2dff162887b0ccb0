"""WSGI middleware around the Bottle app: the request body, read before Bottle runs."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import Any

from store import parse_ascii_int

WSGIApp = Callable[[dict[str, Any], Any], Iterable[bytes]]


# region: body-validation
class BodyLimit:
    """Read the body, to one byte past the limit, before Bottle sees it.

    A body the app refuses unread (a 413, a 401) is left for gunicorn, which drains at most
    64 KiB of it and then drops the connection it has just answered as keep-alive (a WSGI app
    cannot say Connection: close). And gunicorn has already decoded a chunked body but passes
    Transfer-Encoding on, so Bottle would decode it again (a 400). So the body is read here,
    whatever its framing; past the limit the rest is drained (up to DRAIN_MAX), and the app
    sees a body one byte too long, which app.refuse_large_body() answers with a 413.
    """

    DRAIN_MAX = 1024 * 1024  # past this, stop reading and let the server close the connection

    def __init__(self, app: WSGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
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


# endregion
