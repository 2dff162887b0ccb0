"""Login and logout. The session is a cookie signed by Tornado (set_signed_cookie) that holds only
the id of a session kept in the database; the XSRF token is Tornado's own _xsrf cookie."""

from __future__ import annotations

from base import BodyHandler
from shared.checks import local_path


class Login(BodyHandler):
    def get(self) -> None:
        """The login form; `next` rides along in a hidden input."""
        self.render("login.html", error=None, username="", next=self.get_query_argument("next", ""))

    async def post(self) -> None:
        """Sign in: a new session and a 303 to `next`; else the form again with a 400."""
        self.read_form()  # the 413, then the form's _xsrf token
        # strip=False: Tornado strips arguments by default, and a password may end in a space.
        username = self.get_body_argument("username", "", strip=False)
        password = self.get_body_argument("password", "", strip=False)
        next_path = self.get_body_argument("next", "", strip=False)
        # PBKDF2 is slow on purpose: run it in the thread pool, off the event loop.
        if not await self.in_thread(self.get_store().check_password, username, password):
            error = "Invalid username or password."  # the same words whatever was wrong
            self.set_status(400)
            self.render("login.html", error=error, username=username, next=next_path)
            return
        # Rotate, at every login: end any session the cookie held, start a new one under a new
        # cookie, and drop the _xsrf cookie so that the next form gets a new token: nothing from
        # before the login (say, a cookie planted by an attacker) carries over.
        await self.in_thread(self.get_store().end_session, self.session_id())
        session_id = await self.in_thread(self.get_store().start_session, username)
        self.set_signed_cookie("session", session_id, **self.settings["cookie_flags"])
        self.clear_cookie("_xsrf", **self.settings["cookie_flags"])
        # 303 See Other: the browser follows with a GET, so a reload never re-sends the password.
        # local_path: only a path on this site, never "//evil.example" (no open redirect).
        self.redirect(local_path(next_path), status=303)


class Logout(BodyHandler):
    async def post(self) -> None:
        """Sign out, ending the session on the server too: a copy of the old cookie is worthless."""
        self.read_form()
        await self.in_thread(self.get_store().end_session, self.session_id())
        self.clear_cookie("session", **self.settings["cookie_flags"])
        self.redirect("/", status=303)
