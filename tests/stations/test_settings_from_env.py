"""Settings come from the environment and a bad value stops start-up with its name."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k7#Qp2!vX9zR4mL8wT1yB6nC3dF5gH0jK-productions-only-0123456789",
    "ALLOWED_HOSTS": "wuling.example.internal",
    "CSRF_TRUSTED_ORIGINS": "https://wuling.example.internal",
    "DATABASE_URL": "sqlite:////tmp/wuling-deploy-check.sqlite3",
}


# What the test settings put into the environment must not leak into a fresh start.
TEST_ONLY_VARIABLES = {
    "DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE",
}  # fmt: skip


def run_django(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "WULING_VAR_DIR": str(ROOT / "var" / "test"), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DEBUG", "perhaps"),
        ("DATABASE_URL", "nosuchdb://somewhere/x"),
        ("REDIS_URL", "http://127.0.0.1:6379"),
        ("SESSION_IDLE_TIMEOUT_MINUTES", "half an hour"),
        ("SESSION_IDLE_TIMEOUT_MINUTES", "0"),
    ],
)
def test_malformed_variable_stops_start_up_naming_it(variable, value):
    result = run_django(["check"], **{"DEBUG": "true", variable: value})
    assert result.returncode != 0
    assert f"Environment variable {variable}=" in result.stderr


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
        env={**clean, "DEBUG": "false", "WULING_VAR_DIR": str(ROOT / "var" / "test")},
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


def test_redis_url_switches_broker_and_cache():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='wuling.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.CELERY_BROKER_URL, s.CACHES['default']['BACKEND'])"
    )
    clean = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DEBUG": "true", "REDIS_URL": "redis://127.0.0.1:6379/5"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == ["redis://127.0.0.1:6379/5", "django.core.cache.backends.redis.RedisCache"]


def test_defaults_are_chinese_and_shanghai(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True
    assert ("en", "English") in settings.LANGUAGES


def test_sessions_end_after_thirty_idle_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
