"""Django's own trivial route: a constant JSON response, from a one-file project."""

import secrets

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, JsonResponse
from django.urls import path

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    SECRET_KEY=secrets.token_urlsafe(50),
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
)


def trivial(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"message": "Hello, World!"})


urlpatterns = [path("", trivial)]
app = get_wsgi_application()
