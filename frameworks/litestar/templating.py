"""Litestar's `TemplateConfig` with its `JinjaTemplateEngine` (autoescaping), which puts
`request` and `csrf_token()` into every template itself; `current_user()` is added here."""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

HERE = Path(__file__).parent


def current_user(context: Mapping[str, Any]) -> str | None:
    """Who is signed in: the auth middleware's `user`, absent when the router refused the
    request (a 404 or 405) before any middleware ran."""
    return context["request"].scope.get("user")


def register_callables(engine: JinjaTemplateEngine) -> None:
    engine.register_template_callable("current_user", current_user)


template_config = TemplateConfig(
    directory=HERE / "templates", engine=JinjaTemplateEngine, engine_callback=register_callables
)
