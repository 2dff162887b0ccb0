"""The Quotes app in py4web (SPEC.md): the WSGI entry point for gunicorn. `py4web.core.wsgi()`
imports the apps folder's apps (here `_default`, mounted at /) and returns ombott's default app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from py4web.core import wsgi

from shared.checks import MAX_BODY_BYTES
from shared.wsgi_body import ReadBodyFirst

HERE = Path(__file__).parent

SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Content-Security-Policy", "default-src 'self'"),
]


class SecurityHeaders:
    """WSGI middleware: py4web has no after-request hook of its own, and ombott answers some
    errors (a fault in an error handler, for one) outside any action."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        # ombott answers a non-UTF-8 path before it binds the thread's request to this environ,
        # so its error page would read the previous request's: made text here, it is a 404.
        path = environ.get("PATH_INFO", "").encode("latin-1")
        environ["PATH_INFO"] = path.decode("utf-8", "replace").encode().decode("latin-1")

        def start(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            return start_response(status, headers + SECURITY_HEADERS, *exc_info)

        return self.app(environ, start)


def create_app() -> ReadBodyFirst:
    """gunicorn calls this in each worker (no --preload): wsgi() imports apps/_default there,
    after the fork, so its settings are read and its store opened in the worker."""
    # wsgi() makes apps/.service (its error tickets) unless it exists: two workers would race.
    (HERE / "apps" / ".service").mkdir(exist_ok=True)
    app = wsgi(apps_folder=str(HERE / "apps"), yes=True)
    # region: body-validation
    # Every body read first, chunked ones too: common.refuse_large_body() sees its true length.
    return ReadBodyFirst(SecurityHeaders(app), MAX_BODY_BYTES)
    # endregion
