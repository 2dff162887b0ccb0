"""The password hasher: Django's PBKDF2-SHA256 at the work factor of the hash in users.json."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class PBKDF2At600000(PBKDF2PasswordHasher):
    """Django 5.2's hasher runs 1,000,000 iterations, and check_password() rehashes and saves a
    hash made with fewer. The saved hash is what every session of that user is tied to
    (get_session_auth_hash), so the first login's rewrite signed out a login made at the same
    moment. At users.json's 600,000 (OWASP's figure for PBKDF2-HMAC-SHA256) nothing is
    rewritten. Django's docs raise a work factor this way: a subclass in PASSWORD_HASHERS."""

    iterations = 600_000
