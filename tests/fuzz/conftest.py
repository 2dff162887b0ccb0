"""Fixtures for fuzzing the live server: a signed-in session, and Hypothesis's bounds.

Run with `nox -s fuzz` (or `pytest tests/fuzz --impl NAME`). The fixtures of the suite above
(`--impl`, `server`, the requirement marks) apply here too.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from servers import Server
from support import cookie_header, new_client, sign_in

# Bounded so that every implementation together stays within a few minutes, and derandomized
# so that a run fails the same way twice; `--hypothesis-profile explore` searches wider.
settings.register_profile(
    "rosetta",
    max_examples=100,
    deadline=None,  # the server's latency is not what is under test
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.register_profile(
    "explore", settings.get_profile("rosetta"), max_examples=500, derandomize=False
)
settings.load_profile("rosetta")


@pytest.fixture(scope="session")
def session_cookie(server: Server) -> str:
    """The Cookie header of a session in which demo has logged in through the form."""
    with new_client(server.base_url) as client:
        return cookie_header(sign_in(client).cookies)
