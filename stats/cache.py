"""The dashboards' figures, cached until the next rollup run.

A dashboard is a few aggregate queries over the rollup rows and a few
hundred derived figures: cheap, but every page view and API call of a
supervisor would compute the same figures again between two rollup runs
(every 15 minutes), and nothing they read changes in between except the
resident register (anti-fraud app coverage, read as it stood at the end of
the period) and the officers in service, which the cache's time limit bounds.

The key is everything that changes what a user is shown:
- the rollup generation: a token replaced at the end of every rollup run
  (`bump_generation`, called by `stats.rollup.run_rollup`), so a run
  invalidates every cached figure at once without deleting keys;
- the scope's identity: its kind and the ids it carries (station today;
  bureau and city when the scope carries them), whatever its fields;
- what the viewer may see: a superuser, or their profile's station (and
  bureau and city, when profiles carry them): two supervisors of one bureau
  share the entries, a station officer never gets the bureau's;
- the period (kind, first and last day) and today (a period reaching past
  today is counted to today, so the same request means other days tomorrow);
- the language (labels, units and the comparison sentence are translated).
No personal data is part of a dashboard, so there is no "revealed" variant.

Backend: Django's default cache (Redis when REDIS_URL is set, shared by
every process; local memory otherwise, per process, where the time limit
`STATS_CACHE_SECONDS` bounds how stale a figure can be after a rollup run
in another process).
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable
from datetime import date

from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import get_language

from stations.scoping import staff_profile
from stats.conf import stats_setting

GENERATION_KEY = "wuling:stats:generation"
PREFIX = "wuling:stats:board"


def generation() -> str:
    """The current rollup generation; a fresh one if the cache lost it (never an old one back)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = _new_generation()
        # add, not set: of two processes finding it missing, both use the one that won.
        if not cache.add(GENERATION_KEY, value, timeout=None):
            value = cache.get(GENERATION_KEY) or value
    return value


def _new_generation() -> str:
    return f"{time.time_ns():x}"


def bump_generation() -> None:
    """Every cached figure is stale from now on: called at the end of each rollup run, and again
    when its transaction commits (a request between the two would have cached old rows)."""
    cache.set(GENERATION_KEY, _new_generation(), timeout=None)
    transaction.on_commit(lambda: cache.set(GENERATION_KEY, _new_generation(), timeout=None))


def _identity(value) -> str:
    if isinstance(value, models.Model):
        return str(value.pk)
    if value is None:
        return "-"
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(sorted(_identity(v) for v in value))
    return str(value)


def scope_identity(scope) -> str:
    """kind and ids of a Scope, from its fields (so a bureau or city field counts once it exists)."""
    parts = [f"{f.name}={_identity(getattr(scope, f.name))}" for f in dataclasses.fields(scope)]
    return ";".join(parts)


def viewer_identity(user) -> str:
    """What decides the stations a user sees (stations.scoping), without a query."""
    if user.is_superuser:
        return "superuser"
    profile = staff_profile(user)
    if profile is None:
        return "nobody"
    ids = [f"{name}={getattr(profile, f'{name}_id', None)}" for name in ("station", "bureau", "city")]
    return ";".join(ids)


def cache_key(part: str, *, user, scope, period, today: date | None = None) -> str:
    today = today or timezone.localdate()
    raw = "|".join(
        [
            generation(),
            part,
            scope_identity(scope),
            viewer_identity(user),
            str(period.kind),
            period.start.isoformat(),
            period.end.isoformat(),
            today.isoformat(),
            get_language() or "",
        ]
    )
    return f"{PREFIX}:{hashlib.sha256(raw.encode()).hexdigest()[:40]}"


def cached(part: str, compute: Callable[[], object], *, user, scope, period) -> object:
    """`compute()` once per key and rollup generation."""
    key = cache_key(part, user=user, scope=scope, period=period)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=stats_setting("STATS_CACHE_SECONDS"))
    return value


def _resolved(board):
    """The dashboard with its figures' record links made (they are made lazily, by closures that
    cannot be pickled): what the pages and the export read from it, ready to store."""
    for fig in [*board.totals, *(fig for unit in board.units for fig in unit.figures.values())]:
        fig.records_url  # noqa: B018 - cached_property: evaluated once, kept in the figure
        fig.link = None
    return board


def dashboard(*, user, scope, period):
    """stats.selectors.dashboard, cached: for the pages, the printed report and the xlsx."""
    from stats.selectors import dashboard as compute

    return cached(
        "dashboard",
        lambda: _resolved(compute(user=user, scope=scope, period=period)),
        user=user,
        scope=scope,
        period=period,
    )


def summary(*, user, scope, period) -> dict:
    """The API's summary payload (/api/v1/stats/summary/), cached as the plain data it answers."""
    from stats.selectors import dashboard as compute
    from stats.serialize import summary_payload

    return cached(
        "summary",
        lambda: summary_payload(compute(user=user, scope=scope, period=period)),
        user=user,
        scope=scope,
        period=period,
    )
