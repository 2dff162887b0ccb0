"""The template engine: Starlette's `Jinja2Templates`, which autoescapes `.html` templates, so
text from clients shows as text. A context processor gives every page what its header needs."""

import secrets
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.templating import Jinja2Templates

HERE = Path(__file__).parent


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made on first use; each form echoes it in a hidden input."""
    return request.session.setdefault("csrf_token", secrets.token_urlsafe(32))


def account_context(request: Request) -> dict[str, Any]:
    """What base.html needs on every page, error pages included."""
    user = request.scope.get("user")  # absent when a fault came before authentication
    return {
        "current_user": user.display_name if user and user.is_authenticated else None,
        "csrf_token": lambda: csrf_token(request),
    }


templates = Jinja2Templates(directory=HERE / "templates", context_processors=[account_context])
