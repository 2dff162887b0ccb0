"""The Quotes app in Masonite (see SPEC.md): the WSGI entry point of Masonite's scaffold, as a
factory that gunicorn calls in every worker."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from Kernel import Kernel
from masonite.foundation import Application
from masonite.foundation import Kernel as FoundationKernel
from masonite.providers import FrameworkProvider, RouteProvider, SessionProvider, ViewProvider

from shared.checks import MAX_BODY_BYTES
from shared.wsgi_body import ReadBodyFirst, too_large

# Masonite's response handler looks the app up here (`from wsgi import application`).
application: Application
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def create_app() -> ReadBodyFirst:
    global application
    application = Application(str(Path(__file__).parent))
    application.register_providers(FoundationKernel, Kernel)
    application.add_providers(FrameworkProvider, RouteProvider, ViewProvider, SessionProvider)
    # Every body is read first, whatever its framing (shared/wsgi_body.py).
    return ReadBodyFirst(quotes_app, MAX_BODY_BYTES)


def quotes_app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """Masonite's own ways that the spec cannot take, undone before it sees the request."""
    environ["quotes.too_large"] = too_large(environ, MAX_BODY_BYTES)  # middleware.BodyLimit
    # Masonite parses every body that is not a form as JSON as it builds the Request, before
    # routing (so bad JSON would fail before the 401): the API gets the raw bytes instead.
    if not environ.get("CONTENT_TYPE", "").startswith(FORMS):
        environ["quotes.body"] = environ["wsgi.input"].read()
        environ["CONTENT_LENGTH"] = "0"
    # Masonite answers HEAD with 204 No Content; HTTP wants GET's status and headers.
    head = environ["REQUEST_METHOD"] == "HEAD"
    if head:
        environ["REQUEST_METHOD"] = "GET"
    # Template variables live in one view object per process: clear the last request's user and
    # CSRF token, which a request that fails before its middleware would otherwise render.
    application.make("view").share({"current_user": None, "csrf_token": ""})
    body = application(environ, start_response)
    return [] if head else body
