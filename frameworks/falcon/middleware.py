"""Falcon middleware: process_request runs before routing, process_response on every response."""

from __future__ import annotations

import falcon

from shared.checks import MAX_BODY_BYTES, TOO_LARGE

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


class SecurityHeaders:
    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, req_succeeded: bool
    ) -> None:
        resp.set_headers(SECURITY_HEADERS)


class BodyLimit:
    """A 413 for a body over the limit: Falcon has none. Its bounded_stream trusts Content-Length,
    so ReadBodyFirst (app.py) has made every body a plain one, cut one byte past the limit."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        if (req.content_length or 0) > MAX_BODY_BYTES:
            raise falcon.HTTPContentTooLarge(description=TOO_LARGE)


class StaticMethods:
    """Falcon's static route serves its file to any method (falconry/falcon#2337): not here."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        if req.path.startswith("/static/") and req.method not in ("GET", "HEAD", "OPTIONS"):
            raise falcon.HTTPMethodNotAllowed(["GET", "HEAD"])
