"""Refusing to start on a bad setting: plain Python, no framework code."""

from __future__ import annotations

import atexit
import os
import sys
from typing import NoReturn

STARTUP_FAILURE = 3  # the exit status by which a worker tells gunicorn and uvicorn it cannot start


def refuse_to_start(message: str) -> NoReturn:
    """Print one line that names the setting and what to do (never a secret), then end the
    worker with status 3. gunicorn ("Worker failed to boot") and uvicorn ("failed to start")
    then stop the whole server, where any other failure would have them start the worker again
    and again; and SystemExit is the one exception they pass on without a traceback."""
    print(f"Configuration error: {message}", file=sys.stderr, flush=True)
    atexit.register(end_now)
    raise SystemExit(STARTUP_FAILURE)


def end_now() -> None:
    """Once the SystemExit has unwound (so whatever catches it has had its say), end the
    process without Python's teardown of every module, a tenth of a second or more that a
    refusing process has no use for: uvicorn's supervisor pings each worker every half second,
    and a worker that stops answering during that teardown costs its whole 5 s wait."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(STARTUP_FAILURE)
