"""SimpleTemplate, Bottle's own engine: {{...}} escapes HTML, and {{!...}} does not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bottle import request, template

from security import csrf_token

# Absolute: Bottle looks for templates in ./ and ./views/, relative to the working directory.
TEMPLATE_PATH = [str(Path(__file__).parent / "templates")]


def render(name: str, **context: Any) -> str:
    user = getattr(request, "current_user", None)  # unset if a fault came before load_session
    return template(
        name, template_lookup=TEMPLATE_PATH, current_user=user, csrf_token=csrf_token, **context
    )
