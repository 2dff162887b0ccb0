"""The server-rendered pages: layout, quotes, escaping, static files and error pages."""

from __future__ import annotations

from urllib.parse import quote as percent_encode
from urllib.parse import urlencode, urljoin, urlsplit

import httpx
import pytest
from bs4 import BeautifulSoup, Tag

from servers import SHARED, Server
from support import (
    FORM,
    assert_allow,
    create_quote,
    csrf_field,
    hidden_inputs,
    html,
    login_form,
    media_type,
    one,
    post_login,
    raw_get,
)


def assert_layout(response: httpx.Response) -> BeautifulSoup:
    """The base layout every HTML page extends (PAGE-1)."""
    page = html(response)
    assert one(page, "html").get("lang") == "en"
    assert one(page, "head title").get_text(strip=True)
    one(page, "main")
    one(page, "header")
    sheets = [
        urljoin(str(response.request.url), link["href"])
        for link in page.select("link[rel~=stylesheet]")
    ]
    assert [urlsplit(s).path for s in sheets] == ["/static/style.css"]
    assert page.select("script, style, [style]") == [], "no inline code: the CSP forbids it"
    return page


def quote_card(block: Tag) -> dict[str, object]:
    """A rendered quote, read back from its markup."""
    assert block.name == "blockquote" and "quote" in block["class"]
    paragraph, footer = one(block, ":scope > p"), one(block, ":scope > footer")
    return {
        "id": int(block["data-id"]),
        "text": paragraph.get_text(),
        "author": one(footer, ":scope > cite").get_text(),
    }


@pytest.mark.smoke
@pytest.mark.req("PAGE-1")
@pytest.mark.parametrize("path", ["/", "/login", "/login?next=/", "/nothing-here"])
def test_pages_share_the_layout(client: httpx.Client, path: str) -> None:
    """Every page extends the base layout, with no inline script or style."""
    assert_layout(client.get(path))


@pytest.mark.req("PAGE-1", "PAGE-3")
def test_signed_in_pages_share_the_layout(signed_in: httpx.Client) -> None:
    """Signed-in pages use the same layout."""
    for path in ("/", "/login", "/nothing-here"):
        assert_layout(signed_in.get(path))


@pytest.mark.req("PAGE-2")
def test_home_shows_featured_and_latest(signed_in: httpx.Client) -> None:
    """The home page features one stored quote and lists the newest 20, newest first."""
    newest = create_quote(signed_in, "The newest quote of all.", "The suite")
    page = assert_layout(signed_in.get("/"))
    featured = [quote_card(b) for b in one(page, "section#featured").select("blockquote")]
    assert len(featured) == 1
    assert signed_in.get(f"/api/quotes/{featured[0]['id']}").json() == featured[0]
    latest = [quote_card(b) for b in one(page, "section#latest").select("blockquote")]
    total = signed_in.get("/api/quotes").json()["total"]
    expected = signed_in.get("/api/quotes", params={"offset": total - 20}).json()["items"][::-1]
    assert latest == expected and latest[0] == newest and len(latest) == 20


@pytest.mark.req("PAGE-3")
def test_header_signed_out(client: httpx.Client) -> None:
    """Signed out, the header links to the login page and shows no user."""
    page = html(client.get("/"))
    assert one(page, "header a#login-link")["href"] == "/login"
    assert page.select("#current-user, #logout-form") == []


@pytest.mark.req("PAGE-3")
def test_header_signed_in(signed_in: httpx.Client) -> None:
    """Signed in, the header names the user and has a logout form with its CSRF token."""
    page = html(signed_in.get("/"))
    assert one(page, "header #current-user").get_text(strip=True) == "demo"
    form = one(page, "header form#logout-form")
    assert form["method"].lower() == "post" and form["action"] == "/logout"
    csrf_field(form)
    assert form.select("button[type=submit], button:not([type]), input[type=submit]")
    assert page.select("#login-link") == []


XSS_TEXT = '<script>alert("quote")</script> & <b>bold</b> &amp; "quoted" \'single\''
XSS_AUTHOR = "<img src=x onerror=alert(1)> O'Brien & Co"


@pytest.mark.req("PAGE-4")
def test_quotes_are_escaped(signed_in: httpx.Client) -> None:
    """Markup in a quote shows as text on the page; it never becomes an element."""
    stored = create_quote(signed_in, XSS_TEXT, XSS_AUTHOR)
    page = html(signed_in.get("/"))
    block = one(page, f'section#latest blockquote[data-id="{stored["id"]}"]')
    assert quote_card(block) == stored
    assert block.select("script, img, b") == []
    assert page.select("script, img") == []


@pytest.mark.req("PAGE-4", "AUTH-3")
def test_login_echo_is_escaped(client: httpx.Client) -> None:
    """A username and next full of markup come back as text in their inputs."""
    username = '"><script>alert(1)</script><input name="x'
    next_path = '/"><script>alert(2)</script>'
    response = post_login(client, username, "wrong", next_path=next_path)
    assert response.status_code == 400
    page = html(response)
    form = one(page, "form#login-form")
    assert one(form, "input[name=username]")["value"] == username
    assert hidden_inputs(form)["next"] == next_path
    assert page.select("script, input[name=x]") == []
    form = login_form(client, "?" + urlencode({"next": next_path}))
    assert hidden_inputs(form)["next"] == next_path


@pytest.mark.req("PAGE-4", "PAGE-8")
def test_404_page_escapes_the_path(client: httpx.Client) -> None:
    """A path full of markup shows on the 404 page as text, if at all."""
    response = client.get("/" + percent_encode("<script>alert(1)</script><b>x</b>"))
    assert response.status_code == 404
    page = assert_layout(response)
    assert page.select("script, b") == []


UNICODE_TEXT = "Ünïcödé ✓ 漢字かな 😀 e\u0301 — “quotes” ½"
UNICODE_AUTHOR = "Zoë Ångström 李白"


@pytest.mark.req("PAGE-5")
def test_unicode_round_trip(signed_in: httpx.Client) -> None:
    """Accents, CJK and emoji come back unchanged from the API and on the page."""
    stored = create_quote(signed_in, UNICODE_TEXT, UNICODE_AUTHOR)
    assert (stored["text"], stored["author"]) == (UNICODE_TEXT, UNICODE_AUTHOR)
    assert signed_in.get(f"/api/quotes/{stored['id']}").json() == stored
    block = one(html(signed_in.get("/")), f'section#latest blockquote[data-id="{stored["id"]}"]')
    assert quote_card(block) == stored
    found = signed_in.get("/api/quotes", params={"author": "ZOË ÅNGSTRÖM"}).json()["items"]
    assert stored in found


@pytest.mark.smoke
@pytest.mark.req("PAGE-6")
def test_stylesheet(client: httpx.Client) -> None:
    """The stylesheet is served as UTF-8 CSS, byte for byte the shared one."""
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert media_type(response) == ("text/css", "utf-8"), response.headers["content-type"]
    assert response.content == (SHARED / "static" / "style.css").read_bytes()


@pytest.mark.req("PAGE-6")
def test_icon(client: httpx.Client) -> None:
    """The layout names the shared icon, served as SVG (browsers otherwise ask /favicon.ico)."""
    links = html(client.get("/login")).select('link[rel="icon"]')
    assert [link["href"] for link in links] == ["/static/favicon.svg"]
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0].strip() == "image/svg+xml"
    assert response.content == (SHARED / "static" / "favicon.svg").read_bytes()


@pytest.mark.req("PAGE-7")
@pytest.mark.parametrize(
    "path",
    [
        "/static/../manifest.toml",
        "/static/../users.json",
        "/static/%2e%2e/manifest.toml",
        "/static/..%2fmanifest.toml",
        "/static/%2e%2e%2fmanifest.toml",
        "/static/..%5cmanifest.toml",
        "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/static/../../../../etc/passwd",
    ],
)
def test_nothing_outside_static(server: Server, path: str) -> None:
    """Dot-dot and encoded slashes never reach a file outside the static folder."""
    status, body = raw_get(server.base_url, path)
    assert status in (400, 404), status
    for secret in (b"interface", b"pbkdf2_sha256", b"root:"):
        assert secret not in body


@pytest.mark.req("PAGE-8")
@pytest.mark.parametrize(
    "path", ["/nothing-here", "/static/missing.css", "/login/extra", "/%C3%A9t%C3%A9"]
)
def test_unknown_path_is_404_page(client: httpx.Client, path: str) -> None:
    """A path that names nothing is a 404 HTML page in the layout."""
    response = client.get(path)
    assert response.status_code == 404
    assert_layout(response)


@pytest.mark.req("PAGE-8", "API-14")
@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("GET", "/logout", {"POST"}),
        ("PUT", "/login", {"GET", "POST"}),
        ("DELETE", "/", {"GET"}),
        ("POST", "/", {"GET"}),
    ],
)
def test_wrong_method_on_html_path_is_405_page(
    client: httpx.Client, method: str, path: str, allowed: set[str]
) -> None:
    """A wrong method on a page is a 405 HTML page in the layout, with an Allow header."""
    response = client.request(method, path)
    assert response.status_code == 405
    assert_layout(response)
    assert_allow(response, allowed, method)


@pytest.mark.req("API-14", "PAGE-8")
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_wrong_method_on_static_file_is_405(client: httpx.Client, method: str) -> None:
    """A static file is a known path: another method than GET or HEAD is a 405 page with Allow."""
    response = client.request(method, "/static/style.css")
    assert response.status_code == 405
    assert_layout(response)
    assert_allow(response, {"GET"}, method)


@pytest.mark.req("PAGE-8", "AUTH-2")
def test_403_page_uses_layout(client: httpx.Client) -> None:
    """The CSRF failure page is the error page in the layout."""
    name, _ = csrf_field(login_form(client))
    response = client.post("/login", content=urlencode({name: "nope"}), headers=FORM)
    assert response.status_code == 403
    assert_layout(response)
