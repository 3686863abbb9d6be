"""Settings come from the environment and a bad value stops start-up with its name."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
# This xdist worker's own test folder (tests/settings.py), for what a fresh start writes.
VAR_DIR = str(settings.VAR_DIR)
PRODUCTION_KEY = "k7#Qp2!vX9zR4mL8wT1yB6nC3dF5gH0jK-productions-only-0123456789"
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": PRODUCTION_KEY,
    "ALLOWED_HOSTS": "wuling.example.internal",
    "CSRF_TRUSTED_ORIGINS": "https://wuling.example.internal",
    "DATABASE_URL": f"sqlite:///{VAR_DIR}/deploy-check.sqlite3",
}


# What the test settings put into the environment must not leak into a fresh start.
TEST_ONLY_VARIABLES = {
    "DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE",
    "SECRET_KEY_FILE", "DATABASE_URL_FILE", "REDIS_URL_FILE",
    "DATABASE_REPLICA_URL", "DATABASE_REPLICA_URL_FILE", "WULING_TEST_STATS_CLAIM_SECONDS",
}  # fmt: skip


def run_django(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "WULING_VAR_DIR": VAR_DIR, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def start_up_error(result) -> str:
    """The last line of a failed start-up: the error the operator reads."""
    assert result.returncode != 0, result.stdout
    return result.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("DEBUG", "perhaps", "expected true/false"),
        ("DATABASE_URL", "nosuchdb://somewhere/x", "expected a database URL"),
        ("REDIS_URL", "http://127.0.0.1:6379", "expected a Redis URL"),
        ("DATABASE_REPLICA_URL", "nosuchdb://somewhere/x", "expected a database URL"),
        ("DATABASE_REPLICA_URL", "postgres://wuling@replica/wuling", "names a replica of the primary"),
        ("DATABASE_REPLICA_CONNECT_TIMEOUT", "0", "expected a whole number of at least 1"),
        ("DATABASE_REPLICA_RETRY_SECONDS", "soon", "expected a whole number"),
        ("DATABASE_REPLICA_PIN_SECONDS", "-1", "expected a whole number of at least 0"),
        ("SESSION_IDLE_TIMEOUT_MINUTES", "half an hour", "expected a whole number of at least 1"),
        ("SESSION_IDLE_TIMEOUT_MINUTES", "0", "expected a whole number of at least 1"),
        ("WULING_MEDIATION_FOLLOW_UP_DAYS", "7,x", "expected comma-separated whole numbers of at least 1"),
        ("WULING_MEDIATION_FOLLOW_UP_DAYS", "7,0", "expected comma-separated whole numbers of at least 1"),
        ("WULING_MEDIATION_FOLLOW_UP_DAYS", ",", "expected comma-separated whole numbers"),
        ("WULING_STATS_TRAILING_DAYS", "ninety", "expected a whole number"),
        ("WULING_STATS_CLAIM_SECONDS", "5", "expected a whole number of at least 60"),
        ("WULING_COMMUNITY_IMPORT_MAX_BYTES", "5MB", "expected a whole number"),
        ("WULING_REPEAT_CALL_THRESHOLD", "3.5", "expected a whole number"),
        ("AXES_FAILURE_LIMIT", "-1", "expected a whole number of at least 1"),
        ("LOG_LEVEL", "loud", "expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
    ],
)
def test_malformed_variable_stops_start_up_naming_it(variable, value, expected):
    error = start_up_error(run_django(["check"], **{"DEBUG": "true", variable: value}))
    assert error.startswith(f"django.core.exceptions.ImproperlyConfigured: Environment variable {variable}")
    assert expected in error


def test_a_malformed_value_is_quoted_back_but_a_malformed_secret_is_not():
    error = start_up_error(run_django(["check"], DEBUG="true", WULING_MEDIATION_FOLLOW_UP_DAYS="7,x"))
    assert "WULING_MEDIATION_FOLLOW_UP_DAYS='7,x' is malformed" in error
    error = start_up_error(run_django(["check"], DEBUG="true", DATABASE_URL="nosuchdb://wuling:hunter2@db/x"))
    assert "DATABASE_URL is malformed" in error
    assert "hunter2" not in error


def test_follow_up_days_and_log_level_are_read_typed():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='wuling.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.WULING['MEDIATION_FOLLOW_UP_DAYS'], s.LOGGING['root']['level'])"
    )
    result = run_python(code, DEBUG="true", WULING_MEDIATION_FOLLOW_UP_DAYS=" 3, 10 ,", LOG_LEVEL="warning")
    assert result.stdout.split() == ["[3,", "10]", "WARNING"], result.stderr


def test_a_replica_url_adds_the_replica_alias_and_its_router_and_none_adds_nothing():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='wuling.settings'; django.setup();"
        "from django.conf import settings as s; r = s.DATABASES.get('replica');"
        "print(sorted(s.DATABASES), s.DATABASE_ROUTERS,"
        " r and (r['HOST'], r['PORT'], r['OPTIONS']['connect_timeout'], r['TEST']['MIRROR']))"
    )
    primary = "postgres://wuling:pw@db:5432/wuling"
    result = run_python(
        code, DEBUG="true", DATABASE_URL=primary, DATABASE_REPLICA_URL="postgres://wuling:pw@db2:5433/wuling"
    )
    assert (
        result.stdout.strip() == "['default', 'replica'] ['wuling.replica.ReplicaRouter'] ('db2', 5433, 2, 'default')"
    )
    result = run_python(code, DEBUG="true", DATABASE_URL=primary)
    assert result.stdout.strip() == "['default'] [] None", result.stderr


# --- Secrets from files (<NAME>_FILE), as Docker and Kubernetes mount them ---------------------

SHOW_SECRETS = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='wuling.settings'; django.setup();"
    "from django.conf import settings as s; db = s.DATABASES['default'];"
    "print(s.SECRET_KEY); print(db['ENGINE'], db['USER'], db['PASSWORD'], db['NAME']); print(s.CELERY_BROKER_URL)"
)


def test_secrets_are_read_from_the_files_named_by_their_file_variables(tmp_path):
    secrets = {
        "SECRET_KEY": PRODUCTION_KEY,
        "DATABASE_URL": "postgres://wuling:s3cret@db:5432/wuling",
        "REDIS_URL": "redis://:s3cret@redis:6379/2",
    }
    files = {}
    for name, value in secrets.items():
        (tmp_path / name).write_text(value + "\n")  # as `echo … > file` writes it
        files[f"{name}_FILE"] = str(tmp_path / name)
    result = run_python(SHOW_SECRETS, DEBUG="false", **files)
    assert result.stdout.splitlines() == [
        PRODUCTION_KEY,
        "django.db.backends.postgresql wuling s3cret wuling",
        "redis://:s3cret@redis:6379/2",
    ], result.stderr


def test_the_deploy_check_passes_with_the_secret_key_from_a_file(tmp_path):
    (tmp_path / "secret_key").write_text(PRODUCTION_KEY)
    env = {**PRODUCTION_ENV, "SECRET_KEY": "", "SECRET_KEY_FILE": str(tmp_path / "secret_key")}
    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], **env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_secret_given_both_ways_stops_start_up(tmp_path):
    (tmp_path / "secret_key").write_text(PRODUCTION_KEY)
    error = start_up_error(
        run_django(["check"], DEBUG="true", SECRET_KEY=PRODUCTION_KEY, SECRET_KEY_FILE=str(tmp_path / "secret_key"))
    )
    assert "Environment variables SECRET_KEY and SECRET_KEY_FILE are both set" in error


def test_an_unreadable_secret_file_stops_start_up_naming_it(tmp_path):
    missing = tmp_path / "no-such-file"
    error = start_up_error(run_django(["check"], DEBUG="true", REDIS_URL_FILE=str(missing)))
    assert f"Environment variable REDIS_URL_FILE='{missing}' names a file that cannot be read" in error


def test_a_malformed_secret_from_a_file_names_both_and_not_the_value(tmp_path):
    (tmp_path / "database_url").write_text("mysq1://wuling:hunter2@db/wuling")
    error = start_up_error(run_django(["check"], DEBUG="true", DATABASE_URL_FILE=str(tmp_path / "database_url")))
    assert "Environment variable DATABASE_URL (read from DATABASE_URL_FILE) is malformed" in error
    assert "hunter2" not in error


def test_secret_key_is_required_when_debug_is_off():
    result = run_django(["check"], DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_tooling_commands_run_without_secrets():
    result = run_django(["makemigrations", "--check", "--dry-run"], DEBUG="false")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_the_web_server_refuses_to_start_without_a_secret_key():
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-c", "import wuling.wsgi"],
        cwd=ROOT,
        env={**clean, "DEBUG": "false", "WULING_VAR_DIR": VAR_DIR},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_development_default_secret_key_only_with_debug():
    assert run_django(["check"], DEBUG="true").returncode == 0


def test_production_settings_pass_the_deploy_check():
    result = run_django(["check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def run_python(code, **env):
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "WULING_VAR_DIR": VAR_DIR, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_redis_url_switches_broker_and_cache():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='wuling.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND'])"
    )
    result = run_python(code, DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/5")
    assert result.stdout.split() == ["redis://127.0.0.1:6379/5", "django.core.cache.backends.redis.RedisCache"]


def test_defaults_are_chinese_and_shanghai(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert ("en", "English") in settings.LANGUAGES


def test_sessions_end_after_thirty_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
