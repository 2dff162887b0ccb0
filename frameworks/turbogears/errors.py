"""Errors: a problem (RFC 9457) on JSON paths, the error page elsewhere, and the application
wrapper that makes every error response one of them."""

from __future__ import annotations

import json
import logging
from typing import Any

import tg
from tg.appwrappers.base import ApplicationWrapper
from webob import Response
from webob.exc import WSGIHTTPException

from security import csrf_token, current_user
from shared.checks import MAX_BODY_BYTES, TOO_LARGE, nothing_at, title
from shared.wsgi_body import too_large

log = logging.getLogger(__name__)
SERVER_ERROR = "Something went wrong on our side. Try again later."


def is_json_path(environ: dict[str, Any]) -> bool:
    path = environ.get("PATH_INFO", "")
    return path == "/healthz" or path.startswith("/api/")


def problem(status: int, detail: str, **members: Any) -> Response:
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    data = json.dumps(body | members).encode()
    return Response(data, status=status, content_type="application/problem+json", charset=None)


def error_response(status: int, detail: str, signed_in: bool = True) -> Response:
    """A problem on JSON paths, the error page (in the layout) on every other path."""
    if is_json_path(tg.request.environ):
        return problem(status, detail)
    page = {"status": status, "title": title(status), "detail": detail}
    page |= {"current_user": current_user() if signed_in else None, "csrf_token": csrf_token}
    html = tg.render_template(page, "jinja", "error.html")
    return Response(html, status=status, content_type="text/html", charset="utf-8")


class ErrorPages(ApplicationWrapper):
    """TurboGears runs application wrappers around every dispatch, in its request context. This
    one refuses what the controllers must never see, and rewrites the HTTP exceptions (WebOb's
    plain HTML bodies, from tg.abort, the object dispatcher and expose(allowed_methods=...))."""

    def __call__(self, controller: Any, environ: dict[str, Any], context: Any) -> Response:
        try:
            if too_large(environ, MAX_BODY_BYTES):  # read by ReadBodyFirst (app.py)
                return error_response(413, TOO_LARGE, signed_in=False)
            request = context.request
            if is_json_path(environ):
                # TG passes the query and the form to a controller as its arguments. The API's
                # bodies are JSON, never a form: it gets the query alone, so a body WebOb cannot
                # parse as a form meets the 401, 415 or 400 of its own checks, not a ValueError.
                request.__dict__["args_params"] = request.GET.mixed()
            else:
                request.params.mixed()  # parse the form here, where its faults are a 400
            response = self.next_handler(controller, environ, context)
        except UnicodeDecodeError:  # a path, query or form that is not UTF-8
            return error_response(400, "The request is not valid UTF-8.", signed_in=False)
        except ValueError:  # a form WebOb cannot parse (a multipart body with no boundary)
            return error_response(400, "The form could not be read.", signed_in=False)
        except Exception:
            log.exception("Unhandled exception on %s", environ.get("PATH_INFO"))
            return error_response(500, SERVER_ERROR, signed_in=False)
        if not isinstance(response, WSGIHTTPException) or response.status_int < 400:
            return response
        detail = response.detail or nothing_at(tg.request.path_info)  # the dispatcher's 404
        if response.status_int == 405:
            detail = f"{tg.request.method} is not allowed here."
        fixed = error_response(response.status_int, detail)
        if "Allow" in response.headers:
            fixed.headers["Allow"] = response.headers["Allow"]
        return fixed
