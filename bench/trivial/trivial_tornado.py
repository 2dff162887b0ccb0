"""Tornado's own trivial route: a constant JSON response, on Tornado's pre-fork server.

python trivial_tornado.py --host 127.0.0.1 --port 8000 --workers 2
"""

import argparse
import asyncio

import tornado.web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.process import fork_processes


class Trivial(tornado.web.RequestHandler):
    def get(self) -> None:
        self.write({"message": "Hello, World!"})


async def serve(sockets: list) -> None:
    HTTPServer(tornado.web.Application([("/", Trivial)])).add_sockets(sockets)
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    sockets = bind_sockets(args.port, args.host)
    fork_processes(args.workers)
    asyncio.run(serve(sockets))
