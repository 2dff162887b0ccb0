"""The template engine: Starlette's `Jinja2Templates`, which autoescapes `.html` templates, so
text from clients shows as text. A context processor gives every page what its header needs."""

import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from deps import current_user

HERE = Path(__file__).parent


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use; each form echoes it in a hidden input."""
    return request.session.setdefault("csrf_token", secrets.token_urlsafe(32))


def account_context(request: Request) -> dict[str, Any]:
    """What base.html needs on every page, error pages included, which no dependency reaches.
    Every template is rendered in the thread pool, so it may query the store."""
    return {"current_user": current_user(request), "csrf_token": lambda: csrf_token(request)}


templates = Jinja2Templates(directory=HERE / "templates", context_processors=[account_context])
