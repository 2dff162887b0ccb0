"""What a person does in the browser, as steps the browser tests share."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.sync_api import ConsoleMessage, Page, Response, expect

from servers import ROOT
from support import DEMO_PASSWORD, DEMO_USER, LOGIN_ERROR

VIEWPORT = {"width": 1280, "height": 800}  # PAGE-11's screenshots
SCREENSHOTS = ROOT / "build" / "screenshots"

# The stylesheet is applied when these computed values hold (shared_spec/style.css).
STYLED = {
    ".site-header": ("background-color", "rgb(246, 248, 250)"),
    "main": ("max-width", "704px"),
}


@dataclass
class Problems:
    """What went wrong in the browser while a test ran: console errors and CSP violations."""

    console: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)
    documents: set[str] = field(default_factory=set)  # the pages themselves, as navigated to

    def on_response(self, response: Response) -> None:
        if response.request.is_navigation_request():
            self.documents.add(response.url)

    def on_console(self, message: ConsoleMessage) -> None:
        url = message.location.get("url", "?")
        # Chromium logs a page's own 4xx status (a failed login is a 400 by AUTH-3) as a failed
        # load; that comes from the suite's request, not the page. Any other failed load (the
        # icon, the stylesheet) is a problem.
        if message.text.startswith("Failed to load resource") and url in self.documents:
            return
        if message.type == "error":
            self.console.append(f"{url}: {message.text}")


def open_login_form(page: Page) -> None:
    """From the home page, follow the header's login link."""
    page.goto("/")
    page.locator("#login-link").click()
    page.wait_for_url("**/login")
    expect(page.locator("form#login-form")).to_be_visible()


def submit_login(page: Page, password: str, username: str = DEMO_USER) -> None:
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("form#login-form").get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def fail_login(page: Page) -> None:
    """Open the form and send a wrong password: the alert shows."""
    open_login_form(page)
    submit_login(page, "not the password")
    expect(page.get_by_role("alert")).to_have_text(LOGIN_ERROR)


def sign_in(page: Page) -> None:
    """Open the form and send the right password: the header shows who is signed in."""
    open_login_form(page)
    submit_login(page, DEMO_PASSWORD)
    expect(page.locator("#current-user")).to_have_text(DEMO_USER)


def stylesheet_applied(page: Page) -> dict[str, str]:
    """Computed values that differ from what the stylesheet says, by selector (empty: applied)."""
    wrong = {}
    for selector, (prop, value) in STYLED.items():
        computed = page.locator(selector).evaluate(
            "(element, prop) => getComputedStyle(element).getPropertyValue(prop)", prop
        )
        if computed != value:
            wrong[selector] = f"{prop} is {computed!r}, not {value!r}"
    return wrong
