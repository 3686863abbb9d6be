"""Typed readers for settings that come from the environment.

Every reader names the variable when its value cannot be used, so a typo in a
deployment stops start-up with a message instead of running half-configured.
"""

import os
from collections.abc import Callable
from typing import TypeVar

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

T = TypeVar("T")


def _read(name: str, default: T, parse: Callable[[str], T], expected: str) -> T:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return parse(raw.strip())
    except (ValueError, KeyError, ImproperlyConfigured) as exc:
        raise ImproperlyConfigured(
            f"Environment variable {name}={raw!r} is malformed: expected {expected} ({exc})"
        ) from None


def _parse_bool(raw: str) -> bool:
    value = raw.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{raw!r} is neither true nor false")


def env_bool(name: str, default: bool) -> bool:
    return _read(name, default, _parse_bool, "true/false, 1/0, yes/no or on/off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    def parse(raw: str) -> int:
        value = int(raw)
        if minimum is not None and value < minimum:
            raise ValueError(f"must be at least {minimum}")
        return value

    return _read(name, default, parse, "a whole number")


def env_str(name: str, default: str) -> str:
    return _read(name, default, str, "text")


def env_list(name: str, default: list[str]) -> list[str]:
    def parse(raw: str) -> list[str]:
        return [item.strip() for item in raw.split(",") if item.strip()]

    return _read(name, default, parse, "a comma-separated list")


def env_database(name: str, default: dict) -> dict:
    def parse(raw: str) -> dict:
        scheme = raw.split("://", 1)[0]
        if "://" not in raw or scheme not in environ.Env.DB_SCHEMES:
            raise ValueError(f"unknown database scheme {scheme!r}")
        return environ.Env.db_url_config(raw)

    return _read(name, default, parse, "a database URL such as postgres://user@host:5432/name")


def env_redis_url(name: str) -> str | None:
    def parse(raw: str) -> str:
        if not raw.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("scheme must be redis://, rediss:// or unix://")
        return raw

    return _read(name, None, parse, "a Redis URL such as redis://127.0.0.1:6379/0")
