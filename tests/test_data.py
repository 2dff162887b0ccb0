"""The data behind the API: one database shared by every worker, and no write lost."""

from __future__ import annotations

import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from servers import Server
from support import cookie_header, create_quote, new_client, post_quote

WRITERS, WRITES_EACH = 8, 10


@pytest.mark.req("DATA-4")
def test_every_worker_sees_a_new_quote(server: Server, signed_in: httpx.Client) -> None:
    """A quote created through one worker is read at once through all of them."""
    quote = create_quote(signed_in, "Seen by every worker.", "The suite")

    def read(_: int) -> dict[str, object]:
        with new_client(server.base_url) as client:
            return client.get(f"/api/quotes/{quote['id']}").json()

    with ThreadPoolExecutor(max_workers=12) as pool:
        assert list(pool.map(read, range(12))) == [quote] * 12


@pytest.mark.req("DATA-5")
def test_concurrent_writers_lose_nothing(server: Server, signed_in: httpx.Client) -> None:
    """Writers racing through several workers all succeed, and every quote is stored once."""
    before = signed_in.get("/api/quotes").json()["total"]
    cookie = cookie_header(signed_in.cookies)

    def write(writer: int) -> list[httpx.Response]:
        with new_client(server.base_url, headers={"cookie": cookie}) as client:
            return [
                post_quote(
                    client, {"text": f"Concurrent write {writer}.{n}", "author": "The suite"}
                )
                for n in range(WRITES_EACH)
            ]

    with ThreadPoolExecutor(max_workers=WRITERS) as pool:
        responses = [r for batch in pool.map(write, range(WRITERS)) for r in batch]
    assert [r.status_code for r in responses] == [201] * WRITERS * WRITES_EACH
    ids = [r.json()["id"] for r in responses]
    assert len(set(ids)) == len(ids)
    assert signed_in.get("/api/quotes").json()["total"] == before + len(ids)
    for response in responses:
        assert signed_in.get(f"/api/quotes/{response.json()['id']}").json() == json.loads(
            response.content
        )


@pytest.mark.sqlite
@pytest.mark.req("DATA-5")
def test_an_open_reader_does_not_block_a_write(server: Server, signed_in: httpx.Client) -> None:
    """WAL mode: a write commits while another connection holds a read transaction open. In
    SQLite's default rollback-journal mode the writer would wait for the reader until its busy
    timeout, and then fail."""
    reader = sqlite3.connect(server.db_path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM sqlite_master").fetchone()  # holds a read lock
        create_quote(signed_in, "Written beside an open reader.", "The suite")
    finally:
        reader.close()
