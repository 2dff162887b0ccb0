"""aiohttp's own trivial route: a constant JSON response.

gunicorn trivial_aiohttp:app --worker-class aiohttp.GunicornWebWorker --workers 2
"""

from aiohttp import web


async def trivial(request: web.Request) -> web.Response:
    return web.json_response({"message": "Hello, World!"})


app = web.Application()
app.router.add_get("/", trivial)
