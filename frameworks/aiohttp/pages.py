"""The HTML page: a Jinja2 template that extends templates/base.html."""

import asyncio

import aiohttp_jinja2
from aiohttp import web

from db import get_store

routes = web.RouteTableDef()


@routes.get("/")
@aiohttp_jinja2.template("index.html")
async def index(request: web.Request) -> dict[str, object]:
    """A featured random quote and the 20 newest."""
    store = get_store(request)
    featured = await asyncio.to_thread(store.random_quote)
    return {"featured": featured, "latest": await asyncio.to_thread(store.newest_quotes, 20)}
