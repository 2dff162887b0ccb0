"""Checks live JSON responses against shared_spec/openapi.yaml (API-18).

Every response the suite's HTTP client receives on a JSON path passes through
`check_response`, so each test that talks to the API also checks the API's documented shape.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import httpx
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from servers import SHARED

DOCUMENT_URI = "urn:rosetta:openapi"


@cache
def document() -> dict[str, Any]:
    return yaml.safe_load((SHARED / "openapi.yaml").read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    resource = Resource.from_contents(document(), default_specification=DRAFT202012)
    return Registry().with_resource(DOCUMENT_URI, resource)


def is_json_path(path: str) -> bool:
    return path == "/healthz" or path.startswith("/api/")


def path_template(path: str) -> str | None:
    """The documented path that `path` matches: literal templates win over parameters."""
    templates = sorted(document()["paths"], key=lambda t: ("{" in t, t))
    for template in templates:
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return template
    return None


def schema_errors(instance: Any, pointer: str) -> list[str]:
    """What is wrong with `instance` under the schema at `pointer` in the document."""
    validator = Draft202012Validator({"$ref": f"{DOCUMENT_URI}#{pointer}"}, registry=_registry())
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<body>'}: {e.message}"
        for e in validator.iter_errors(instance)
    ]


def _pointer(*parts: str) -> str:
    return "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def expected_schema(method: str, path: str, status: int, media_type: str) -> str:
    """The JSON pointer of the documented schema; an AssertionError names what is undocumented."""
    template = path_template(path)
    problem = "/components/schemas/Problem"
    if template is None:
        assert status >= 400, f"{method} {path} answered {status}, but no such path is documented"
        return problem
    operation = document()["paths"][template].get(method.lower())
    if operation is None:
        assert status in (404, 405), (
            f"{method} {template} answered {status}; the method is undocumented"
        )
        return problem
    responses = operation["responses"]
    assert str(status) in responses, f"{method} {template}: status {status} is not documented"
    response = responses[str(status)]
    if "$ref" in response:
        name = response["$ref"].rsplit("/", 1)[-1]
        response = document()["components"]["responses"][name]
        base = ("components", "responses", name)
    else:
        base = ("paths", template, method.lower(), "responses", str(status))
    content = response.get("content", {})
    assert media_type in content, (
        f"{method} {template} {status}: {media_type!r} is undocumented ({list(content)} are)"
    )
    return _pointer(*base, "content", media_type, "schema")


def check_response(response: httpx.Response) -> None:
    """An httpx response hook: fail loudly when a JSON-path response breaks the document."""
    request = response.request
    if not is_json_path(request.url.path) or request.method == "HEAD":
        return
    response.read()
    if response.status_code == 204:
        assert response.content == b"", "a 204 must have no body"
        return
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    pointer = expected_schema(request.method, request.url.path, response.status_code, media_type)
    try:
        body = json.loads(response.content)
    except ValueError as error:
        raise AssertionError(
            f"{request.method} {request.url.path}: body is not JSON: {error}"
        ) from None
    errors = schema_errors(body, pointer)
    assert not errors, (
        f"{request.method} {request.url.path} {response.status_code} breaks openapi.yaml: {errors}"
    )
