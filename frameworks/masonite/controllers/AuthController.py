"""Login and logout. VerifyCsrfToken (middleware.py) has checked the form's token first."""

from masonite.controllers import Controller
from masonite.request import Request
from masonite.response import Response
from masonite.views import View

from shared.checks import local_path


def form_text(request: Request, name: str) -> str:
    """A form field as text: "" when it is missing or not a string (an uploaded file)."""
    value = request.input(name, "")
    return value if isinstance(value, str) else ""


class AuthController(Controller):
    def show(self, request: Request, view: View) -> View:
        """The login form; `next` rides along in a hidden input."""
        page = {"error": None, "username": "", "next": form_text(request, "next")}
        return view.render("login", page)

    def login(self, request: Request, response: Response, view: View) -> Response | View:
        username, next_path = form_text(request, "username"), form_text(request, "next")
        store = request.app.make("store")
        if not store.check_password(username, form_text(request, "password")):
            error = "Invalid username or password."  # the same words for every failure
            page = view.render("login", {"error": error, "username": username, "next": next_path})
            return response.view(page, status=400)
        # Rotate: end any earlier server session, then keep the new one's id in the cookie
        # session, so no cookie from before the login signs in.
        store.end_session(request.session.get("session_id"))
        request.session.set("session_id", store.start_session(username))
        # 303 See Other: the browser follows with a GET, so reloading never re-sends the password.
        # Not redirect(location): it re-encodes the query of `next` (`?next=/x` to `%2Fx`).
        response.header("Location", local_path(next_path))
        return response.status(303)

    def logout(self, request: Request, response: Response) -> Response:
        """Sign out, on the server too: a copy of the cookie is worthless afterwards."""
        request.app.make("store").end_session(request.session.get("session_id"))
        request.session.delete("session_id")
        return response.redirect("/", status=303)
