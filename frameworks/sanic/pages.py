"""The HTML page: a blueprint whose handler renders a Jinja2 template (sanic-ext's `render`)."""

import asyncio

from sanic import Blueprint, HTTPResponse, Request
from sanic_ext import render

from db import get_store

bp = Blueprint("pages")


@bp.get("/")
async def index(request: Request) -> HTTPResponse:
    """A featured random quote and the 20 newest."""
    store = get_store(request)
    featured = await asyncio.to_thread(store.random_quote)
    latest = await asyncio.to_thread(store.newest_quotes, 20)
    return await render("index.html", context={"featured": featured, "latest": latest})
