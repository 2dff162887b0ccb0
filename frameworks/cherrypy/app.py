"""The Quotes app in CherryPy (SPEC.md): create_app() configures the site and mounts the tree.

CherryPy publishes an object tree (pages.Root and what hangs off it) and hooks *tools* into each
request at named points, switched on for a path and everything below it by the config that
tree.mount() takes. The tree and its tools live in pages.py, api.py and auth.py; nothing imports
this module.
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes
from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

import cherrypy

import errors
import pages
from shared.checks import MAX_BODY_BYTES
from shared.store import Store
from shared.wsgi_body import ReadBodyFirst

HERE = Path(__file__).parent

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


def set_security_headers(app: WSGIApplication) -> WSGIApplication:
    """WSGI middleware, a step of the app's wsgi.pipeline: the headers on every response.

    A tool would miss some: tools run once CherryPy has found the config of the request's path,
    and it refuses some requests before that (an HTTP/1.1 request without Host, a malformed
    Cookie header) with a page of its own.
    """

    def with_headers(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        def start(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            return start_response(status, [*headers, *SECURITY_HEADERS.items()], *exc_info)

        return app(environ, start)

    return with_headers


def create_app(settings: dict[str, str] | None = None) -> cherrypy.Application:
    """Build the app from the environment, then `settings`; each worker opens its own store."""
    config = {**os.environ, **(settings or {})}
    store = Store(config.get("QUOTES_DB") or HERE / "quotes.db", HERE / "shared")
    # Production sets SECRET_KEY; else one is generated into a file beside the database.
    secret_key = config.get("SECRET_KEY") or store.secret_key()
    secure = config.get("SESSION_COOKIE_SECURE") == "1"
    site = {  # every path inherits "/"; a longer path's section, or a _cp_config, overrides it
        "/": {
            # The wsgi namespace puts WSGI middleware in front of the app. ReadBodyFirst reads
            # every body first (shared/wsgi_body.py says why), so a long one arrives one byte
            # past request.body.maxbytes, and reading past that raises CherryPy's own 413.
            "wsgi.pipeline": [
                ("security_headers", set_security_headers),
                ("read_body_first", ReadBodyFirst),
            ],
            "wsgi.read_body_first.limit": MAX_BODY_BYTES,
            "request.body.maxbytes": MAX_BODY_BYTES,
            "tools.trailing_slash.on": False,  # on by default: /api/quotes would 301 to .../
            "tools.utf8_query.on": True,
            "tools.one_value_per_field.on": True,
            "error_page.default": errors.error_page,
            # region: sessions
            "tools.signed_session.on": True,  # auth.py: who is signed in, for every path
            "tools.signed_session.store": store,
            "tools.signed_session.secret_key": secret_key,
            "tools.signed_session.secure": secure,
            # endregion
            # region: csrf
            "tools.csrf.on": True,  # every POST must echo the session's token (not /api's: api.Api)
            # endregion
        },
        "/static": {
            "tools.staticdir.on": True,
            "tools.staticdir.dir": str(HERE / "shared" / "static"),
            "tools.staticdir.content_types": {"css": "text/css; charset=utf-8"},
            # Only names made of letters, digits, "_", "-" and ".", not starting with a dot, so
            # never "..": staticdir would answer those with a 403, and it unquotes the path a
            # second time ("%252e%252e" reaches it as ".."). Anything else falls to a 404.
            "tools.staticdir.match": r"\A/static(/\w[\w.-]*)+\Z",
            "tools.allow.on": True,  # staticdir answers any method; a POST is a 405
            "tools.allow.methods": ["GET"],
        },
    }
    start_engine()
    return cherrypy.tree.mount(pages.Root(store), "", site)


def start_engine() -> None:
    """gunicorn serves HTTP and handles signals; CherryPy's engine (its bus of plugins) starts
    in each worker, after the fork. "embedded": no autoreload, no tracebacks on error pages,
    and no logging to the screen, which would leave tracebacks nowhere: log.screen is back on."""
    cherrypy.config.update({"environment": "embedded", "log.screen": True})
    cherrypy.server.unsubscribe()  # else engine.start() also opens CherryPy's own server
    cherrypy.engine.start()
    atexit.register(cherrypy.engine.exit)


@cherrypy.tools.register("on_start_resource")
def utf8_query() -> None:
    """A 400 for a query string that is not UTF-8. CherryPy parses the query string just after
    this hook point, and answers one it cannot decode with a 404, as if the path named nothing."""
    try:
        unquote_to_bytes(cherrypy.serving.request.query_string).decode("utf-8")
    except UnicodeDecodeError:
        raise cherrypy.HTTPError(400, "The query string is not valid UTF-8.") from None


@cherrypy.tools.register("before_handler", priority=10)
def one_value_per_field() -> None:
    """CherryPy hands a repeated query or form field to the handler as a list: make it "", so
    every handler argument is a string."""
    params = cherrypy.serving.request.params
    params.update({name: "" for name, value in params.items() if not isinstance(value, str)})
