"""The WSGI application gunicorn serves (quotesite.wsgi:application): Django's, as startproject
makes it, behind one small WSGI middleware that reads the request body first."""

import io
import os
from typing import Any

from django.conf import settings
from django.core.wsgi import get_wsgi_application

# region: body-validation


class ReadBodyFirst:
    """Read the body, to one byte past the limit, before Django sees the request.

    Django reads a body by its Content-Length, so a chunked body (which gunicorn passes on as it
    comes, with none) would look empty. And a body the app refuses unread is left for gunicorn,
    whose gthread worker drains at most 64 KiB of it and then drops the connection it has just
    answered as keep-alive. So the body is read here, whatever its framing; past the limit the
    rest is drained (up to DRAIN_MAX), and Django sees a body one byte too long, which the
    body_limit middleware (quotes/middleware.py) answers with a 413.
    """

    DRAIN_MAX = 1024 * 1024  # past this, stop reading and let gunicorn close the connection

    def __init__(self, app: Any, limit: int) -> None:
        self.app, self.limit = app, limit

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        length = environ.get("CONTENT_LENGTH") or "0"
        sane = length.isascii() and length.isdigit() and len(length) < 19
        declared = int(length) if sane else self.limit + 1  # gunicorn refuses bad ones anyway
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

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotesite.settings")
application = ReadBodyFirst(get_wsgi_application(), settings.MAX_BODY_BYTES)
