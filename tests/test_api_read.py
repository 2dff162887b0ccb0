"""Reading quotes through the JSON API, and what every API error looks like."""

from __future__ import annotations

import json

import httpx
import pytest

from servers import SHARED, Server
from support import all_quotes, assert_allow, new_client, problem

SEED = json.loads((SHARED / "quotes.json").read_text(encoding="utf-8"))


@pytest.mark.smoke
@pytest.mark.req("API-1")
def test_list_defaults(client: httpx.Client) -> None:
    """A bare list gives the first 20 quotes by id, with the total and the paging used."""
    response = client.get("/api/quotes")
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == "application/json"
    body = response.json()
    assert set(body) == {"items", "total", "limit", "offset"}
    assert (body["limit"], body["offset"]) == (20, 0)
    assert body["total"] >= len(SEED)
    assert body["items"] == SEED[:20]


@pytest.mark.req("API-1", "API-2")
def test_list_pages_through_in_id_order(client: httpx.Client) -> None:
    """limit and offset cut the same id-ordered list into pages."""
    everything = client.get("/api/quotes", params={"limit": 100}).json()["items"]
    assert [q["id"] for q in everything] == sorted(q["id"] for q in everything)
    page = client.get("/api/quotes", params={"limit": "7", "offset": "05"}).json()
    assert (page["limit"], page["offset"]) == (7, 5)
    assert page["items"] == everything[5:12]
    assert len(client.get("/api/quotes?limit=1").json()["items"]) == 1


@pytest.mark.req("API-2")
def test_offset_past_the_end_is_empty(client: httpx.Client) -> None:
    """Any offset is allowed, however large: past the end the page is empty."""
    huge = 10**30
    body = client.get("/api/quotes", params={"offset": str(huge)}).json()
    assert body["items"] == [] and body["offset"] == huge and body["total"] >= len(SEED)


BAD_NUMBERS = ["", "abc", "-1", "+5", " 5", "5 ", "1.5", "1e2", "1_0", "\u0665", "0x10"]


@pytest.mark.req("API-2", "API-17")
@pytest.mark.parametrize("value", [*BAD_NUMBERS, "0", "101", "99999999999999999999"])
def test_bad_limit_is_400(client: httpx.Client, value: str) -> None:
    """A limit that is not an ASCII integer from 1 to 100 is a 400 problem."""
    problem(client.get("/api/quotes", params={"limit": value}), 400)


@pytest.mark.req("API-2", "API-17")
@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_bad_offset_is_400(client: httpx.Client, value: str) -> None:
    """An offset that is not an ASCII integer is a 400 problem."""
    problem(client.get("/api/quotes", params={"offset": value}), 400)


@pytest.mark.req("API-3")
@pytest.mark.parametrize(
    ("needle", "author"),
    [
        ("knuth", "Donald Knuth"),
        ("KNUTH", "Donald Knuth"),
        ("rené", "René Descartes"),
        ("RENÉ", "René Descartes"),
        ("孔子", "Confucius (孔子)"),
    ],
)
def test_author_filter_ignores_case(client: httpx.Client, needle: str, author: str) -> None:
    """author= matches a substring of the author, whatever the case, in any script."""
    expected = [q for q in SEED if q["author"] == author]
    body = client.get("/api/quotes", params={"author": needle, "limit": 100}).json()
    assert body["items"] == expected and body["total"] == len(expected)


@pytest.mark.req("API-3")
def test_author_filter_has_no_wildcards(client: httpx.Client) -> None:
    """% and _ are ordinary characters, and an empty filter filters nothing."""
    for needle in ("%", "_", "K%h"):
        assert client.get("/api/quotes", params={"author": needle}).json()["total"] == 0
    everything = client.get("/api/quotes").json()["total"]
    assert client.get("/api/quotes", params={"author": ""}).json()["total"] == everything


@pytest.mark.req("API-3", "API-1")
def test_author_filter_pages(client: httpx.Client) -> None:
    """The total counts every match, while items holds one page of them."""
    body = client.get("/api/quotes", params={"author": "dijkstra", "limit": 2, "offset": 1}).json()
    dijkstra = [q for q in SEED if "Dijkstra" in q["author"]]
    assert body["total"] == len(dijkstra) and body["items"] == dijkstra[1:3]


@pytest.mark.req("API-4")
def test_random_quote_is_a_stored_quote(client: httpx.Client) -> None:
    """/api/quotes/random answers one of the stored quotes."""
    seen = set()
    for _ in range(10):
        response = client.get("/api/quotes/random")
        assert response.status_code == 200
        quote = response.json()
        assert client.get(f"/api/quotes/{quote['id']}").json() == quote
        seen.add(quote["id"])
    assert len(seen) > 1, "ten random picks from 48+ quotes were all the same"


@pytest.mark.req("API-5")
def test_quote_by_id(client: httpx.Client) -> None:
    """A quote is found by its id."""
    for quote in (SEED[0], SEED[-1]):
        response = client.get(f"/api/quotes/{quote['id']}")
        assert response.status_code == 200 and response.json() == quote


@pytest.mark.req("API-5", "API-17")
@pytest.mark.parametrize(
    "segment",
    [
        "0",
        "-1",
        "1.5",
        "abc",
        "1e3",
        "%2B1",
        "%201",
        "%D9%A3",
        "99999999999999999999999",
        "9223372036854775808",
        "999999999",
    ],
)
def test_missing_or_malformed_id_is_404(client: httpx.Client, segment: str) -> None:
    """Ids that are absent or not positive ASCII integers are a 404 problem, never 400/422/5xx."""
    problem(client.get(f"/api/quotes/{segment}"), 404)


@pytest.mark.req("API-13", "API-17")
@pytest.mark.parametrize(
    "path", ["/api/nothing", "/api/quotes/1/extra", "/api/", "/api/quotes/random/1"]
)
def test_unknown_api_path_is_404_problem(client: httpx.Client, path: str) -> None:
    """An /api/ path that names nothing is a 404 problem."""
    problem(client.get(path), 404)


@pytest.mark.smoke
@pytest.mark.req("API-16")
def test_healthz(client: httpx.Client) -> None:
    """/healthz says ok."""
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


@pytest.mark.req("API-14", "API-17")
@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/api/quotes", {"GET", "POST"}),
        ("DELETE", "/api/quotes", {"GET", "POST"}),
        ("PATCH", "/api/quotes/1", {"GET", "DELETE"}),
        ("POST", "/api/quotes/random", {"GET"}),
        ("POST", "/healthz", {"GET"}),
    ],
)
def test_wrong_method_on_json_path_is_405_problem(
    client: httpx.Client, method: str, path: str, allowed: set[str]
) -> None:
    """A wrong method on a known JSON path is a 405 problem with an Allow header."""
    response = client.request(method, path)
    problem(response, 405)
    assert_allow(response, allowed, method)


GET_ROUTES = [
    "/",
    "/login",
    "/healthz",
    "/api/quotes",
    "/api/quotes?limit=2",
    "/api/quotes/1",
    "/api/quotes/random",
    "/static/style.css",
    "/api/quotes/999999",
    "/nothing-here",
]


@pytest.mark.req("API-15")
@pytest.mark.parametrize("path", GET_ROUTES)
def test_head_matches_get(client: httpx.Client, path: str) -> None:
    """HEAD answers like GET, with no body."""
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.content == b""


@pytest.mark.req("API-18")
def test_every_operation_answers_as_documented(server: Server, signed_in: httpx.Client) -> None:
    """A tour of every operation and status; the hook checks each response against openapi.yaml."""
    with new_client(server.base_url) as anonymous:
        responses = [
            anonymous.get("/healthz"),
            anonymous.get("/api/quotes"),
            anonymous.get("/api/quotes?limit=0"),
            anonymous.get("/api/quotes/random"),
            anonymous.get("/api/quotes/1"),
            anonymous.get("/api/quotes/abc"),
            anonymous.post("/api/quotes", json={"text": "a", "author": "b"}),
            anonymous.delete("/api/quotes/1"),
            anonymous.put("/api/quotes"),
        ]
    created = signed_in.post("/api/quotes", json={"text": "Documented.", "author": "The suite"})
    responses += [
        created,
        signed_in.post("/api/quotes", json={"text": ""}),
        signed_in.post("/api/quotes", content=b"{", headers={"content-type": "application/json"}),
        signed_in.post("/api/quotes", content=b"text", headers={"content-type": "text/plain"}),
        signed_in.delete(f"/api/quotes/{created.json()['id']}"),
        signed_in.delete(f"/api/quotes/{created.json()['id']}"),
    ]
    # The response hook has already checked each of them; here, that they cover the statuses.
    assert {r.status_code for r in responses} == {200, 201, 204, 400, 401, 404, 405, 415, 422}


@pytest.mark.req("DATA-1", "DATA-2")
def test_seeded_quotes_are_served(client: httpx.Client) -> None:
    """The database starts with exactly the seed quotes, and every quote keeps its shape."""
    quotes = all_quotes(client)
    assert quotes[: len(SEED)] == SEED
    for quote in quotes:
        assert isinstance(quote["id"], int) and quote["id"] > 0
        for name, most in (("text", 500), ("author", 100)):
            assert 1 <= len(quote[name]) <= most and quote[name] == quote[name].strip()
