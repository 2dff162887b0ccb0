"""The WSGI request-body reader (SEC-5), for the implementations that run under a WSGI server.

Plain Python, no framework code: each WSGI folder wraps its app in ReadBodyFirst, so the way a
body is read, cut at the limit and drained is written once for all of them.
"""

from __future__ import annotations

import io
from typing import Any

from .checks import parse_ascii_int


class ReadBodyFirst:
    """WSGI middleware: read the request body, to one byte past `limit`, before the app runs.

    gunicorn passes a chunked body on without a Content-Length (so frameworks that read by it
    see none) and, having decoded it, still passes Transfer-Encoding (so some decode it again).
    And a body the app refuses unread (a 413, a 401) is left for gunicorn's gthread worker,
    which drains at most 64 KiB of it and then drops the keep-alive connection it has just
    answered (a WSGI app cannot say Connection: close). So the body is read here, whatever its
    framing; past the limit the rest is drained (up to DRAIN_MAX), and the app sees a plain body
    one byte too long, which it answers with its own 413 (`too_large` says whether it is).
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


def too_large(environ: dict[str, Any], limit: int) -> bool:
    """Whether the body that ReadBodyFirst passed on is over `limit` (it is cut at limit + 1)."""
    return (parse_ascii_int(environ.get("CONTENT_LENGTH")) or 0) > limit
