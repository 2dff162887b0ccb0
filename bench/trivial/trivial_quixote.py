"""Quixote's own trivial route: a constant JSON response from the root Directory, through QWIP."""

import json
import threading

from quixote import get_response
from quixote.directory import Directory
from quixote.http_request import HTTPRequest
from quixote.publish import Publisher
from quixote.wsgi import QWIP


class Root(Directory):
    _q_exports = ("",)

    def _q_index(self) -> str:
        get_response().set_content_type("application/json", "utf-8")
        return json.dumps({"message": "Hello, World!"})


class ThreadedPublisher(Publisher):
    """The request kept per thread, so QWIP serves gunicorn's gthread workers."""

    is_thread_safe = True
    requests = threading.local()

    def _set_request(self, request: HTTPRequest) -> None:
        self.requests.current = request

    def _clear_request(self) -> None:
        self.requests.current = None

    def get_request(self) -> HTTPRequest | None:
        return getattr(self.requests, "current", None)


app = QWIP(ThreadedPublisher(Root(), display_exceptions=False))
