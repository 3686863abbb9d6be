"""A run's claim on its fill states, kept alive while it works and lapsing soon after it dies.

A rollup run claims the fill states of its stations for `STATS_CLAIM_SECONDS` (two minutes by
default). While it works, a thread with its own database connection renews the claim every quarter
of that, so a long run keeps it; a worker killed in the middle stops renewing, and within two
minutes another run takes the stations over (a crashed run's half-written days are refilled then,
as before). Inside an outer transaction (a rebuild) the claim is invisible to other runs until the
commit, which is when it ends anyway, so no thread is started there.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.db import OperationalError, connection, transaction
from django.utils import timezone

logger = logging.getLogger("stats.rollup")


def lease_expiry(seconds: int):
    return timezone.now() + timedelta(seconds=seconds)


class LeaseKeeper:
    """`with LeaseKeeper(token, seconds):` renews the claims held by `token` until the block ends."""

    def __init__(self, token: str, seconds: int):
        self.token = token
        self.seconds = seconds
        self.interval = max(seconds / 4, 0.5)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> LeaseKeeper:
        if not connection.in_atomic_block:
            self._thread = threading.Thread(target=self._keep, name=f"lease-{self.token[:8]}", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.interval + 10)

    def _keep(self) -> None:
        from stats.models import FillState

        try:
            while not self._stop.wait(self.interval):
                try:
                    with transaction.atomic():
                        FillState.objects.filter(claimed_by=self.token).update(claimed_until=lease_expiry(self.seconds))
                except OperationalError as exc:  # a busy SQLite file, a dropped connection: next tick
                    logger.warning("Lease %s not renewed this time: %s", self.token[:8], exc)
        finally:
            connection.close()  # this thread's own connection
