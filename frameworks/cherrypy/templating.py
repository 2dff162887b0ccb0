"""Jinja2, set up by hand: CherryPy has no template engine of its own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cherrypy
from jinja2 import Environment, FileSystemLoader

# Jinja2's autoescape is off unless asked for (the Jinja tool on CherryPy's wiki leaves it off):
# on here, so text from clients is escaped.
templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True
)


def render(name: str, **context: Any) -> str:
    """A template, with who is signed in for base.html's header."""
    request = cherrypy.serving.request
    context.setdefault("current_user", getattr(request, "current_user", None))
    return templates.get_template(name).render(context)
