"""The production server: Tornado's own HTTPServer, in worker processes that share one socket.

python serve.py --host=127.0.0.1 --port=8000 --workers=2
python serve.py --debug    # development: one process that reloads on changes
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import signal
import socket
from types import FrameType

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.options import define, options, parse_command_line
from tornado.process import fork_processes

from app import create_app

define("host", default="127.0.0.1", help="the address to listen on")
define("port", default=8000, type=int, help="the port to listen on")
define("workers", default=2, type=int, help="how many worker processes to fork")
define("debug", default=False, type=bool, help="one process that reloads on changes (not forked)")

# Tornado reads a body whole into memory before a handler sees it, and past this size answers a
# bare 400 itself. The routes that take a body stream it (base.BodyHandler) and answer any size
# with a 413; this bounds what the others (a POST to /, a 404) would hold.
BODY_CAP = 1024 * 1024
GRACE_SECONDS = 5.0  # on SIGTERM, how long requests in flight may take to finish
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


def main() -> None:
    """Bind, fork, then start one IOLoop per worker: Tornado's documented multi-process way."""
    parse_command_line()  # --host=... --port=..., and Tornado's logging
    sockets = bind_sockets(options.port, options.host)
    if options.debug:  # autoreload cannot watch forked workers
        asyncio.run(serve(sockets, lifeline=None))
        return
    # The parent of fork_processes() only waits, restarting any worker that dies, and it keeps
    # the workers' pids to itself. So it tells them to stop through a pipe they all inherit:
    # they watch its read end, and it holds the only write end, which it closes on SIGTERM (or
    # which closes as it dies). Each worker then stops gracefully and exits 0, so it is not
    # restarted, and once all have, fork_processes() exits the parent.
    lifeline, parent_end = os.pipe()

    def stop_workers(signum: int, frame: FrameType | None) -> None:
        """In the parent, on SIGTERM or SIGINT: close the write end the workers are watching."""
        for each in STOP_SIGNALS:
            signal.signal(each, signal.SIG_IGN)  # once is enough
        os.close(parent_end)

    for each in STOP_SIGNALS:
        signal.signal(each, stop_workers)
    fork_processes(options.workers)  # returns only in a worker
    for each in STOP_SIGNALS:
        signal.signal(each, signal.SIG_DFL)  # the parent's handler is not the worker's
    with contextlib.suppress(OSError):  # a worker restarted after SIGTERM finds it closed
        os.close(parent_end)
    if select.select([lifeline], [], [], 0)[0]:
        return  # restarted while the parent stops: exit 0 at once
    try:
        asyncio.run(serve(sockets, lifeline))
    except SystemExit:
        # A setting the app cannot start with (RUN-9): every worker would fail the same way,
        # and fork_processes() would restart them a hundred times. So stop the parent, which
        # then stops them all, as on SIGTERM.
        os.kill(os.getppid(), signal.SIGTERM)
        raise


async def serve(sockets: list[socket.socket], lifeline: int | None) -> None:
    """One worker: its own app (so its own SQLite connections, opened after the fork) serving
    the shared sockets, until SIGTERM, or until the parent closes the pipe."""
    app = create_app({"debug": options.debug})
    server = HTTPServer(app, max_body_size=BODY_CAP)
    server.add_sockets(sockets)
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for each in STOP_SIGNALS:
        loop.add_signal_handler(each, stopping.set)
    if lifeline is not None:
        loop.add_reader(lifeline, stopping.set)  # readable: at its end, the parent has closed it
    await stopping.wait()
    if lifeline is not None:
        loop.remove_reader(lifeline)
    server.stop()  # no new connections; let the requests in flight finish, for a while
    deadline = loop.time() + GRACE_SECONDS
    while app.settings["in_flight"] and loop.time() < deadline:
        await asyncio.sleep(0.05)
    await server.close_all_connections()


if __name__ == "__main__":
    main()
