"""Login and logout. security.csrf_middleware has checked the form's token before these run."""

import asyncio

import aiohttp_jinja2
from aiohttp import web
from aiohttp_session import get_session, new_session

from db import get_store
from security import form_fields
from shared.checks import local_path

routes = web.RouteTableDef()


@routes.get("/login")
async def login_form(request: web.Request) -> web.StreamResponse:
    context = {"username": "", "next": request.query.get("next", ""), "error": None}
    return aiohttp_jinja2.render_template("login.html", request, context)


@routes.post("/login")
async def login(request: web.Request) -> web.StreamResponse:
    """Sign in: a fresh session, then a 303 to `next`; else the form again with a 400."""
    username, password, next_path = await form_fields(request, "username", "password", "next")
    store = get_store(request)
    # PBKDF2 is slow on purpose: run it in a thread, off the event loop.
    if not await asyncio.to_thread(store.check_password, username, password):
        error = "Invalid username or password."  # the same words whatever was wrong
        context = {"username": username, "next": next_path, "error": error}
        return aiohttp_jinja2.render_template("login.html", request, context, status=400)
    # Rotate the session on every login, a second one too: end the server-side session the
    # cookie named, then new_session(), aiohttp-session's answer to session fixation.
    await asyncio.to_thread(store.end_session, (await get_session(request)).get("session_id"))
    session = await new_session(request)
    session["session_id"] = await asyncio.to_thread(store.start_session, username)
    # 303 See Other: the browser follows with a GET, so a reload never re-sends the form.
    raise web.HTTPSeeOther(local_path(next_path))


@routes.post("/logout")
async def logout(request: web.Request) -> web.StreamResponse:
    """Sign out: end the session in the store and empty the cookie, then a 303 to /."""
    session = await get_session(request)
    await asyncio.to_thread(get_store(request).end_session, session.get("session_id"))
    session.invalidate()
    raise web.HTTPSeeOther("/")
