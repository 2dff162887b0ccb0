"""Quart's own trivial route: a constant JSON response, the floor under the Quotes app's cost."""

from quart import Quart

app = Quart(__name__)


@app.get("/")
async def trivial() -> dict[str, str]:
    return {"message": "Hello, World!"}
