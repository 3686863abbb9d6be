"""Reading traffic on a PostgreSQL read replica (DATABASE_REPLICA_URL).

With a replica configured, the settings add a `replica` database alias and `ReplicaRouter`. The
router sends a read to the replica only inside `reading_traffic()`: the dashboards, the statistics
API and the exports enter it (`ReadingTrafficMixin`), for the whole request, rendering included.
Everything else reads from the primary, so that whoever has just written something sees it on the
next page; writes always go to the primary, and so do any read made inside a transaction and every
read of who is signed in (users, rights, sessions, tokens).

Reading traffic trails the primary by the replica's lag. So that nobody exports a list and misses
what they saved a moment ago, a signed-in session that has just written (any successful POST, PUT,
PATCH or DELETE) reads its reading traffic from the primary for DATABASE_REPLICA_PIN_SECONDS
(`ReplicaPinMiddleware`); an API client with a token has no session and is not pinned.

A replica that does not answer (refused, or silent for its short connect timeout) costs one
attempt: the request reads from the primary instead, a warning says so, and for
DATABASE_REPLICA_RETRY_SECONDS no request tries the replica again. `/healthz` tries it afresh on
each probe and reports `"replica": "down", "reads": "primary"` meanwhile.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router
from django.http import HttpRequest

REPLICA = "replica"
# Who is signed in, with which rights, session and token: always the primary's answer, so that a
# sign-in, a new token or a changed role holds on the very next request.
PRIMARY_ONLY_APPS = frozenset({"auth", "sessions", "knox", "axes"})
# Who the signed-in person is in the organisation decides what they may read: a profile or a
# level just given (or taken away) must hold at once, as rights do, not when the replica replays.
PRIMARY_ONLY_MODELS = frozenset({"stations.staffprofile"})
logger = logging.getLogger(__name__)

# The alias that reads go to while reading traffic is served; None outside it (the primary).
_reads_from: ContextVar[str | None] = ContextVar("wuling_reads_from", default=None)
# time.monotonic() before which no request tries the replica again (it failed just before).
_down_until = 0.0
# The session key holding when (time.time()) the session last wrote something.
WROTE_AT = "wuling_replica_wrote_at"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class ReplicaRouter:
    """Reads inside `reading_traffic()` from the alias it chose; every other read and every write
    on the primary; migrations on the primary only (the replica copies them)."""

    def db_for_read(self, model, **hints):
        alias = _reads_from.get()
        if (
            alias is None
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or model._meta.label_lower in PRIMARY_ONLY_MODELS
        ):
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # a transaction must see its own writes
        return alias

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # A row read from the replica is a row of the primary.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def replica_configured() -> bool:
    """A replica alias with the router on (DATABASE_REPLICA_URL; the test settings turn it off)."""
    return REPLICA in settings.DATABASES and any(isinstance(r, ReplicaRouter) for r in router.routers)


def _try_replica() -> bool:
    """One real attempt: the connection is opened, or checked once per request if it is kept."""
    global _down_until
    replica = connections[REPLICA]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError as exc:
        replica.close()
        if time.monotonic() >= _down_until:
            logger.warning("The read replica does not answer; reading from the primary: %s", exc)
        _down_until = time.monotonic() + settings.DATABASE_REPLICA_RETRY_SECONDS
        return False
    _down_until = 0.0
    return True


def replica_answers() -> bool:
    if time.monotonic() < _down_until:
        return False
    return _try_replica()


def _wrote_just_now(request: HttpRequest | None) -> bool:
    session = getattr(request, "session", None)
    if session is None:
        return False
    wrote_at = session.get(WROTE_AT)
    return isinstance(wrote_at, (int, float)) and time.time() - wrote_at < settings.DATABASE_REPLICA_PIN_SECONDS


@contextmanager
def reading_traffic(request: HttpRequest | None = None) -> Iterator[str]:
    """`with reading_traffic(request):` reads from the replica if there is one, it answers and the
    request's session has not just written; else from the primary. Yields the alias chosen.
    Nested, the outer one's choice holds."""
    chosen = _reads_from.get()
    if chosen is not None:
        yield chosen
        return
    if not replica_configured():
        yield DEFAULT_DB_ALIAS
        return
    use_replica = not _wrote_just_now(request) and replica_answers()
    token = _reads_from.set(REPLICA if use_replica else DEFAULT_DB_ALIAS)
    try:
        yield _reads_from.get()
    finally:
        _reads_from.reset(token)


class ReadingTrafficMixin:
    """For a class-based view (Django's or DRF's) whose requests are reading traffic: the whole
    request, its template rendered inside too, reads as `reading_traffic()` decides.
    `is_reading_traffic(request)` narrows it (a list is reading traffic only when exported)."""

    def is_reading_traffic(self, request) -> bool:
        return True

    def dispatch(self, request, *args, **kwargs):
        if not self.is_reading_traffic(request):
            return super().dispatch(request, *args, **kwargs)
        with reading_traffic(request) as alias:
            response = super().dispatch(request, *args, **kwargs)
            if callable(getattr(response, "render", None)) and not getattr(response, "is_rendered", True):
                response.render()  # a TemplateResponse renders after the view returns: not out here
            if getattr(response, "streaming", False):
                # A streamed export reads its rows while it is sent, after the view has returned.
                response.streaming_content = _reading_from(alias, response.streaming_content)
            return response


def _reading_from(alias: str, chunks):
    """The chunks of a streamed response, each read from `alias` as the view that made it chose."""
    iterator = iter(chunks)
    while True:
        before = _reads_from.get()
        _reads_from.set(alias)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        finally:
            _reads_from.set(before)
        yield chunk


class ReplicaPinMiddleware:
    """Marks the session of whoever has just written, so that their reading traffic stays on the
    primary for DATABASE_REPLICA_PIN_SECONDS (see the module's docstring). Installed with a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method not in SAFE_METHODS
            and response.status_code < 400
            and getattr(request, "session", None) is not None
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
            and replica_configured()
        ):
            request.session[WROTE_AT] = time.time()
        return response


def replica_health() -> dict[str, str]:
    """For /healthz: nothing without a replica; else whether it answers and where reads go."""
    if not replica_configured():
        return {}
    answers = _try_replica()
    return {"replica": "ok" if answers else "down", "reads": "replica" if answers else "primary"}
