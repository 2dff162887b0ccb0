"""What goes wrong: a problem (RFC 9457) on JSON paths, the error page on HTML paths. FastAPI's
own handlers answer {"detail": ...} JSON everywhere; `create_app()` registers these instead."""

from http import HTTPStatus
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException
from starlette.routing import Match

from middleware import SECURITY_HEADERS
from shared.checks import INVALID_QUOTE, nothing_at, title
from templating import templates


class Problem(BaseModel):
    """An RFC 9457 problem: the body of every error on a JSON path."""

    type: str
    title: str
    status: int
    detail: str


class ValidationProblem(Problem):
    """A 422 problem: `errors` maps each offending member of the quote to a message."""

    errors: dict[str, str]


def problem(status: int, detail: str, **members: Any) -> Response:
    """An RFC 9457 problem response, its shape the Problem model's."""
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return JSONResponse(body | members, status, media_type="application/problem+json")


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses` of a path operation that may answer these problems, for OpenAPI."""
    return {
        status: {
            "description": title(status),
            "content": {
                "application/problem+json": {
                    "schema": (ValidationProblem if status == 422 else Problem).model_json_schema()
                }
            },
        }
        for status in statuses
    }


def error_response(request: Request, status: int, detail: str) -> Response:
    """A problem on JSON paths, the error page (in the layout) on every other path."""
    if request.url.path == "/healthz" or request.url.path.startswith("/api/"):
        return problem(status, detail)
    context = {"status": status, "title": title(status), "detail": detail}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


def http_error(request: Request, exc: HTTPException) -> Response:
    """Every HTTPException: ours, the router's 404 and 405, and the body limit's 413."""
    detail = exc.detail
    if detail == HTTPStatus(exc.status_code).phrase:  # Starlette's own, with no sentence
        detail = {
            404: nothing_at(request.url.path),  # Jinja escapes it on the page
            405: f"{request.method} is not allowed here.",
        }.get(exc.status_code, "The request could not be handled.")
    response = error_response(request, exc.status_code, detail)
    response.headers.update(exc.headers or {})  # StaticFiles' 405 brings its Allow
    if exc.status_code == 405 and (allowed := allowed_methods(request)):
        response.headers["Allow"] = allowed
    return response


def allowed_methods(request: Request) -> str:
    """Every method the path answers. FastAPI makes a route per method, and the router's 405
    lists only the methods of the first route whose path matched."""
    routes = [route for router in request.app.state.routers for route in router.routes]
    matching = [route for route in routes if route.matches(request.scope)[0] != Match.NONE]
    return ", ".join(sorted({method for route in matching for method in route.methods}))


def invalid_request(request: Request, exc: RequestValidationError) -> Response:
    """FastAPI's 422 for any invalid input, reshaped: a quote that breaks NewQuote (api.py) is
    SPEC's 422 with `errors`; a bad query value or form field is a 400."""
    errors = {str(error["loc"][-1]): error["msg"] for error in exc.errors()}
    if request.url.path.startswith("/api/") and exc.errors()[0]["loc"][0] == "body":
        return problem(422, INVALID_QUOTE, errors=errors)
    detail = "; ".join(f"{name}: {message}" for name, message in errors.items())
    return error_response(request, 400, f"Invalid request ({detail}).")


def server_error(request: Request, exc: Exception) -> Response:
    """Any other exception: a 500 with no traceback (uvicorn logs it)."""
    response = error_response(request, 500, "Something went wrong on our side. Try again later.")
    # FastAPI's ServerErrorMiddleware, which calls this, wraps all user middleware.
    response.headers.update(SECURITY_HEADERS)
    return response
