"""Refusing to start on a bad setting: plain Python, no framework code."""

from __future__ import annotations

import sys
from typing import NoReturn

STARTUP_FAILURE = 3  # the exit status by which a worker tells gunicorn and uvicorn it cannot start


def refuse_to_start(message: str) -> NoReturn:
    """Print one line that names the setting and what to do (never a secret), then end the
    worker with status 3. gunicorn ("Worker failed to boot") and uvicorn ("failed to start")
    then stop the whole server, where any other failure would have them start the worker again
    and again; and SystemExit is the one exception they pass on without a traceback."""
    print(f"Configuration error: {message}", file=sys.stderr, flush=True)
    raise SystemExit(STARTUP_FAILURE)
