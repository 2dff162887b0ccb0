"""The page blueprint: Jinja2 templates that extend templates/base.html and escape what they show.

The static files need no route here: Quart serves its static folder (shared/static) at /static.
"""

from __future__ import annotations

from quart import Blueprint, render_template
from quart.utils import run_sync

from db import get_store
from shared.store import Quote

bp = Blueprint("pages", __name__)


def featured_and_latest() -> tuple[Quote | None, list[Quote]]:
    store = get_store()
    return store.random_quote(), store.newest_quotes(20)


@bp.get("/")
async def index() -> str:
    # Async to await the template; the blocking SQLite reads go to Quart's thread pool.
    featured, latest = await run_sync(featured_and_latest)()
    return await render_template("index.html", featured=featured, latest=latest)
