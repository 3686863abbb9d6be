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
# Tests keep their broker folders and SQLite file apart from a running demo, and
# each pytest-xdist worker (PYTEST_XDIST_WORKER: gw0, gw1…) apart from the others,
# in a folder of its own under it. WULING_TEST_VAR_DIR_FOR records for which
# worker the folder was chosen: xdist's workers inherit the environment of the
# main process, and a Celery worker or manage.py started by a test inherits its
# worker's folder (or the one the test gives it) without a second suffix.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if os.environ.get("WULING_TEST_VAR_DIR_FOR") != XDIST_WORKER:
    _var_dir = os.environ.get("WULING_VAR_DIR") or os.path.join(
        os.path.dirname(os.path.dirname(__file__)), "var", "test"
    )
    os.environ["WULING_VAR_DIR"] = os.path.join(_var_dir, XDIST_WORKER) if XDIST_WORKER else _var_dir
    os.environ["WULING_TEST_VAR_DIR_FOR"] = XDIST_WORKER

from wuling.settings import *  # noqa: F403, E402 - after the environment above
from wuling.settings import CACHES, STORAGES, WULING  # noqa: E402

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Fast hashing: tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if XDIST_WORKER:
    # One Redis database serves every xdist worker: each worker's Celery worker
    # takes only its own queue (the test databases differ), and cache keys do
    # not meet. On the filesystem broker the folders above already differ.
    CELERY_TASK_DEFAULT_QUEUE = f"wuling-tests-{XDIST_WORKER}"
    CACHES = {name: {**cache, "KEY_PREFIX": f"wuling-tests-{XDIST_WORKER}"} for name, cache in CACHES.items()}

# With DATABASE_REPLICA_URL the `replica` alias is there (a mirror of the test database), but the
# router is off: most tests write inside a transaction the replica never sees. The read-replica
# tests (tests/stations/test_replica.py) turn it on.
DATABASE_ROUTERS = []

# A Celery worker started by a test may hold its rollup claims for a few seconds only, below the
# floor of 60 that a deployment gets (tests/stats/test_workers_on_several_hosts.py).
if os.environ.get("WULING_TEST_STATS_CLAIM_SECONDS"):
    WULING = {**WULING, "STATS_CLAIM_SECONDS": int(os.environ["WULING_TEST_STATS_CLAIM_SECONDS"])}
