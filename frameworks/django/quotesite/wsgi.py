"""The WSGI application gunicorn serves (quotesite.wsgi:application): Django's, as startproject
makes it, behind one small WSGI middleware that reads the request body first."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from shared.wsgi_body import ReadBodyFirst

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotesite.settings")
# region: body-validation
# The shared WSGI wrapper (checks.py) reads every body first: Django reads a body by its
# Content-Length, so a chunked one would look empty; the body_limit middleware
# (quotes/middleware.py) then answers a body over the limit with a 413.
application = ReadBodyFirst(get_wsgi_application(), settings.MAX_BODY_BYTES)
# endregion
