"""The production settings, for a benchmark run: DEBUG off (no query log), no HTTPS redirects."""

import os

os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-for-anything-else-0123456789")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("WULING_VAR_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "bench"))

from wuling.settings import *  # noqa: F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The rollup's START/DONE line per chunk would bury the figures: the benchmark times the runs itself.
LOGGING["loggers"]["stats.rollup"] = {"level": "WARNING"}  # noqa: F405
# Nor the sign-in log of the benchmark's own test clients.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}  # noqa: F405
