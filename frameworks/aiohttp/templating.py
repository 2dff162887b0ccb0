"""The template engine: aiohttp-jinja2, whose `setup()` turns Jinja2's autoescape on, so text
from clients shows as text. Its context processor gives every page, error pages included, what
the header needs."""

from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from aiohttp_session import get_session

from security import csrf_token, current_user

HERE = Path(__file__).parent


async def account_context(request: web.Request) -> dict[str, Any]:
    """Run by aiohttp-jinja2's middleware before each handler; merged into every render."""
    session = await get_session(request)
    return {"current_user": await current_user(request), "csrf_token": lambda: csrf_token(session)}


def setup_templates(app: web.Application) -> None:
    loader = jinja2.FileSystemLoader(HERE / "templates")
    aiohttp_jinja2.setup(app, loader=loader, context_processors=[account_context])
