"""The request class the app builds its requests from: Sanic's own, with a body limit that holds
under any server."""

from sanic import Request
from sanic.exceptions import SanicException

from shared.checks import TOO_LARGE


class BoundedRequest(Request):
    """Sanic's own server refuses a body over `REQUEST_MAX_SIZE` as it reads it, but under an
    ASGI server (uvicorn here) Sanic reads whatever arrives. `receive_body` is the hook Sanic
    gives custom request classes for that: it runs before every handler that takes a body."""

    async def receive_body(self) -> None:
        if self.body:
            return
        limit = self.app.config.REQUEST_MAX_SIZE
        declared = self.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:  # refused before a byte is read
            raise SanicException(TOO_LARGE, status_code=413)
        received = bytearray()
        async for chunk in self.stream:  # a chunked body says no length up front: count it
            received += chunk
            if len(received) > limit:
                raise SanicException(TOO_LARGE, status_code=413)
        self.body = bytes(received)
