"""Bottle's own trivial route: a constant JSON response (a dict becomes JSON)."""

import bottle

app = bottle.Bottle()


@app.get("/")
def trivial() -> dict[str, str]:
    return {"message": "Hello, World!"}
