"""PTL, Quixote's own templates: .ptl modules of Python functions whose expression statements
are the output. In a @ptl_html function every string literal and value is HTML-escaped unless
it is htmltext, so an F-string's markup is kept and what it interpolates is escaped.
"""

from __future__ import annotations

import quixote.ptl.install  # noqa: F401  the import hook that compiles templates/*.ptl
from templates.error import error_page
from templates.index import index_page
from templates.login import login_page

__all__ = ["error_page", "index_page", "login_page"]
