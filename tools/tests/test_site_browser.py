"""The built site in Chromium: every feature page shows every implementation, the chooser
works without JavaScript, nothing breaks the strict CSP, and axe-core finds nothing serious.

The site is served from 127.0.0.1 with `Content-Security-Policy: default-src 'self'`, the app's
own policy. Screenshots go to build/screenshots/site-*.png.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from tools.chromium import chromium
from tools.regions import spec_region_names

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("SITE_DIR", ROOT / "build" / "site"))
SCREENSHOTS = ROOT / "build" / "screenshots"
FEATURES = spec_region_names((ROOT / "shared_spec" / "SPEC.md").read_text(encoding="utf-8"))
IMPLEMENTATIONS = sorted(p.parent.name for p in (ROOT / "frameworks").glob("*/manifest.toml"))
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


class StrictHandler(SimpleHTTPRequestHandler):
    """Static files, under the app's CSP; quiet."""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", "default-src 'self'")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    if not (SITE / "index.html").exists():
        pytest.fail(f"no site in {SITE}: build it first (nox -s site)")
    handler = functools.partial(StrictHandler, directory=str(SITE))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def errors() -> list[str]:
    return []


@pytest.fixture
def page(browser: Browser, site_url: str, errors: list[str]) -> Iterator[Page]:
    """A tab on the site that records console errors and CSP violations."""
    context = browser.new_context(base_url=site_url, viewport={"width": 1400, "height": 900})
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    tab = context.new_page()

    def record(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(f"{message.location.get('url')}: {message.text}")

    tab.on("console", record)
    tab.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    yield tab
    context.close()


@pytest.mark.parametrize("feature", FEATURES)
def test_feature_page_shows_every_implementation(
    page: Page, errors: list[str], feature: str
) -> None:
    """Every implementation's column is visible with its code, and nothing is blocked."""
    page.goto(f"/features/{feature}.html")
    for name in IMPLEMENTATIONS:
        column = page.locator(f"section.impl-{name}")
        expect(column).to_be_visible()
        expect(column.locator(".highlight").first).to_be_visible()
    expect(page.locator("link[rel=stylesheet]")).to_have_count(1)
    assert page.locator("body").evaluate("b => getComputedStyle(b).margin") == "0px"  # styled
    assert sideways_scrolling_code(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"site-{feature}.png")
    assert errors == []


def test_chooser_puts_two_side_by_side(page: Page, errors: list[str]) -> None:
    """Ticking two frameworks shows only those two, next to each other, with no script."""
    first, second, *rest = IMPLEMENTATIONS
    page.goto("/features/csrf.html")
    page.locator(f"#pick-{first}").check()
    page.locator(f"#pick-{second}").check()
    expect(page.locator(f"section.impl-{first}")).to_be_visible()
    expect(page.locator(f"section.impl-{second}")).to_be_visible()
    for name in rest:
        expect(page.locator(f"section.impl-{name}")).to_be_hidden()
    one = page.locator(f"section.impl-{first}").bounding_box()
    two = page.locator(f"section.impl-{second}").bounding_box()
    assert one and two and one["y"] == two["y"] and one["x"] < two["x"], "not side by side"
    page.locator(f"#pick-{rest[0]}").check()
    boxes = [page.locator(f"section.impl-{n}").bounding_box() for n in (first, second, rest[0])]
    tops = {box["y"] for box in boxes if box}
    assert all(boxes) and len(tops) == 1, "three do not fit side by side at 1400 px"
    assert sideways_scrolling_code(page) == []
    page.screenshot(path=SCREENSHOTS / "site-compare.png", full_page=True)
    assert errors == []


def sideways_scrolling_code(page: Page) -> list[str]:
    """The visible code blocks that would need a horizontal scroll bar (long lines must wrap)."""
    return page.evaluate(
        """() => [...document.querySelectorAll(".highlight pre")]
            .filter(pre => pre.offsetParent !== null && pre.scrollWidth > pre.clientWidth + 1)
            .map(pre => pre.closest("section")?.className + ": " + pre.textContent.slice(0, 60))"""
    )


@pytest.mark.parametrize(
    "path",
    [
        "/index.html",
        "/features/login.html",
        f"/frameworks/{IMPLEMENTATIONS[0]}.html",
        "/spec.html",
        f"/source/{IMPLEMENTATIONS[0]}/manifest.toml.html",
    ],
)
def test_no_serious_accessibility_violations(page: Page, errors: list[str], path: str) -> None:
    """axe-core finds no serious or critical violation on each kind of page."""
    page.goto(path)
    results = Axe().run(page)
    found = [
        f"{v['id']} ({v['impact']}): {node['target']}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
        for node in v["nodes"]
    ]
    assert found == []
    assert errors == []
