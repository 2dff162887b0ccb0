"""The page blueprint: Jinja2 templates that extend templates/base.html and escape what they show.

The static files need no route here: Flask serves its static folder (shared/static) at /static.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from db import get_store

bp = Blueprint("pages", __name__)


@bp.get("/")
def index() -> str:
    store = get_store()
    return render_template(
        "index.html", featured=store.random_quote(), latest=store.newest_quotes(20)
    )
