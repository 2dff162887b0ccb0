"""Sanic's own trivial route: a constant JSON response, the floor under the Quotes app's cost."""

from sanic import HTTPResponse, Request, Sanic, json

app = Sanic("trivial")


@app.get("/")
async def trivial(request: Request) -> HTTPResponse:
    return json({"message": "Hello, World!"})
