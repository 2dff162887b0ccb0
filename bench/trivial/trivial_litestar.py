"""Litestar's own trivial route: a constant JSON response."""

from litestar import Litestar, get


@get("/")
async def trivial() -> dict[str, str]:
    return {"message": "Hello, World!"}


app = Litestar(route_handlers=[trivial])
