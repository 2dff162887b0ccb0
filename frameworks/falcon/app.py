"""The Quotes app on Falcon: the factory and what every request shares (see SPEC.md).

The resources live by feature, as in the Flask version: api.py, auth.py and pages.py. As in
Falcon's asgilook tutorial, the factory builds each resource with the store it needs.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

import falcon
import jinja2

from middleware import BodyLimit, SecurityHeaders
from shared.store import Store

HERE = Path(__file__).parent
MAX_BODY_BYTES = 65_536

# === Configuration ===


# region: configuration
def create_app(settings: dict[str, str] | None = None) -> falcon.App:
    """Build the app; `settings` override the environment (QUOTES_DB, SECRET_KEY, ...)."""
    import api  # imported here: these modules import helpers from this one
    import auth
    import pages

    config = {**os.environ, **(settings or {})}
    # gunicorn calls this in each worker (no --preload): each opens its own SQLite connections.
    store = Store(config.get("QUOTES_DB") or HERE / "quotes.db", seed_dir=HERE)
    secret_key = config.get("SECRET_KEY") or store.secret_key()  # kept in the DB: workers share it
    # process_request runs down this list, process_response back up it, for every response.
    middleware = [SecurityHeaders(), auth.Sessions(store, secret_key), BodyLimit(MAX_BODY_BYTES)]
    app = falcon.App(middleware=middleware)
    # Falcon marks every cookie Secure unless told otherwise (development runs on plain HTTP).
    app.resp_options.secure_cookies_by_default = config.get("SESSION_COOKIE_SECURE") == "1"
    app.resp_options.static_media_types[".css"] = "text/css; charset=utf-8"  # no charset by default
    app.router_options.converters["quote_id"] = api.QuoteIdConverter
    app.add_route("/", pages.Index(store))
    app.add_route("/healthz", api.Health())
    quotes = api.Quotes(store)
    app.add_route("/api/quotes", quotes)
    app.add_route("/api/quotes/random", quotes, suffix="random")  # a literal beats a field
    app.add_route("/api/quotes/{quote_id:quote_id}", quotes, suffix="item")
    app.add_route("/login", auth.Login(store))
    app.add_route("/logout", auth.Logout(store))
    app.add_static_route("/static", HERE / "static")  # refuses "..", "\\" and "//"
    app.set_error_serializer(serialize_error)
    return app


# endregion

# === Security headers ===
# On every response, by the SecurityHeaders middleware (middleware.py).

# === JSON API ===
# The resources: api.py. Every request body, on every route, first passes the BodyLimit
# middleware (middleware.py). Their errors are problems:


# region: errors
def problem(resp: falcon.Response, status: int, detail: str, **members: Any) -> None:
    """Make `resp` an RFC 9457 problem."""
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    resp.status = status
    resp.content_type = "application/problem+json"
    resp.text = json.dumps(body | members)


# endregion

# === Login ===
# The session middleware, the CSRF hook and the resources: auth.py. The token the forms carry:


# region: csrf
def csrf_token(req: falcon.Request) -> str:
    """This session's CSRF token, made on first use; each form echoes it in a hidden input."""
    return req.context.session.setdefault("csrf_token", secrets.token_urlsafe(32))


# endregion

# === HTML pages ===
# The resource: pages.py; the templates extend templates/base.html.

# region: templates
templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,  # every template here is HTML: escape whatever a client sent
)


def render(req: falcon.Request, resp: falcon.Response, name: str, **context: Any) -> None:
    """Render a template into `resp`, with what base.html needs on every page."""
    resp.content_type = falcon.MEDIA_HTML  # text/html; charset=utf-8
    resp.text = templates.get_template(name).render(
        current_user=req.context.get("user"), csrf_token=lambda: csrf_token(req), **context
    )


# endregion

# === Errors ===


# region: errors
def title(status: int) -> str:
    """The status's reason phrase, which is also the problem's title."""
    # Falcon 4 already says "413 Content Too Large"; 422 it still calls "Unprocessable Entity".
    return "Unprocessable Content" if status == 422 else falcon.code_to_http_status(status)[4:]


def serialize_error(req: falcon.Request, resp: falcon.Response, error: falcon.HTTPError) -> None:
    """Every HTTPError, the router's 404 and 405 and the 500 Falcon makes of any other exception
    included. Falcon's default serializer writes JSON only to clients that accept it: a browser
    asking for HTML got an empty body."""
    status = error.status_code
    detail = error.description or {
        404: f"There is nothing at {req.path}.",  # Jinja escapes it on the page
        405: f"{req.method} is not allowed here.",
        500: "Something went wrong on our side. Try again later.",  # the traceback goes to the log
    }.get(status, "The request could not be handled.")
    if req.path == "/healthz" or req.path.startswith("/api/"):
        problem(resp, status, detail)
    else:  # Falcon has already set the status, and any headers (a 405's Allow)
        render(req, resp, "error.html", status=status, title=title(status), detail=detail)


# endregion
