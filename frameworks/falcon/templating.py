"""Jinja2 for the HTML pages: Falcon has no template engine of its own."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import falcon
import jinja2

templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,  # every template here is HTML: escape whatever a client sent
)


def csrf_token(req: falcon.Request) -> str:
    """This session's CSRF token, made on first use; each form echoes it in a hidden input."""
    return req.context.session.setdefault("csrf_token", secrets.token_urlsafe(32))


def render(req: falcon.Request, resp: falcon.Response, name: str, **context: Any) -> None:
    """Render a template into `resp`, with what base.html needs on every page."""
    resp.content_type = falcon.MEDIA_HTML  # text/html; charset=utf-8
    resp.text = templates.get_template(name).render(
        current_user=req.context.get("user"), csrf_token=lambda: csrf_token(req), **context
    )
