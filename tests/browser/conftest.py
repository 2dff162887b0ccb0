"""Chromium for the browser checks, driven by Playwright against the production server.

Run with `nox -s browser` (or `pytest tests/browser --impl NAME`). The fixtures of the suite
above (`--impl`, `server`, the requirement marks) apply here too. Chromium is Debian's
(`/usr/bin/chromium`, or $ROSETTA_CHROMIUM) when it is installed, else Playwright's own
(`playwright install chromium`); the sandbox is off because CI runs as root.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tools.chromium import chromium

from browsing import VIEWPORT, Problems
from servers import Server

# Recorded in the page itself, since Chromium reports some violations only as events.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def problems() -> Problems:
    return Problems()


@pytest.fixture
def page(browser: Browser, server: Server, problems: Problems) -> Iterator[Page]:
    """A fresh browser tab (no cookies) on the implementation, recording what went wrong."""
    context = browser.new_context(
        base_url=server.base_url, viewport=VIEWPORT, device_scale_factor=1, locale="en-US"
    )
    context.expose_binding("reportCspViolation", lambda _source, text: problems.csp.append(text))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    tab = context.new_page()
    tab.on("response", problems.on_response)
    tab.on("console", problems.on_console)
    tab.on("pageerror", lambda error: problems.console.append(f"uncaught: {error}"))
    yield tab
    context.close()
