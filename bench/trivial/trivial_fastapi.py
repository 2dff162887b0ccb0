"""FastAPI's own trivial route: a constant JSON response."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
async def trivial() -> dict[str, str]:
    return {"message": "Hello, World!"}
