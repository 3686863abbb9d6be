"""The few SQL expressions that differ between PostgreSQL and SQLite, and the one way the
rollup's SQL names tables and columns and spells constants.

The rollup's statements are composed as text (they must run on SQLite too, so
`psycopg.sql` is not an option). Every identifier goes through `quote_name` or
`table_of`, every constant through `literal` and every id list through
`id_list`; values that vary per call are bound parameters (`%(start)s`, `%s`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Model


def quote_name(*parts: str) -> str:
    """An identifier, quoted for the current database: `quote_name("t", "day")` is `"t"."day"`."""
    return ".".join(connection.ops.quote_name(part) for part in parts)


def table_of(model: type[Model] | str) -> str:
    """The quoted table of a model or of an "app_label.Model" label."""
    if isinstance(model, str):
        from django.apps import apps

        model = apps.get_model(model)
    return quote_name(model._meta.db_table)


def literal(value: str) -> str:
    """A constant of the code (a choice's value, a time zone) as an SQL string literal."""
    if "%" in str(value):  # the statements run with bound parameters: % would need doubling
        raise ValueError(f"{value!r}: a constant with % is passed as a parameter, not spelled in the SQL.")
    return "'" + str(value).replace("'", "''") + "'"


def literals(values) -> str:
    """Constants for an `IN (…)` list."""
    return ", ".join(literal(value) for value in values)


def id_list(ids) -> str:
    """Primary keys for an `IN (…)` list, each forced to an integer."""
    return ", ".join(str(int(pk)) for pk in ids)


class Dialect:
    vendor = "postgresql"

    def local_day(self, column: str) -> str:
        """The calendar day of a stored (UTC) timestamp in the project's time zone."""
        return f"CAST(({column} AT TIME ZONE {literal(settings.TIME_ZONE)}) AS DATE)"

    def whole_minutes(self, start: str, end: str) -> str:
        return f"CAST(FLOOR(EXTRACT(EPOCH FROM ({end} - {start})) / 60) AS INTEGER)"

    def least(self, a: str, b: str) -> str:
        return f"LEAST({a}, {b})"

    def days_between(self, first_day: str, last_day: str) -> str:
        """Whole calendar days from one date to another."""
        return f"({last_day} - {first_day})"

    def month_start(self, date_column: str) -> str:
        return f"CAST(DATE_TRUNC('month', {date_column}) AS DATE)"

    def as_text(self, expr: str) -> str:
        return f"CAST({expr} AS TEXT)"

    @contextmanager
    def hash_joins(self, cursor) -> Iterator[None]:
        """Join by hashing for the statements inside, in the current transaction.

        For joins against rows written earlier in the same transaction (a refill's
        scratch rows): the planner's statistics have never seen them, so it expects
        one row and probes the other side once per row, ten times slower than a hash
        join over a few thousand rows.
        """
        cursor.execute(
            "SELECT current_setting('enable_nestloop'), current_setting('enable_mergejoin'), "
            "set_config('enable_nestloop', 'off', true), set_config('enable_mergejoin', 'off', true)"
        )
        nestloop, mergejoin, _off, _off_too = cursor.fetchone()
        try:
            yield
        finally:
            cursor.execute(
                "SELECT set_config('enable_nestloop', %s, true), set_config('enable_mergejoin', %s, true)",
                [nestloop, mergejoin],
            )


class SQLiteDialect(Dialect):
    vendor = "sqlite"

    def local_day(self, column: str) -> str:
        # SQLite has no time zones: Django stores naive UTC text. Asia/Shanghai
        # has kept one offset since 1991, so a fixed shift is exact.
        return f"date({column}, {literal(_fixed_offset_modifier())})"

    def whole_minutes(self, start: str, end: str) -> str:
        # julianday is a float; rounding to milliseconds first keeps whole minutes exact.
        return f"(CAST(ROUND((julianday({end}) - julianday({start})) * 86400000) AS INTEGER) / 60000)"

    def least(self, a: str, b: str) -> str:
        return f"MIN({a}, {b})"

    def days_between(self, first_day: str, last_day: str) -> str:
        return f"CAST(julianday({last_day}) - julianday({first_day}) AS INTEGER)"

    def month_start(self, date_column: str) -> str:
        return f"date({date_column}, 'start of month')"

    @contextmanager
    def hash_joins(self, cursor) -> Iterator[None]:
        yield  # SQLite plans its own way, with no statistics to mislead it.


def _fixed_offset_modifier() -> str:
    zone = ZoneInfo(settings.TIME_ZONE)
    offsets = {
        datetime(year, month, 1, tzinfo=UTC).astimezone(zone).utcoffset() for year in (2000, 2030) for month in (1, 7)
    }
    if len(offsets) != 1:
        raise ImproperlyConfigured(
            f"TIME_ZONE {settings.TIME_ZONE!r} has daylight saving time: the SQLite rollup needs a fixed offset "
            "(use PostgreSQL)."
        )
    minutes = int(offsets.pop().total_seconds() // 60)
    return f"{'+' if minutes >= 0 else '-'}{abs(minutes)} minutes"


def current_dialect() -> Dialect:
    if connection.vendor == "postgresql":
        return Dialect()
    if connection.vendor == "sqlite":
        return SQLiteDialect()
    raise ImproperlyConfigured(f"The statistics rollup supports PostgreSQL and SQLite, not {connection.vendor}.")
