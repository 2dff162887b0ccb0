"""The WSGI application gunicorn serves (quotesite.wsgi:application): Django's, as startproject
makes it, behind one small WSGI middleware that reads the request body first."""

import os

from django.core.wsgi import get_wsgi_application

from shared.checks import MAX_BODY_BYTES
from shared.wsgi_body import ReadBodyFirst

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quotesite.settings")
# The shared WSGI wrapper reads every body first: Django reads a body by its Content-Length,
# so a chunked one would look empty; the body_limit middleware (quotes/middleware.py) then
# answers a body over the limit with a 413.
application = ReadBodyFirst(get_wsgi_application(), MAX_BODY_BYTES)
