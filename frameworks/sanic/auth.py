"""Login and logout: a blueprint whose handlers start and end the sessions of sessions.py."""

import asyncio

from sanic import Blueprint, HTTPResponse, Request, redirect
from sanic.views import HTTPMethodView
from sanic_ext import render
from sessions import csrf_ok, csrf_token, start_session

from db import get_store
from errors import error_response
from shared.checks import CSRF_FAILED, local_path

bp = Blueprint("auth")


def field(request: Request, name: str) -> str:
    """A form field as text: "" when it is missing."""
    return (request.form or {}).get(name, "")


class Login(HTTPMethodView):
    """/login: GET shows the form, POST checks it; any other method is a 405 with Allow."""

    async def get(self, request: Request) -> HTTPResponse:
        context = {"username": "", "next": request.args.get("next", ""), "error": None}
        return await render("login.html", context=context)

    async def post(self, request: Request) -> HTTPResponse:
        """Sign in: a fresh session, then a 303 to `next`; else the form again with a 400."""
        if not csrf_ok(request):
            return await error_response(request, 403, CSRF_FAILED)
        username, next_path = field(request, "username"), field(request, "next")
        store = get_store(request)
        # PBKDF2 is slow on purpose: run it in a thread, off the event loop.
        if not await asyncio.to_thread(store.check_password, username, field(request, "password")):
            error = "Invalid username or password."  # the same words whatever was wrong
            context = {"username": username, "next": next_path, "error": error}
            return await render("login.html", status=400, context=context)
        # Rotate the session on every login: end the server-side session the cookie named (a
        # second login too), so no earlier cookie, say one planted by an attacker, signs in.
        await asyncio.to_thread(store.end_session, request.ctx.session.get("session_id"))
        session_id = await asyncio.to_thread(store.start_session, username)
        start_session(request, {"session_id": session_id})
        csrf_token(request)  # a new token for the new session
        # 303 See Other: the browser follows with a GET, so a reload never re-sends the form.
        return redirect(local_path(next_path), status=303)


bp.add_route(Login.as_view(), "/login")


@bp.post("/logout")
async def logout(request: Request) -> HTTPResponse:
    """Sign out: end the session in the database and empty the cookie, then a 303 to /."""
    if not csrf_ok(request):
        return await error_response(request, 403, CSRF_FAILED)
    await asyncio.to_thread(get_store(request).end_session, request.ctx.session.get("session_id"))
    start_session(request, {})
    return redirect("/", status=303)
