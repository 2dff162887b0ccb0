"""The references: a bare WSGI callable and a bare ASGI app doing the implementations' work.

No framework: the same SQLite store (shared_spec/store.py), the same JSON, the same Jinja2
templates (Flask's copy), so `implementation / bare` is the share of what Python on this server
can do that a framework leaves. Only what the benchmark asks for is here: no CSRF, no security
headers, no error pages. The signed-in page reads a plain `sid` cookie (no signature to check).

    gunicorn 'bare:create_wsgi()'      uvicorn bare:create_asgi --factory
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from jinja2 import Environment, FileSystemLoader, select_autoescape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the server runs this file from bench/

from shared_spec.checks import parse_ascii_int  # noqa: E402
from shared_spec.store import Store  # noqa: E402

TEMPLATES = ROOT / "frameworks" / "flask" / "templates"
JSON = "application/json"
HTML = "text/html; charset=utf-8"


class Bare:
    """The routes, as a plain function of (method, path, query, cookie) to (status, type, body)."""

    def __init__(self) -> None:
        self.store = Store(os.environ["QUOTES_DB"], ROOT / "shared_spec")
        self.jinja = Environment(
            loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True)
        )

    def handle(self, path: str, query: str, cookie: str) -> tuple[int, str, bytes]:
        if path == "/healthz":
            return 200, JSON, b'{"status": "ok"}'
        if path == "/trivial":  # the bare counterpart of each framework's trivial route
            return 200, JSON, b'{"message": "Hello, World!"}'
        if path == "/api/quotes":
            args = parse_qs(query)
            limit = parse_ascii_int(args.get("limit", ["20"])[0]) or 20
            items, total = self.store.list_quotes(limit, 0, "")
            body = {"items": items, "total": total, "limit": limit, "offset": 0}
            return 200, JSON, json.dumps(body).encode()
        if path.startswith("/api/quotes/"):
            quote = self.store.quote_by_id(parse_ascii_int(path[12:]) or 0)
            if quote is None:
                return 404, JSON, b'{"status": 404}'
            return 200, JSON, json.dumps(quote).encode()
        if path == "/":
            morsel = SimpleCookie(cookie).get("sid")
            page = self.jinja.get_template("index.html").render(
                current_user=self.store.session_user(morsel.value if morsel else None),
                csrf_token=lambda: secrets.token_urlsafe(32),
                featured=self.store.random_quote(),
                latest=self.store.newest_quotes(20),
            )
            return 200, HTML, page.encode()
        return 404, JSON, b'{"status": 404}'


def create_wsgi() -> Callable[..., Iterable[bytes]]:
    """The WSGI reference; gunicorn and granian call this in each worker."""
    bare = Bare()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        status, kind, body = bare.handle(
            environ["PATH_INFO"], environ.get("QUERY_STRING", ""), environ.get("HTTP_COOKIE", "")
        )
        headers = [("Content-Type", kind), ("Content-Length", str(len(body)))]
        start_response(f"{status} {'OK' if status == 200 else 'Not Found'}", headers)
        return [body]

    return app


def create_asgi() -> Callable[..., Any]:
    """The ASGI reference; its SQLite calls run on the loop, as short as they are."""
    bare = Bare()

    async def app(scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]):
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        headers = dict(scope["headers"])
        status, kind, body = bare.handle(
            scope["path"], scope["query_string"].decode(), headers.get(b"cookie", b"").decode()
        )
        response_headers = [
            (b"content-type", kind.encode()),
            (b"content-length", b"%d" % len(body)),
        ]
        await send({"type": "http.response.start", "status": status, "headers": response_headers})
        await send({"type": "http.response.body", "body": body})

    return app
