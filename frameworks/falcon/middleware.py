"""The two Falcon middleware components: each process_request runs before routing, and each
process_response after the responder, for every response (errors and static files included)."""

from __future__ import annotations

import io

import falcon

# region: security-headers
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


class SecurityHeaders:
    """The four headers of SEC-1, put on every response by process_response."""

    def process_response(
        self, req: falcon.Request, resp: falcon.Response, resource: object, req_succeeded: bool
    ) -> None:
        resp.set_headers(SECURITY_HEADERS)


# endregion


# region: body-validation
class BodyLimit:
    """Falcon middleware: read the body before routing, to one byte past the limit; past it, 413.

    Falcon has no body limit, and its bounded_stream trusts Content-Length: a chunked body, which
    has none, reads as empty. And a body refused unread is left for gunicorn, which drains at most
    64 KiB of it, then drops the connection it has just answered as keep-alive. So the body is
    read here, whatever its framing, and handed on with its length; past the limit, the rest is
    drained (up to DRAIN_MAX) before the 413.
    """

    DRAIN_MAX = 1024 * 1024  # past this, stop reading and let gunicorn close the connection

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        chunked = "chunked" in (req.get_header("Transfer-Encoding") or "").lower()
        declared = req.content_length or 0  # a malformed Content-Length is Falcon's own 400
        if not (chunked or declared):
            return
        body = req.stream.read(self.limit + 1 if chunked else min(declared, self.limit + 1))
        if len(body) > self.limit:
            drained = 0
            while drained < self.DRAIN_MAX and (chunk := req.stream.read(65_536)):
                drained += len(chunk)
            message = f"A request body may be at most {self.limit} bytes."
            raise falcon.HTTPContentTooLarge(description=message)  # HTTPPayloadTooLarge: deprecated
        req.env["wsgi.input"] = req.stream = io.BytesIO(body)
        req.env["CONTENT_LENGTH"] = str(len(body))


# endregion
