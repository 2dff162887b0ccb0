"""The one Chromium launcher, for the app's browser checks (tests/browser) and the site's."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

SYSTEM_CHROMIUM = Path(os.environ.get("ROSETTA_CHROMIUM", "/usr/bin/chromium"))


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Chromium: Debian's (or $ROSETTA_CHROMIUM) when installed, else Playwright's own
    (`playwright install chromium`); no sandbox, since CI runs as root."""
    with sync_playwright() as playwright:
        options: dict[str, object] = {"headless": True, "chromium_sandbox": False}
        if SYSTEM_CHROMIUM.exists():
            options["executable_path"] = str(SYSTEM_CHROMIUM)
        browser = playwright.chromium.launch(**options)
        yield browser
        browser.close()
