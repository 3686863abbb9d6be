"""Wuling settings, read from the environment.

With no environment set, the application runs on the embedded default: SQLite
in WAL mode and Celery on kombu's filesystem broker, everything under var/.
With DATABASE_URL and REDIS_URL set it runs on PostgreSQL and Redis.
"""

from datetime import timedelta
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from wuling.env import (
    env_bool,
    env_choice,
    env_database,
    env_int,
    env_int_list,
    env_list,
    env_redis_url,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("WULING_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)

_DEV_SECRET_KEY = "django-insecure-wuling-development-only-never-in-production"
# Empty when DEBUG is off and none is given: tooling (makemigrations,
# collectstatic) runs without secrets, while serving is refused by the
# wuling.E001 system check (runserver, check) and by wsgi.py (gunicorn).
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "", secret=True)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "django_filters",
    "django_tables2",
    "crispy_forms",
    "crispy_bootstrap5",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "stations.apps.AxesConfig",  # django-axes, named in Chinese in the admin
    "csp",
    "django_htmx",
    # Ours: the organisation with its one door (scoping) and audit; the shared kit, which reads only
    # those; then the domain apps, each reading only the ones above it (stations' own pages use the kit).
    "stations",
    "kit",
    "community",
    "cases",
    "mediation",
    "staffing",
    "equipment",
    "antifraud",
    "control",
    "stats",
    "places",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "stations.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "stations.middleware.ErrorReferenceMiddleware",
    # Axes goes last so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wuling.urls"
WSGI_APPLICATION = "wuling.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "stations.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
_SQLITE_DEFAULT = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": str(VAR_DIR / "wuling.sqlite3"),
}
DATABASES = {"default": env_database("DATABASE_URL", _SQLITE_DEFAULT)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            # WAL lets the web server read while the worker writes.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    # A file, not memory, so that a Celery worker process started by a test
    # can see the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-wuling.sqlite3")}
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env_int("DB_CONN_MAX_AGE", 60, minimum=0))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A streaming replica of the primary for reading traffic: dashboards, the statistics API and exports
# read from it, everything else from the primary (wuling/replica.py). It is tried for a short
# connect timeout; one that does not answer is left alone for DATABASE_REPLICA_RETRY_SECONDS.
_REPLICA = env_database("DATABASE_REPLICA_URL", {})
DATABASE_REPLICA_RETRY_SECONDS = env_int("DATABASE_REPLICA_RETRY_SECONDS", 10, minimum=0)
_REPLICA_CONNECT_TIMEOUT = env_int("DATABASE_REPLICA_CONNECT_TIMEOUT", 2, minimum=1)
# A session that has just written reads its reading traffic from the primary for this long.
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 10, minimum=0)
if _REPLICA:
    if DATABASES["default"]["ENGINE"] != _REPLICA["ENGINE"] or "postgresql" not in _REPLICA["ENGINE"]:
        raise ImproperlyConfigured(
            "Environment variable DATABASE_REPLICA_URL names a replica of the primary: set DATABASE_URL "
            "to the PostgreSQL primary and DATABASE_REPLICA_URL to a postgres:// URL of its replica"
        )
    _REPLICA.setdefault("OPTIONS", {}).setdefault("connect_timeout", _REPLICA_CONNECT_TIMEOUT)
    _REPLICA["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    _REPLICA["CONN_HEALTH_CHECKS"] = True
    # Tests read the primary's test database through it (streamed to the replica when committed).
    _REPLICA["TEST"] = {"MIRROR": "default"}
    DATABASES["replica"] = _REPLICA
    DATABASE_ROUTERS = ["wuling.replica.ReplicaRouter"]
    # After the session middleware (it needs the session) and before it in the answer's way back.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
        "wuling.replica.ReplicaPinMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery -----------------------------------------------
REDIS_URL = env_redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    _BROKER_DIR = VAR_DIR / "celery" / "broker"
    _CONTROL_DIR = VAR_DIR / "celery" / "control"
    _RESULTS_DIR = VAR_DIR / "celery" / "results"
    for _folder in (_BROKER_DIR, _CONTROL_DIR, _RESULTS_DIR):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_BROKER_DIR),
        "data_folder_out": str(_BROKER_DIR),
        # Exchange tables; kombu's default is ./control in the working directory.
        "control_folder": str(_CONTROL_DIR),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{_RESULTS_DIR}"

CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_ENABLE_UTC = True
CELERY_RESULT_EXPIRES = timedelta(days=1)
# Tasks are not idempotent unless they say so (acks_late=True on the task).
CELERY_TASK_ACKS_LATE = False
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Periodic work; apps add their entries here so that the whole schedule is
# readable in one place.
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {
        "task": "stations.tasks.heartbeat",
        "schedule": timedelta(minutes=5),
    },
    # Follow-ups due/overdue and red/orange disputes without a session (idempotent).
    "mediation-daily-reminders": {
        "task": "mediation.tasks.daily_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    # Uploads made while the broker was down are queued again (kit.tasks).
    "community-requeue-waiting-imports": {
        "task": "community.tasks.requeue_waiting_imports",
        "schedule": timedelta(minutes=5),
    },
    "community-mark-overdue-hazards": {
        "task": "community.tasks.mark_overdue_hazards",
        "schedule": timedelta(hours=1),
    },
    # Statistics: new and corrected days every few minutes, the whole trailing window nightly.
    # Control centre: overdue orders urged into the station supervisors' queue, unsigned parts reminded.
    "control-sweep": {
        "task": "control.tasks.sweep",
        "schedule": timedelta(minutes=30),
    },
    "stats-rollup": {
        "task": "stats.tasks.rollup_all",
        "schedule": timedelta(minutes=env_int("WULING_STATS_ROLLUP_MINUTES", 15, minimum=1)),
    },
    "stats-rollup-window": {
        "task": "stats.tasks.rollup_all",
        "schedule": crontab(hour=2, minute=30),
        "kwargs": {"full_window": True},
    },
}

# --- Authentication and sessions -------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_IDLE_TIMEOUT_MINUTES = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
# Every request renews the cookie, so the age above is an idle timeout.
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 10, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "stations.views.auth.locked_out"
AXES_VERBOSE = False
# Lock the account, not the address: a station's officers share one NAT
# address, and locking it would lock the whole station out.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Security --------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    # The health check is probed over plain HTTP from inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Scripts only from our own origin; htmx runs with eval disabled (see
# base.html), so no 'unsafe-eval'. Inline style attributes stay allowed
# because ECharts and Bootstrap set them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- API ----------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first (django-rest-knox: stored hashed, with a lifetime). DRF answers an unauthenticated
    # request with the first class's challenge, so a client without credentials gets 401 with
    # `WWW-Authenticate: Token` rather than a bare 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["kit.api.permissions.ModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "kit.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "EXCEPTION_HANDLER": "kit.api.exceptions.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "kit.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# API tokens live for a working shift unless told otherwise, and die at sign-out, password change
# and deactivation (stations.signals). Each issuance is audited like a sign-in.
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env_int("API_TOKEN_HOURS", 12, minimum=1)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Wuling API",
    "DESCRIPTION": "武陵分局社区警务与案件管理系统 API (station-scoped; see README).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    # No badge from the online validator: the intranet has no internet.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kit.api.schema.document_refusals",
    ],
    # Several models have a field called "status"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "IncidentStatusEnum": "cases.choices.IncidentStatus",
        "CaseStatusEnum": "cases.choices.CaseStatus",
        "PersonStatusEnum": "cases.choices.PersonStatus",
        "HazardStatusEnum": "community.choices.HazardStatus",
        "ImportStatusEnum": "community.choices.ImportStatus",
        "DisputeStatusEnum": "mediation.choices.DisputeStatus",
        "FollowUpStatusEnum": "mediation.choices.FollowUpStatus",
        "WarningOutcomeEnum": "antifraud.choices.WarningOutcome",
        "WarningStatusEnum": "antifraud.choices.WarningStatus",
        "EquipmentItemStatusEnum": "equipment.choices.ItemStatus",
        "OrderStatusEnum": "control.choices.OrderStatus",
        "PartStatusEnum": "control.choices.PartStatus",
        "TaskItemStatusEnum": "control.choices.ItemStatus",
        "ItemResultEnum": "control.choices.ItemResult",
        "FollowUpResultEnum": "mediation.choices.FollowUpResult",
    },
}

# --- Forms and tables --------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Tables (django-tables2) ------------------------------------------------
DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5-responsive.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-hover table-sm align-middle"}

# --- Logging --------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # No identifier in a log line: query strings (searches by ID number or phone) are cut.
    "filters": {"no_query_strings": {"()": "kit.logs.DropQueryStrings"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["no_query_strings"]}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]),
    },
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # runserver's request lines (make run), otherwise written by Django's own handler, unfiltered.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Domain settings -----------------------------------------------------------
WULING = {
    # Incidents from one address within this many days count as repeat calls.
    "REPEAT_CALL_WINDOW_DAYS": env_int("WULING_REPEAT_CALL_WINDOW_DAYS", 30, minimum=1),
    "REPEAT_CALL_THRESHOLD": env_int("WULING_REPEAT_CALL_THRESHOLD", 3, minimum=1),
    # Follow-up visits (回访) scheduled after a mediation agreement, in days after signing.
    "MEDIATION_FOLLOW_UP_DAYS": env_int_list("WULING_MEDIATION_FOLLOW_UP_DAYS", [7, 30], minimum=1),
    # Days after registration by which a red/orange dispute must have had a session.
    "MEDIATION_SESSION_DUE_DAYS": {
        "red": env_int("WULING_MEDIATION_RED_SESSION_DAYS", 1, minimum=0),
        "orange": env_int("WULING_MEDIATION_ORANGE_SESSION_DAYS", 1, minimum=0),
    },
    # community: a community with no household visit for this many days is flagged to supervisors.
    "COMMUNITY_VISIT_GAP_DAYS": env_int("WULING_COMMUNITY_VISIT_GAP_DAYS", 14, minimum=1),
    # community: register imports (xlsx) larger than this, or with more rows, are refused.
    "COMMUNITY_IMPORT_MAX_BYTES": env_int("WULING_COMMUNITY_IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024),
    "COMMUNITY_IMPORT_MAX_ROWS": env_int("WULING_COMMUNITY_IMPORT_MAX_ROWS", 20000, minimum=1),
    # Statistics (stats/conf.py): days recomputed behind today, beat interval, longest period asked.
    "STATS_TRAILING_DAYS": env_int("WULING_STATS_TRAILING_DAYS", 90, minimum=1),
    "STATS_ROLLUP_MINUTES": env_int("WULING_STATS_ROLLUP_MINUTES", 15, minimum=1),
    "STATS_MAX_RANGE_DAYS": env_int("WULING_STATS_MAX_RANGE_DAYS", 3 * 366, minimum=1),
    # Control centre (control/): hours a station has to sign for an order; verification samples this per cent of
    # a part's items once it has at least CONTROL_SAMPLE_FROM_ITEMS; an urging order gives this many hours.
    "CONTROL_SIGN_HOURS": env_int("WULING_CONTROL_SIGN_HOURS", 24, minimum=1),
    "CONTROL_SAMPLE_PERCENT": env_int("WULING_CONTROL_SAMPLE_PERCENT", 10, minimum=1),
    "CONTROL_SAMPLE_FROM_ITEMS": env_int("WULING_CONTROL_SAMPLE_FROM_ITEMS", 20, minimum=1),
    "CONTROL_URGING_HOURS": env_int("WULING_CONTROL_URGING_HOURS", 24, minimum=1),
    # A station's rollup claim lapses after this long, so a crashed worker's claim does not block it for ever.
    "STATS_CLAIM_SECONDS": env_int("WULING_STATS_CLAIM_SECONDS", 2 * 60, minimum=60),
    # Longest a dashboard's figures stay cached (stats/cache.py); each rollup run invalidates them anyway.
    "STATS_CACHE_SECONDS": env_int("WULING_STATS_CACHE_SECONDS", 15 * 60, minimum=1),
    # places: a dispute whose party or address comes back in an incident of fighting or injury (民转刑)
    # within this many days of its registration turns red; the words that make an incident one of those.
    "TURNED_CRIMINAL_WINDOW_DAYS": env_int("WULING_PLACES_TURNED_CRIMINAL_WINDOW_DAYS", 180, minimum=1),
    "TURNED_CRIMINAL_KEYWORDS": env_list(
        "WULING_PLACES_TURNED_CRIMINAL_KEYWORDS", ["打架", "斗殴", "殴打", "伤害", "打人", "持刀", "互殴"]
    ),
    # places: the coordinate system the map's GeoJSON is in, as the map states it.
    "MAP_CRS": env_str("WULING_PLACES_MAP_CRS", "CGCS2000 / WGS 84 (EPSG:4490 ≈ EPSG:4326)"),
    # places: incidents of the last this many days on the map's incident layer, unless asked otherwise.
    "MAP_INCIDENT_DAYS": env_int("WULING_PLACES_MAP_INCIDENT_DAYS", 30, minimum=1),
}
