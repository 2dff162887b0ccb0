"""The dependencies the path operations share, where the FastAPI full-stack template keeps them
(its api/deps.py): the store, and who is signed in."""

from typing import Annotated

from fastapi import Depends, HTTPException, Request, Security
from fastapi.security import APIKeyCookie

from shared.checks import SIGN_IN_FIRST
from shared.store import Store


def get_store(request: Request) -> Store:
    """The app's store (one per worker process; its connections are per thread)."""
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def current_user(request: Request) -> str | None:
    """Who is signed in: the user of the live server-side session the cookie names, if any.
    A tampered or foreign cookie reaches here as an empty session: no one."""
    return get_store(request).session_user(request.session.get("session_id"))


# SessionMiddleware's cookie, declared so that the OpenAPI document says the API's writes need
# it; its value is the middleware's to read (auto_error=False: signed out is our 401).
session_cookie = APIKeyCookie(name="session", scheme_name="session", auto_error=False)


def require_signed_in(
    user: Annotated[str | None, Depends(current_user)],
    cookie: Annotated[str | None, Security(session_cookie)],
) -> str:
    """For the API's writes: who is signed in, else a 401."""
    if user is None:
        raise HTTPException(401, SIGN_IN_FIRST)
    return user


SignedInUser = Annotated[str, Depends(require_signed_in)]
