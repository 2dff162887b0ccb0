"""The URLconf: each path to its view. Paths have no trailing slash, as in every sibling."""

from django.urls import path
from quotes import api, auth, errors, views

urlpatterns = [
    path("healthz", api.Healthz.as_view()),
    path("api/quotes", api.QuoteList.as_view()),
    path("api/quotes/random", api.RandomQuote.as_view()),
    # <int:...> matches [0-9]+ only; a number too large for SQLite simply finds no quote.
    path("api/quotes/<int:quote_id>", api.QuoteDetail.as_view(), name="quote"),
    path("", views.Index.as_view()),
    path("login", auth.Login.as_view()),
    path("logout", auth.Logout.as_view()),
]

# Django calls these instead of its own error views when DEBUG is off.
handler400 = errors.bad_request
handler404 = errors.not_found
handler500 = errors.server_error
