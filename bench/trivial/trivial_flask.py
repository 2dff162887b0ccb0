"""Flask's own trivial route: a constant JSON response, the floor under the Quotes app's cost."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def trivial() -> dict[str, str]:
    return {"message": "Hello, World!"}
