"""The Quotes app in CherryPy: the factory and what every request shares (see SPEC.md).

The object tree lives by feature, as in the Flask version: api.py, auth.py and pages.py.
"""

from __future__ import annotations

import atexit
import html
import json
import os
from http import HTTPStatus
from pathlib import Path
from typing import Any

import cherrypy
from jinja2 import Environment, FileSystemLoader

from shared.store import Store

HERE = Path(__file__).parent
MAX_BODY = 65_536

# === Configuration ===


# region: configuration
def create_app(settings: dict[str, str] | None = None) -> cherrypy.Application:
    """Build the app from the environment, then `settings`; each worker opens its own store."""
    import pages  # imported here: the tree's modules import helpers from this one

    config = {**os.environ, **(settings or {})}
    store = Store(config.get("QUOTES_DB") or HERE / "quotes.db", HERE)
    secret_key = config.get("SECRET_KEY") or store.secret_key()  # kept in the database
    secure = config.get("SESSION_COOKIE_SECURE") == "1"
    site = {  # every path inherits "/"; a longer path's section overrides it
        "/": {
            "tools.trailing_slash.on": False,  # on by default: /api/quotes would 301 to .../
            **SECURITY_HEADERS_CONFIG,
            # region: body-validation
            "request.body.maxbytes": MAX_BODY,  # reading past it raises a 413
            # endregion
            # region: errors
            "error_page.default": error_page,
            # endregion
            # region: sessions
            "tools.signed_session.on": True,  # auth.py: who is signed in, for every path
            "tools.signed_session.store": store,
            "tools.signed_session.secret_key": secret_key,
            "tools.signed_session.secure": secure,
            # endregion
            # region: csrf
            "tools.csrf.on": True,  # every POST outside /api must echo the session's token...
            # endregion
            # region: production-server
            "tools.drain_body.on": True,
            # endregion
        },
        "/api": {
            # region: csrf
            "tools.csrf.on": False,  # ...not the API's: it takes only application/json
            # endregion
            # region: sessions
            "tools.signed_in.on": True,  # a write from no one is a 401
            # endregion
        },
        "/static": {
            "tools.staticdir.on": True,
            "tools.staticdir.dir": str(HERE / "static"),
            "tools.staticdir.content_types": {"css": "text/css; charset=utf-8"},
            # Only names made of letters, digits, "_", "-" and ".", not starting with a dot, so
            # never "..": staticdir would answer those with a 403, and it unquotes the path a
            # second time ("%252e%252e" reaches it as ".."). Anything else falls to a 404.
            "tools.staticdir.match": r"\A/static(/\w[\w.-]*)+\Z",
        },
    }
    # region: production-server
    # gunicorn serves HTTP and handles signals; CherryPy's engine (its bus of plugins) starts
    # in each worker, after the fork. "embedded": no autoreload, no tracebacks on error pages,
    # and no logging to the screen, which would leave tracebacks nowhere: log.screen is back on.
    cherrypy.config.update({"environment": "embedded", "log.screen": True})
    cherrypy.server.unsubscribe()  # else engine.start() also opens CherryPy's own server
    cherrypy.engine.start()
    atexit.register(cherrypy.engine.exit)
    # endregion
    return cherrypy.tree.mount(pages.Root(store), "", site)


# endregion


def field(params: dict[str, Any], name: str, default: str = "") -> str:
    """A query or form field as text: CherryPy gives a list for a repeated one, "" here."""
    value = params.get(name, default)
    return value if isinstance(value, str) else ""


# region: production-server
@cherrypy.tools.register("on_end_request")
def drain_body(most: int = 1024 * 1024) -> None:
    """Read what is left of a refused body (a 413, or a 401 before it was looked at).

    Left unread, gunicorn's gthread worker drains at most 64 KiB of it and then drops the
    connection it has just answered as keep-alive; a WSGI app cannot say Connection: close.
    """
    rfile, drained = cherrypy.serving.request.rfile, 0
    while drained < most and (chunk := rfile.read(65_536)):
        drained += len(chunk)


# endregion

# === Security headers ===

# region: security-headers
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}
# CherryPy's response_headers tool sets them at on_start_resource, so error pages keep them
# (its docs' example hooks before_finalize, which an unhandled exception's 500 skips). Priority
# 0: the allow tool shares that hook point, and its 405 would stop the hooks that come after it.
SECURITY_HEADERS_CONFIG = {
    "tools.response_headers.on": True,
    "tools.response_headers.headers": list(SECURITY_HEADERS.items()),
    "tools.response_headers.priority": 0,
}
# endregion

# === JSON API ===
# The tree: api.py. Its errors are problems:


# region: errors
def problem(status: int, detail: str, **members: Any) -> dict[str, Any]:
    """An RFC 9457 problem: sets the response's status and media type, returns the body."""
    response = cherrypy.serving.response
    response.status = status
    response.headers["Content-Type"] = "application/problem+json"
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return body | members


# endregion

# === Login ===
# The tools (session, CSRF, signed in) and /login, /logout: auth.py.

# === HTML pages ===
# The tree's root and the home page: pages.py; the templates extend templates/base.html.

# region: templates
# CherryPy has no template engine. Jinja2's autoescape is off unless asked for (the Jinja tool
# on CherryPy's wiki leaves it off): turned on here, so text from clients is escaped.
templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)


def render(name: str, **context: Any) -> str:
    """A template, with who is signed in for base.html's header."""
    request = cherrypy.serving.request
    context.setdefault("current_user", getattr(request, "current_user", None))
    return templates.get_template(name).render(context)


# endregion

# === Errors ===

# region: errors
RENAMED = {413: "Content Too Large", 422: "Unprocessable Content"}  # by RFC 9110


def title(status: int) -> str:
    """The status's reason phrase, which is also the problem's title."""
    return RENAMED.get(status) or HTTPStatus(status).phrase


def error_page(status: str, message: str, traceback: str, version: str) -> str:
    """error_page.default: the body of every error, CherryPy's own 404, 405 and 413 included.
    The headers already set stay (a 405's Allow); `message` comes HTML-escaped: unescaped here."""
    code, detail = int(status.split()[0]), html.unescape(message)
    path = cherrypy.serving.request.path_info
    if path == "/healthz" or path.startswith("/api/"):
        return json.dumps(problem(code, detail))
    cherrypy.serving.response.headers["Content-Type"] = "text/html;charset=utf-8"
    return render("error.html", status=code, title=title(code), detail=detail)


# endregion
