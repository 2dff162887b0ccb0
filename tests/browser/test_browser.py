"""The app in a real browser: signing in and out by hand, the stylesheet, the CSP, the look."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, Page, expect

from browsing import (
    SCREENSHOTS,
    VIEWPORT,
    Problems,
    open_login_form,
    stylesheet_applied,
    submit_login,
)
from servers import Manifest
from support import DEMO_PASSWORD


@pytest.mark.req("PAGE-9", "PAGE-3", "AUTH-3", "AUTH-4", "AUTH-9")
def test_sign_in_and_out_by_hand(page: Page, problems: Problems) -> None:
    """A person signs in after one wrong try and signs out again, every page styled and clean."""
    styling: dict[str, dict[str, str]] = {}

    page.goto("/")
    styling["home"] = stylesheet_applied(page)
    open_login_form(page)
    styling["login"] = stylesheet_applied(page)
    submit_login(page, "not the password")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.get_by_label("Username")).to_have_value("demo")
    styling["failed login"] = stylesheet_applied(page)

    submit_login(page, DEMO_PASSWORD)
    expect(page.locator("#current-user")).to_have_text("demo")
    expect(page.locator("#login-link")).to_have_count(0)
    styling["signed in"] = stylesheet_applied(page)

    page.locator("#logout-form").get_by_role("button").click()
    expect(page.locator("#login-link")).to_be_visible()
    expect(page.locator("#current-user")).to_have_count(0)
    styling["signed out"] = stylesheet_applied(page)

    assert {name: wrong for name, wrong in styling.items() if wrong} == {}
    assert problems.console == []
    assert problems.csp == []


@pytest.mark.req("PAGE-9")
def test_error_page_is_styled_and_clean(page: Page, problems: Problems) -> None:
    """The 404 page uses the layout and stylesheet, with no CSP violation."""
    response = page.goto("/nothing-here")
    assert response is not None and response.status == 404
    assert stylesheet_applied(page) == {}
    assert problems.console == [] and problems.csp == []


@pytest.mark.suite
def test_watching_the_browser_can_fail(page: Page, problems: Problems) -> None:
    """An inline style under the app's CSP is seen as a violation: passing means a thing."""
    page.route(
        "**/csp-probe",
        lambda route: route.fulfill(
            body="<!doctype html><p style='color: red'>inline</p>",
            headers={"content-type": "text/html", "content-security-policy": "default-src 'self'"},
        ),
    )
    page.goto("/csp-probe")
    page.wait_for_timeout(200)  # violation events are reported asynchronously
    assert problems.csp and problems.console


@pytest.mark.req("PAGE-9")
def test_login_screenshot(
    page: Page, browser: Browser, manifest: Manifest, problems: Problems
) -> None:
    """/login renders cleanly; its screenshot is kept for PAGE-11's comparison (tests/looks)."""
    open_login_form(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"login-{manifest.name}.png"
    page.screenshot(path=shot)
    taken_with = {"browser": browser.version, "viewport": VIEWPORT}
    shot.with_suffix(".json").write_text(json.dumps(taken_with), encoding="utf-8")
    assert problems.console == [] and problems.csp == []
