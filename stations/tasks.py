"""Celery tasks of the stations app: the worker's health."""

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_CACHE_KEY = "wuling:worker-heartbeat"


@shared_task(name="stations.tasks.ping")
def ping() -> str:
    """Answers "pong": proves a worker is consuming the queue."""
    return "pong"


@shared_task(name="stations.tasks.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Run by beat; the time it last ran shows that beat and a worker are alive."""
    cache.set(HEARTBEAT_CACHE_KEY, timezone.now().isoformat(), timeout=None)
