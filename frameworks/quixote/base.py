"""What every callable of the URL tree uses: the methods it answers, form values as text, and
the redirect after a POST."""

from __future__ import annotations

from quixote import get_field, get_request, get_response
from quixote.errors import MethodNotAllowedError


def allow(*methods: str) -> None:
    """Refuse any other method with Quixote's 405, whose Allow header names these (and HEAD
    with GET): a callable at the end of a path answers every method unless it says otherwise."""
    allowed = [*methods, "HEAD"] if "GET" in methods else list(methods)
    if get_request().get_method() not in allowed:
        raise MethodNotAllowedError(allowed)


def text_field(name: str, default: str = "") -> str | None:
    """The value of `name` when it was sent once, `default` when not at all, None when repeated:
    Quixote's request.form holds the query and an urlencoded body together, a repeat as a list."""
    value = get_field(name, default)
    return value if isinstance(value, str) else None


def see_other(location: str) -> str:
    """303 See Other: the browser follows with a GET, so reloading never re-sends the form.
    (quixote.redirect() says 302, or 301 when permanent.)"""
    response = get_response()
    response.set_status(303)
    response.set_header("Location", location)
    return ""
