"""Queueing background work so that a broker outage loses nothing.

Every task queued after a write goes through `enqueue_on_commit`: it is sent once the transaction
has committed, and if the broker (Redis) cannot be reached the write still stands, the failure is
logged, and the record stays waiting; the periodic sweep of the job's app queues it again. The
request that made the write never answers 500 for it.
"""

from __future__ import annotations

import logging

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger("wuling.tasks")

# What sending to an unreachable broker raises: kombu's wrapper, or the socket error itself.
BROKER_UNAVAILABLE = (BrokerError, ConnectionError, OSError)


def enqueue(task, *args, **kwargs) -> bool:
    """Send the task now; False (logged) when the broker does not answer."""
    try:
        # No retries: the sweep retries later, the officer's request does not wait for Redis.
        task.apply_async(args=args, kwargs=kwargs, retry=False)
    except BROKER_UNAVAILABLE as exc:
        logger.warning("Broker unavailable: %s not queued, its sweep will queue it (%s)", task.name, exc)
        return False
    return True


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Send the task once the current transaction commits (never for a rolled-back write)."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
