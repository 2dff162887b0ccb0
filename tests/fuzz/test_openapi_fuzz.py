"""Property-based fuzzing of the JSON API from shared_spec/openapi.yaml, with schemathesis.

For every documented operation, schemathesis makes requests that fit the document and requests
that break it, sent signed out and signed in, and checks every response: no server error, a
status the document lists for the operation, the documented Content-Type and headers, and a
body that matches the documented schema.
"""

from __future__ import annotations

import copy

import pytest
import schemathesis
from hypothesis import given
from hypothesis import strategies as st
from schemathesis import APIOperation, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from servers import SHARED, Server

SCHEMA = schemathesis.openapi.from_path(SHARED / "openapi.yaml")
# No made-up session cookie: the signed-in runs send a real one.
SCHEMA.config.generation.update(with_security_parameters=False)
OPERATIONS = {op.label: op for op in (result.ok() for result in SCHEMA.get_all_operations())}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# 414 URI Too Long, 431 Request Header Fields Too Large: no app here answers these; servers
# (gunicorn past 4,094 bytes of request line) do, and SPEC.md exempts the server's own refusals.
SERVER_REFUSALS = {414, 431}


def fuzz(server: Server, operation: APIOperation, headers: dict[str, str]) -> None:
    """Send the operation's generated cases (valid and invalid) and check every response."""
    cases = st.one_of(operation.as_strategy(mode) for mode in GenerationMode)

    @given(case=cases)
    def each(case: schemathesis.Case) -> None:
        response = case.call(base_url=server.base_url, headers=headers)
        if response.status_code in SERVER_REFUSALS:
            return  # the HTTP server's own answer, before the app saw the request (SPEC.md)
        case.validate_response(response, checks=CHECKS)

    each()


@pytest.mark.suite
def test_fuzzing_can_fail(server: Server) -> None:
    """A document the server does not match makes the run fail: passing means a thing."""
    document = copy.deepcopy(SCHEMA.raw_schema)
    document["components"]["schemas"]["Health"]["properties"]["status"] = {"const": "down"}
    wrong = schemathesis.openapi.from_dict(document)
    with pytest.raises(BaseExceptionGroup):  # schemathesis' FailureGroup of what it found
        fuzz(server, wrong["/healthz"]["GET"], {})


@pytest.mark.req("API-18", "SEC-3")
@pytest.mark.parametrize("label", list(OPERATIONS))
def test_signed_out(server: Server, label: str) -> None:
    """Generated requests without a session get documented, well-formed answers."""
    fuzz(server, OPERATIONS[label], {})


@pytest.mark.req("API-18", "SEC-3")
@pytest.mark.parametrize("label", list(OPERATIONS))
def test_signed_in(server: Server, session_cookie: str, label: str) -> None:
    """Generated requests with a signed-in session get documented, well-formed answers."""
    fuzz(server, OPERATIONS[label], {"cookie": session_cookie})
