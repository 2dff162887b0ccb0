"""The Quotes app in Bottle: the factory and what every request shares (see SPEC.md).

The routes live by feature, each module a small Bottle app that the factory merges into this
one: api.py, auth.py and pages.py. Bottle has no sessions and no CSRF: security.py adds them.
"""

from __future__ import annotations

import json
import os
from http import HTTPStatus
from pathlib import Path
from typing import Any

from bottle import Bottle, HTTPError, abort, request, response, template
from itsdangerous import URLSafeSerializer

from shared.wsgi_body import ReadBodyFirst
from security import csrf_token, load_session
from shared.store import Store

HERE = Path(__file__).parent
MAX_BODY = 65_536

# === Configuration ===


# region: configuration
def create_app(settings: dict[str, Any] | None = None) -> ReadBodyFirst:
    """Build the app from the environment, then `settings` (keys such as "quotes.db").

    gunicorn calls this in each worker process, so each opens its own store."""
    import api  # imported here, because these modules import helpers from this one
    import auth
    import pages

    app = Bottle()
    app.config.update(
        "quotes",
        db=os.environ.get("QUOTES_DB", str(HERE / "quotes.db")),
        secret_key=os.environ.get("SECRET_KEY"),
        secure_cookies=os.environ.get("SESSION_COOKIE_SECURE") == "1",
    )
    app.config.update(settings or {})
    store = app.config["quotes.store"] = Store(app.config["quotes.db"], HERE)
    # region: sessions
    # The cookie's key: from the environment, or kept in the database so every worker shares it.
    secret = app.config["quotes.secret_key"] or store.secret_key()
    app.config["quotes.sessions"] = URLSafeSerializer(secret, salt="quotes.session")
    app.add_hook("before_request", load_session)  # who is signed in, before routing
    # endregion
    app.add_hook("before_request", refuse_large_body)
    app.add_hook("after_request", set_security_headers)
    for routes in (api.routes, auth.routes, pages.routes):
        app.merge(routes)
    # region: errors
    # @app.error takes one status at a time, and there is no catch-all: register them all.
    for status in HTTPStatus:
        if status >= 400:
            app.error(status, error_page)
    # endregion
    # region: body-validation
    # The shared WSGI wrapper (checks.py) reads every body first, chunked ones too, so that
    # refuse_large_body() below sees its true length and gunicorn's connection stays usable.
    return ReadBodyFirst(app, MAX_BODY)
    # endregion


# endregion


def get_store() -> Store:
    """This worker's store, kept in the app's config (its connections are per thread)."""
    store: Store = request.app.config["quotes.store"]
    return store


# region: body-validation
def refuse_large_body() -> None:
    """A before_request hook: a 413 on every route, before the view. (Bottle's own limit,
    MEMFILE_MAX, is 100 KiB, a class attribute shared by the whole process, and is checked only
    when a view reads the body.) ReadBodyFirst (checks.py) has already read the body."""
    if request.content_length > MAX_BODY:
        abort(413, f"A request body may be at most {MAX_BODY} bytes.")


# endregion


# === Security headers ===

# region: security-headers
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'",
}


def set_security_headers() -> None:
    """An after_request hook: Bottle runs it for views, static files, redirects and HTTP errors.
    error_page() calls it too, for the 500 that replaces the response after the hook has run."""
    response.headers.update(SECURITY_HEADERS)


# endregion


# === JSON API ===
# The routes: api.py. Its errors are problems:


# region: errors
def problem(status: int, detail: str, **members: Any) -> str:
    """An RFC 9457 problem, serialized here: Bottle's JSON plugin would say application/json."""
    response.status = status
    response.content_type = "application/problem+json"
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return json.dumps(body | members)


# endregion


# === Login ===
# Sessions and CSRF, which Bottle lacks: security.py. The routes: auth.py.

# === HTML pages ===
# The routes: pages.py; the templates rebase on templates/base.tpl.


# region: templates
# Absolute: Bottle looks for templates in ./ and ./views/, relative to the working directory.
TEMPLATE_PATH = [str(HERE / "templates")]


def render(name: str, **context: Any) -> str:
    """A SimpleTemplate page ({{...}} escapes HTML), with what base.tpl needs on every page."""
    user = getattr(request, "current_user", None)  # unset if a fault came before load_session
    return template(
        name, template_lookup=TEMPLATE_PATH, current_user=user, csrf_token=csrf_token, **context
    )


# endregion


# === Errors ===


# region: errors
RENAMED = {413: "Content Too Large", 422: "Unprocessable Content"}  # by RFC 9110


def title(status: int) -> str:
    """The status's reason phrase, which is also the problem's title."""
    return RENAMED.get(status) or HTTPStatus(status).phrase


def error_page(error: HTTPError) -> str:
    """Every 4xx and 5xx: a problem on JSON paths, the error page elsewhere. Bottle has already
    put the error's status and headers (a 405's Allow) on `response`; a handler returns the body."""
    status = error.status_code
    detail = str(error.body or title(status))
    if status == 404 and "bottle.route" not in request.environ:  # the router's: name the path
        detail = f"There is nothing at {request.path}."  # escaped by the template
    if status >= 500:  # an unhandled exception: Bottle logged it; the client sees no traceback
        detail = "Something went wrong on our side. Try again later."
    set_security_headers()
    if request.path == "/healthz" or request.path.startswith("/api/"):
        return problem(status, detail)
    return render("error.tpl", status=status, title=title(status), detail=detail)


# endregion
