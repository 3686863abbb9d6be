"""Test settings: the production settings, with what a test run needs changed.

DATABASE_URL and REDIS_URL are honoured as in production (CI sets both).
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-that-is-long-enough-0123456789-abcdefghij")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
# Tests keep their broker folders and SQLite file apart from a running demo.
os.environ.setdefault("WULING_VAR_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test"))

from wuling.settings import *  # noqa: F403
from wuling.settings import STORAGES

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Fast hashing: tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
