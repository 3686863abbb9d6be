"""Typed readers for settings that come from the environment.

Every reader names the variable when its value cannot be used, so a typo in a
deployment stops start-up with a message instead of running half-configured.

Secrets (`secret=True`: SECRET_KEY, DATABASE_URL, DATABASE_REPLICA_URL, REDIS_URL) may instead be
read from a file named by `<NAME>_FILE`, as Docker and Kubernetes secrets are
mounted; the message about a malformed secret never repeats its value.
"""

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import environ
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}

T = TypeVar("T")


def _raw(name: str, *, secret: bool) -> tuple[str | None, str]:
    """The variable's value and where it came from, for messages."""
    value = os.environ.get(name)
    file_variable = f"{name}_FILE"
    path = os.environ.get(file_variable, "").strip() if secret else ""
    if not path:
        return value, f"Environment variable {name}"
    if value is not None and value.strip():
        # Two sources for one secret: which one wins would be a guess.
        raise ImproperlyConfigured(f"Environment variables {name} and {file_variable} are both set: set only one")
    try:
        return Path(path).read_text(encoding="utf-8"), f"Environment variable {name} (read from {file_variable})"
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ImproperlyConfigured(
            f"Environment variable {file_variable}={path!r} names a file that cannot be read: {reason}"
        ) from None


def _read(name: str, default: T, parse: Callable[[str], T], expected: str, *, secret: bool = False) -> T:
    raw, source = _raw(name, secret=secret)
    if raw is None or raw.strip() == "":
        return default
    try:
        return parse(raw.strip())
    except (ValueError, KeyError, ImproperlyConfigured) as exc:
        shown = "" if secret else f"={raw!r}"
        raise ImproperlyConfigured(f"{source}{shown} is malformed: expected {expected} ({exc})") from None


def _parse_bool(raw: str) -> bool:
    value = raw.lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError(f"{raw!r} is neither true nor false")


def _parse_int(raw: str, minimum: int | None) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ValueError(f"{value} is less than {minimum}")
    return value


def _at_least(minimum: int | None) -> str:
    return "" if minimum is None else f" of at least {minimum}"


def env_bool(name: str, default: bool) -> bool:
    return _read(name, default, _parse_bool, "true/false, 1/0, yes/no or on/off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    return _read(name, default, lambda raw: _parse_int(raw, minimum), f"a whole number{_at_least(minimum)}")


def env_str(name: str, default: str, *, secret: bool = False) -> str:
    return _read(name, default, str, "text", secret=secret)


def env_choice(name: str, default: str, choices: Iterable[str]) -> str:
    """One of `choices`, in any case; answered as written in `choices`."""
    by_upper = {choice.upper(): choice for choice in choices}

    def parse(raw: str) -> str:
        if raw.upper() not in by_upper:
            raise ValueError(f"{raw!r} is not one of them")
        return by_upper[raw.upper()]

    return _read(name, default, parse, "one of " + ", ".join(by_upper.values()))


def _split(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_list(name: str, default: list[str]) -> list[str]:
    return _read(name, default, _split, "a comma-separated list")


def env_int_list(name: str, default: list[int], *, minimum: int | None = None) -> list[int]:
    def parse(raw: str) -> list[int]:
        values = [_parse_int(item, minimum) for item in _split(raw)]
        if not values:
            raise ValueError("no number in it")
        return values

    return _read(name, default, parse, f"comma-separated whole numbers{_at_least(minimum)}, e.g. 7,30")


def env_database(name: str, default: dict) -> dict:
    def parse(raw: str) -> dict:
        scheme = raw.split("://", 1)[0]
        if "://" not in raw or scheme not in environ.Env.DB_SCHEMES:
            raise ValueError(f"unknown database scheme {scheme!r}")
        return environ.Env.db_url_config(raw)

    return _read(name, default, parse, "a database URL such as postgres://user@host:5432/name", secret=True)


def env_redis_url(name: str) -> str | None:
    def parse(raw: str) -> str:
        if not raw.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("scheme must be redis://, rediss:// or unix://")
        return raw

    return _read(name, None, parse, "a Redis URL such as redis://127.0.0.1:6379/0", secret=True)
