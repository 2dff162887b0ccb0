"""Login and logout, with django.contrib.auth: the session lives in the database, and the
cookie holds only its key (see settings.py's sessions)."""

from __future__ import annotations

from django.contrib import auth
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from .errors import BaseView
from shared.checks import local_path


def current_user(request: HttpRequest) -> dict[str, str | None]:
    """A context processor (settings.py): who is signed in, for every page's header.

    AuthenticationMiddleware gives request.user from the database session; it is absent only
    when a fault came before that middleware ran.
    """
    user = getattr(request, "user", None)
    return {"current_user": user.get_username() if user and user.is_authenticated else None}


class Login(BaseView):
    def get(self, request: HttpRequest) -> HttpResponse:
        """The login form; `next` rides along in a hidden input."""
        context = {"username": "", "next": request.GET.get("next", ""), "error": None}
        return render(request, "login.html", context)

    def post(self, request: HttpRequest) -> HttpResponse:
        """Sign in. CsrfViewMiddleware has checked the form's token before this runs."""
        username, next_path = request.POST.get("username", ""), request.POST.get("next", "")
        password = request.POST.get("password", "")
        # authenticate() hashes the password even for an unknown user: no timing tells who exists.
        user = auth.authenticate(request, username=username, password=password)
        if user is None:
            error = "Invalid username or password."  # the same words for every failure
            context = {"username": username, "next": next_path, "error": error}
            return render(request, "login.html", context, status=400)
        # login() gives the session a new key and the CSRF cookie a new secret, so the cookies
        # from before are worthless, but keeps the key when the same user logs in again:
        # every authentication gets a new session key here (OWASP ASVS), so cycle it first.
        if request.user.is_authenticated:
            request.session.cycle_key()
        auth.login(request, user)
        # 303 See Other: the browser follows with a GET, so reloading never re-sends the password.
        # local_path(), not url_has_allowed_host_and_scheme(): that also takes relative paths
        # ("evil.example/x") and reads "\\" as "/".
        return HttpResponseRedirect(local_path(next_path), status=303)


class Logout(BaseView):
    def post(self, request: HttpRequest) -> HttpResponse:
        """Sign out: logout() deletes the session row, so a copy of the cookie is worthless."""
        auth.logout(request)
        return HttpResponseRedirect("/", status=303)
