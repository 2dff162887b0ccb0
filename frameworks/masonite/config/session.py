import os

# Masonite's cookie driver keeps session data in cookies (s_<key>), encrypted with the app key
# by EncryptCookies; these options apply to every cookie the app sets, SESSID and csrf_token too.
DRIVERS = {
    "default": "cookie",
    "cookie": {
        "samesite": "Lax",  # Masonite's default is Strict
        "http_only": True,
        "secure": os.environ.get("SESSION_COOKIE_SECURE") == "1",
    },
}
