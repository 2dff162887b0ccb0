"""The JSON API: quotes in and out, problems (RFC 9457) for errors."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt

from .errors import BaseView, problem
from .models import Quote
from shared import checks


@method_decorator(csrf_exempt, name="dispatch")
class ApiView(BaseView):
    """The API takes no CSRF token: it takes only application/json, which HTML forms can't send."""


class Healthz(ApiView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return JsonResponse({"status": "ok"})


class QuoteList(ApiView):
    def get(self, request: HttpRequest) -> HttpResponse:
        """One page of quotes by id, optionally only those whose author holds `author`."""
        limit = checks.parse_ascii_int(request.GET.get("limit", "20"))
        offset = checks.parse_ascii_int(request.GET.get("offset", "0"))
        if limit is None or not 1 <= limit <= 100:
            return problem(400, checks.BAD_LIMIT)
        if offset is None:
            return problem(400, checks.BAD_OFFSET)
        quotes = Quote.objects.order_by("id")
        if author := request.GET.get("author", ""):  # contains escapes % and _ for LIKE
            quotes = quotes.filter(author_key__contains=author.casefold())
        total = quotes.count()
        # A slice puts OFFSET in the SQL as a literal, which SQLite refuses past 2**63 - 1:
        # past the end, ask for nothing.
        page = quotes[offset : offset + limit] if offset < total else []
        items = [quote.as_json() for quote in page]
        return JsonResponse({"items": items, "total": total, "limit": limit, "offset": offset})

    def post(self, request: HttpRequest) -> HttpResponse:
        """Add a quote, when signed in (the body is at most 65,536 bytes: middleware.py)."""
        if not request.user.is_authenticated:
            return problem(401, checks.SIGN_IN_FIRST)
        if request.content_type != "application/json":  # parameters such as charset aside
            return problem(415, checks.NOT_JSON_MEDIA_TYPE)
        try:  # decode() first: json.loads would also take UTF-16 and UTF-32 bytes
            payload = json.loads(request.body.decode())
        except (ValueError, RecursionError):  # bad UTF-8 or JSON, or nested too deep
            return problem(400, checks.NOT_UTF8_JSON)
        if not isinstance(payload, dict):
            return problem(400, checks.NOT_AN_OBJECT)
        form = QuoteForm(payload)
        if errors := quote_errors(payload, form):
            return problem(422, checks.INVALID_QUOTE, errors=errors)
        quote = form.save()
        response = JsonResponse(quote.as_json(), status=201)
        response["Location"] = reverse("quote", args=[quote.pk])
        return response


class QuoteForm(forms.ModelForm):
    """The model's checks on the two fields (present, stripped, not blank, not too long), then
    what only text from JSON needs, in clean_<field>(), which Django runs after those."""

    class Meta:
        model = Quote
        fields = ("text", "author")

    def clean_text(self) -> str:
        return plain_text(self.cleaned_data["text"], allow_newline=True)

    def clean_author(self) -> str:
        return plain_text(self.cleaned_data["author"])


def plain_text(value: str, allow_newline: bool = False) -> str:
    """No lone surrogate (JSON can spell "\\ud800": it is not text, and SQLite can't store it),
    no control character (an HTML parser drops a NUL: the page would differ from the API)."""
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise ValidationError("must be Unicode text")
    if checks.control_characters(value, allow_newline=allow_newline):
        raise ValidationError("must not hold control characters")
    return value


def quote_errors(payload: dict[str, Any], form: QuoteForm) -> dict[str, str]:
    """What is wrong with the quote, by member: the form's findings, and what forms let through
    (a form turns 1 into "1", and ignores members it does not know)."""
    errors = {name: "is not a known member" for name in payload if name not in form.fields}
    for name in form.fields:
        if name in payload and not isinstance(payload[name], str):
            errors[name] = "must be a string"
        elif name in form.errors:
            errors[name] = " ".join(form.errors[name])
    return errors


class RandomQuote(ApiView):
    def get(self, request: HttpRequest) -> HttpResponse:
        if quote := Quote.objects.order_by("?").first():
            return JsonResponse(quote.as_json())
        raise Http404(checks.NO_QUOTES)


class QuoteDetail(ApiView):
    """/api/quotes/<int:quote_id>: Django's int converter matches ASCII digits only."""

    def get(self, request: HttpRequest, quote_id: int) -> HttpResponse:
        """One quote by id (an id too large for SQLite matches nothing)."""
        if quote := Quote.objects.filter(pk=quote_id).first():
            return JsonResponse(quote.as_json())
        raise Http404(checks.no_quote_with_id(quote_id))

    def delete(self, request: HttpRequest, quote_id: int) -> HttpResponse:
        """Delete a quote, when signed in."""
        if not request.user.is_authenticated:
            return problem(401, checks.SIGN_IN_FIRST)
        deleted, _ = Quote.objects.filter(pk=quote_id).delete()
        if not deleted:
            raise Http404(checks.no_quote_with_id(quote_id))
        return HttpResponse(status=204)
