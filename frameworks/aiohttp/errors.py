"""What goes wrong: a problem (RFC 9457) on JSON paths, the error page (in the layout) on HTML
paths, for every error: ours, the router's 404 and 405, aiohttp's own 413, and any fault."""

import asyncio
import logging
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from aiohttp.typedefs import Handler

from shared.checks import SIGN_IN_FIRST, TOO_LARGE, nothing_at, title

log = logging.getLogger(__name__)


def is_json_path(path: str) -> bool:
    return path == "/healthz" or path.startswith("/api/")


def problem(status: int, detail: str, **members: Any) -> web.Response:
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return web.json_response(body | members, status=status, content_type="application/problem+json")


def error_response(request: web.Request, status: int, detail: str) -> web.StreamResponse:
    if is_json_path(request.path):
        return problem(status, detail)
    context = {"status": status, "title": title(status), "detail": detail}
    return aiohttp_jinja2.render_template("error.html", request, context, status=status)


def detail_of(request: web.Request, error: web.HTTPException) -> str:
    """Our own sentence (`text=`), or one for aiohttp's errors, whose text is "404: Not Found"."""
    if error.text and not error.text.startswith(f"{error.status}: "):
        return error.text
    return {
        401: SIGN_IN_FIRST,
        404: nothing_at(request.path),  # Jinja escapes it on the page
        405: f"{request.method} is not allowed here.",
        413: TOO_LARGE,
    }.get(error.status, "The request could not be handled.")


async def is_missing_static_file(request: web.Request) -> bool:
    """aiohttp's static route leaves this to FileResponse, which answers a bare 404 as it is
    sent, past every middleware (aiohttp#8538). It refuses ".." itself."""
    resource = request.match_info.route.resource
    if not isinstance(resource, web.StaticResource):
        return False
    path = resource.get_info()["directory"] / request.match_info["filename"]
    return not await asyncio.to_thread(path.is_file)


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """aiohttp raises its HTTP errors (`web.HTTPNotFound`...), so one middleware renders all."""
    try:
        if await is_missing_static_file(request):
            raise web.HTTPNotFound()
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400:  # a redirect (`raise web.HTTPSeeOther`) goes out as it is
            raise
        response = error_response(request, error.status, detail_of(request, error))
        if "Allow" in error.headers:  # a 405's
            response.headers["Allow"] = error.headers["Allow"]
        return response
    except Exception:
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return error_response(request, 500, "Something went wrong on our side. Try again later.")
