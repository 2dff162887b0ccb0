"""The page: a featured quote and the newest ones (the API's views are in api.py, login's in
auth.py)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import BaseView
from .models import Quote


class Index(BaseView):
    def get(self, request: HttpRequest) -> HttpResponse:
        """A featured random quote and the 20 newest (Django templates escape what they show)."""
        featured = Quote.objects.order_by("?").first()
        latest = Quote.objects.order_by("-id")[:20]
        return render(request, "index.html", {"featured": featured, "latest": latest})
