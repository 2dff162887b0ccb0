"""The server key generated when SECRET_KEY is not set: plain Python, no framework code.

It is kept in a file of its own beside the database, readable by its owner only, and never in
the database: a copy of the data (a backup, a file sent for a bug report) must not be enough to
sign a session cookie. Production sets SECRET_KEY and never reaches this.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path


def key_file(database: str | os.PathLike[str]) -> Path:
    """Where the generated key of this database lives: quotes.db -> quotes.secret-key."""
    return Path(database).with_suffix(".secret-key")


def stored_secret_key(database: str | os.PathLike[str]) -> str:
    """The key beside `database`, generated on first use; every worker reads the same one."""
    path = key_file(database)
    if not path.exists():
        # Written whole to a private temporary file, then linked into place: os.link fails when
        # another worker got there first, so no worker ever reads half a key or a second key.
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-key-")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(secrets.token_urlsafe(48))
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return path.read_text(encoding="ascii").strip()
