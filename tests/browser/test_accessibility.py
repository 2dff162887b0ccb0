"""Accessibility of every page a person sees, checked by axe-core in Chromium (PAGE-10)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from browsing import fail_login, open_login_form, sign_in
from support import LOGIN_ERROR

BLOCKING = {"serious", "critical"}  # axe-core's impacts that fail the check

# Each page as a person reaches it.
STATES: dict[str, Callable[[Page], object]] = {
    "home signed out": lambda page: page.goto("/"),
    "home signed in": lambda page: (sign_in(page), page.goto("/")),
    "login": open_login_form,
    "failed login": fail_login,
}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def blocking_violations(page: Page, axe: Axe) -> list[str]:
    """axe-core's serious and critical violations on the page, one line per element."""
    results = axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']}: {node['failureSummary']}"
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
    ]


@pytest.mark.req("PAGE-10")
@pytest.mark.parametrize("state", list(STATES))
def test_no_serious_accessibility_violations(page: Page, axe: Axe, state: str) -> None:
    """axe-core finds no serious or critical violation on the page."""
    STATES[state](page)
    assert blocking_violations(page, axe) == []


@pytest.mark.req("PAGE-10", "PAGE-1")
@pytest.mark.parametrize("state", list(STATES))
def test_page_has_landmark_language_and_title(page: Page, state: str) -> None:
    """Every page has one main landmark, a lang attribute and a non-empty title."""
    STATES[state](page)
    expect(page.get_by_role("main")).to_have_count(1)
    assert (page.locator("html").get_attribute("lang") or "").strip()
    assert page.title().strip()


@pytest.mark.req("PAGE-10", "AUTH-3")
def test_login_fields_are_labelled_and_the_error_announced(page: Page) -> None:
    """The login form's fields are found by their labels, and the error is a role=alert."""
    fail_login(page)
    expect(page.get_by_label("Username")).to_have_count(1)
    expect(page.get_by_label("Password")).to_have_count(1)
    expect(page.get_by_role("alert")).to_have_text(LOGIN_ERROR)
    expect(page.locator("form#login-form").get_by_role("button", name="Sign in")).to_have_count(1)


@pytest.mark.suite
def test_accessibility_check_can_fail(page: Page, axe: Axe) -> None:
    """axe-core runs and reports an unlabelled field and a missing title: passing means a thing."""
    page.set_content("<html><body><input name='q'></body></html>")
    found = blocking_violations(page, axe)
    assert any(line.startswith("label (critical)") for line in found), found
    assert any(line.startswith("document-title (serious)") for line in found), found
