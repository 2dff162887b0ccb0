"""Storage for quotes, users and server-side sessions: plain Python, no framework code.

SQLite at `path` by default; PostgreSQL when `DATABASE_URL` is set (postgres.py), with the same
tables, queries and behaviour, so the framework code beside it does not change with the database.
Every implementation that has no ORM of its own keeps a byte-identical copy of this file in its
shared/ folder (a test checks), so the framework code beside it is all that differs between them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from .checks import SQLITE_INT_MAX
from .configuration import refuse_to_start
from .secret_key import stored_secret_key

if TYPE_CHECKING:
    from .postgres import PostgreSQL

SESSION_MAX_AGE = 14 * 24 * 3600  # seconds a signed-in session lasts on the server

SCHEMA = """
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: ids are never reused
    text TEXT NOT NULL,
    author TEXT NOT NULL,
    author_key TEXT NOT NULL  -- the author case-folded by Python, for author= (API-3)
);
CREATE TABLE users (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL);
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    expires_at REAL NOT NULL
)
"""


class Quote(TypedDict):
    id: int
    text: str
    author: str


class Store:
    """The app's database. Open it after the worker has forked: connections are per thread."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        seed_dir: str | os.PathLike[str],
        url: str | None = None,
    ) -> None:
        """SQLite at `path`, or PostgreSQL at `url` (by default `$DATABASE_URL`, when set)."""
        self.path = str(path)
        self.url = os.environ.get("DATABASE_URL", "") if url is None else url
        if self.url:
            from .postgres import PostgreSQL  # so psycopg is imported only when it is used

            self._database: SQLite | PostgreSQL = PostgreSQL(self.url)
        else:
            self._database = SQLite(self.path)
        try:
            with self._database.write() as db:  # every worker runs this at start: one at a time
                # Only a new database is seeded: an emptied one stays empty (DATA-2).
                if not self._database.has_schema(db):
                    self._database.create_schema(db)
                    self._seed(db, Path(seed_dir))
                    self._database.seeded(db)
        except sqlite3.OperationalError as error:  # a folder that is not there, or not ours
            refuse_to_start(f"QUOTES_DB={self.path}: {error}")

    def _seed(self, db: Any, seed_dir: Path) -> None:
        quotes = json.loads((seed_dir / "quotes.json").read_text(encoding="utf-8"))
        users = json.loads((seed_dir / "users.json").read_text(encoding="utf-8"))
        for quote in quotes:
            db.execute(
                "INSERT INTO quotes (id, text, author, author_key) VALUES (?, ?, ?, ?)",
                (quote["id"], quote["text"], quote["author"], quote["author"].casefold()),
            )
        for user in users:
            db.execute("INSERT INTO users VALUES (?, ?)", (user["username"], user["password_hash"]))

    # -- configuration -----------------------------------------------------------------------

    def secret_key(self) -> str:
        """The key generated on first use, in a file beside the database that every worker reads
        (secret_key.py says why not in the database). Several hosts on one PostgreSQL database
        would each generate their own, so there SECRET_KEY must be set."""
        if self.url:
            refuse_to_start("SECRET_KEY must be set when DATABASE_URL is")
        return stored_secret_key(self.path)

    # -- quotes ------------------------------------------------------------------------------

    def list_quotes(self, limit: int, offset: int, author: str = "") -> tuple[list[Quote], int]:
        """One page of quotes by id, and how many match in all."""
        # LIKE with its wildcards escaped: a plain substring test that both databases spell alike.
        needle = author.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where = "WHERE author_key LIKE ? ESCAPE '\\'" if author else ""
        args = [f"%{needle}%"] if author else []
        db = self._database.read()
        total = db.execute(f"SELECT count(*) FROM quotes {where}", args).fetchone()[0]
        rows = db.execute(
            f"SELECT id, text, author FROM quotes {where} ORDER BY id LIMIT ? OFFSET ?",
            [*args, limit, min(offset, SQLITE_INT_MAX)],
        ).fetchall()
        return [_quote(row) for row in rows], total

    def newest_quotes(self, count: int) -> list[Quote]:
        rows = (
            self._database.read()
            .execute("SELECT id, text, author FROM quotes ORDER BY id DESC LIMIT ?", (count,))
            .fetchall()
        )
        return [_quote(row) for row in rows]

    def quote_by_id(self, quote_id: int) -> Quote | None:
        if not 0 < quote_id <= SQLITE_INT_MAX:
            return None
        row = (
            self._database.read()
            .execute("SELECT id, text, author FROM quotes WHERE id = ?", (quote_id,))
            .fetchone()
        )
        return _quote(row) if row else None

    def random_quote(self) -> Quote | None:
        row = (
            self._database.read()
            .execute("SELECT id, text, author FROM quotes ORDER BY random() LIMIT 1")
            .fetchone()
        )
        return _quote(row) if row else None

    def add_quote(self, text: str, author: str) -> Quote:
        with self._database.write() as db:
            row = db.execute(
                "INSERT INTO quotes (text, author, author_key) VALUES (?, ?, ?) RETURNING id",
                (text, author, author.casefold()),
            ).fetchone()
            return {"id": row[0], "text": text, "author": author}

    def delete_quote(self, quote_id: int) -> bool:
        if not 0 < quote_id <= SQLITE_INT_MAX:
            return False
        with self._database.write() as db:
            return db.execute("DELETE FROM quotes WHERE id = ?", (quote_id,)).rowcount > 0

    # -- users and server-side sessions ------------------------------------------------------

    def check_password(self, username: str, password: str) -> bool:
        """True when the password is right; as slow for an unknown user as for a known one."""
        row = (
            self._database.read()
            .execute("SELECT password_hash FROM users WHERE username = ?", (username,))
            .fetchone()
        )
        return verify_password(password, row[0] if row else _DUMMY_HASH) and row is not None

    def start_session(self, username: str) -> str:
        """A new server-side session for a user who just logged in; returns its random id."""
        session_id = secrets.token_urlsafe(32)
        with self._database.write() as db:
            db.execute("DELETE FROM sessions WHERE expires_at < ?", (time.time(),))
            db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?)",
                (session_id, username, time.time() + SESSION_MAX_AGE),
            )
        return session_id

    def session_user(self, session_id: object) -> str | None:
        """The user of a live session, or None (unknown, ended, expired or not a string)."""
        if not isinstance(session_id, str):
            return None
        row = (
            self._database.read()
            .execute(
                "SELECT username FROM sessions WHERE id = ? AND expires_at >= ?",
                (session_id, time.time()),
            )
            .fetchone()
        )
        return row[0] if row else None

    def end_session(self, session_id: object) -> None:
        if isinstance(session_id, str):
            with self._database.write() as db:
                db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))


def _quote(row: Sequence[Any]) -> Quote:
    return {"id": row[0], "text": row[1], "author": row[2]}


class SQLite:
    """A SQLite file: one connection per thread, writers one at a time."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()

    def read(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            # isolation_level=None: we say BEGIN ourselves, so that writers take the write lock
            # up front (BEGIN IMMEDIATE) and wait for it instead of failing half-way.
            # timeout=5.0 is SQLite's busy timeout: wait up to 5 s for a lock, then fail.
            db = sqlite3.connect(self.path, timeout=5.0, isolation_level=None)
            wal(db)  # readers never block the one writer
            db.execute("PRAGMA synchronous = NORMAL")
            self._local.db = db
        return db

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one transaction that takes the write lock up front."""
        db = self.read()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def has_schema(self, db: sqlite3.Connection) -> bool:
        return bool(db.execute("SELECT 1 FROM sqlite_master WHERE name = 'quotes'").fetchone())

    def create_schema(self, db: sqlite3.Connection) -> None:
        for statement in SCHEMA.split(";"):
            db.execute(statement)

    def seeded(self, db: sqlite3.Connection) -> None:
        """Nothing to do: AUTOINCREMENT numbers new quotes after the seed's highest id."""


def wal(db: sqlite3.Connection) -> None:
    """Switch to write-ahead logging. Two workers opening a new database at once can race to
    switch it, and SQLite answers the loser "database is locked" at once, without the busy
    timeout: so try again for up to 5 s (once switched, the file stays in WAL mode)."""
    for attempt in range(50):
        try:
            db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == 49:
                raise
            time.sleep(0.1)


# -- passwords: Django's pbkdf2_sha256 format, so every framework reads the same users.json ----


def verify_password(password: str, encoded: str) -> bool:
    algorithm, iterations, salt, expected = encoded.split("$", 3)
    if algorithm != "pbkdf2_sha256":
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), int(iterations))
    # compare_digest takes as long for a near miss as for a far one: no timing oracle.
    return hmac.compare_digest(base64.b64encode(digest).decode(), expected)


_DUMMY_HASH = (
    "pbkdf2_sha256$600000$dummy-salt-for-timing$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
)
