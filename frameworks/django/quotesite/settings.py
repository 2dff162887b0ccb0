"""The Quotes site's settings, read from the environment when Django starts (django.setup()).

Django imports this module the first time something asks for a setting, not when the app's
modules are imported: under gunicorn that is in the master (gunicorn.conf.py), before it forks
the workers, and with `manage.py` in the command's own process.
"""

import os
from pathlib import Path

from .database_url import postgresql_from_url
from shared.configuration import refuse_to_start
from shared.secret_key import stored_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # PostgreSQL for several hosts (DATA-6), configured from the URL with dj-database-url, as
    # Django's community does; persistent connections, one per worker thread, checked on reuse.
    DATABASES = {"default": postgresql_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("QUOTES_DB") or BASE_DIR / "quotes.db",
            "OPTIONS": {
                # Every transaction takes the write lock at BEGIN, waiting for it up to the busy
                # timeout, instead of failing at once when a reader tries to become a writer.
                "transaction_mode": "IMMEDIATE",
                "timeout": 5,
                # WAL: readers never block the one writer, nor it them.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            },
        }
    }
# Signs the session data, the session's tie to the password hash, and Django's other tokens.
# Production sets SECRET_KEY; else one is generated into a file beside the SQLite database.
# Hosts sharing a PostgreSQL database would each generate their own: there it must be set.
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    refuse_to_start("SECRET_KEY must be set when DATABASE_URL is")
    if DATABASE_URL
    else stored_secret_key(DATABASES["default"]["NAME"])
)
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"  # tracebacks in pages: development only
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",  # users and password hashes (the demo user comes from users.json)
    "django.contrib.contenttypes",  # which auth needs
    "django.contrib.sessions",  # sessions kept in the database
    "quotes",
]
# Django's PBKDF2-SHA256 at users.json's 600,000 iterations, so that no login rewrites the hash
# that every session of the user is tied to (quotes/hashers.py says why).
PASSWORD_HASHERS = ["quotes.hashers.PBKDF2At600000"]
MIDDLEWARE = [  # requests pass down this list, responses back up it
    "django.middleware.security.SecurityMiddleware",
    "quotes.middleware.content_security_policy",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "quotes.middleware.cookie_flags",
    # WhiteNoise answers /static/ itself: the middleware above it add their headers there too.
    "quotes.middleware.StaticFiles",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "quotes.middleware.MethodCheckFirst",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "quotes.middleware.body_limit",
]
ROOT_URLCONF = "quotesite.urls"
WSGI_APPLICATION = "quotesite.wsgi.application"  # for runserver; gunicorn is told the same
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
TIME_ZONE = "UTC"  # Django sets the process's TZ from this (its default: America/Chicago)
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "shared" / "static"  # served by WhiteNoise as it is: no collectstatic
# Django logs to the console only when DEBUG is on: send warnings and tracebacks to stderr.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

SECURE_CONTENT_TYPE_NOSNIFF = True  # SecurityMiddleware: X-Content-Type-Options
SECURE_REFERRER_POLICY = "same-origin"  # SecurityMiddleware: Referrer-Policy
X_FRAME_OPTIONS = "DENY"  # XFrameOptionsMiddleware; the CSP: quotes/middleware.py

# region: sessions
# Database sessions: the cookie holds only a random session key, and logging out deletes the
# session row, so a copy of the cookie is worthless afterwards. HttpOnly, SameSite=Lax and
# Path=/ are Django's defaults, spelled out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE") == "1"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# endregion

# region: csrf
# CsrfViewMiddleware checks every unsafe request against a secret in the csrftoken cookie; the
# forms carry it masked, from {% csrf_token %}. No script reads the cookie: it can be HttpOnly.
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "quotes.errors.csrf_failure"  # the 403 page in the layout
# endregion

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "autoescape": True,  # the default: {{ value }} is HTML-escaped
            "context_processors": ["quotes.auth.current_user"],  # and csrf, always on
        },
    }
]
