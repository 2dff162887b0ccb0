"""The words and bodies of error responses: BaseHandler.write_error answers every error with
them, a problem (RFC 9457) on JSON paths and the error page on every other path."""

from __future__ import annotations

from typing import Any

from shared.checks import TOO_LARGE, nothing_at, title


def problem(status: int, detail: str, **members: Any) -> dict[str, Any]:
    body = {"type": "about:blank", "title": title(status), "status": status, "detail": detail}
    return body | members


def default_detail(status: int, method: str, path: str) -> str:
    """The detail of an error that Tornado raises with no message for a person, or of a fault
    (whose own message is never shown)."""
    return {
        404: nothing_at(path),  # escaped by the template, as everything is
        405: f"{method} is not allowed here.",
        413: TOO_LARGE,
        500: "Something went wrong on our side. Try again later.",
    }.get(status, "The request could not be handled.")
