"""Celery tasks of the mediation app: small adapters around `mediation.services`."""

from datetime import date

from celery import shared_task
from django.db import InterfaceError, OperationalError

from mediation import services

# Errors worth a retry: the database or its connection hiccuped. Anything else is a bug.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    name="mediation.tasks.daily_reminders",
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,  # idempotent: a rerun after a crash creates nothing twice
    soft_time_limit=240,
    time_limit=300,
)
def daily_reminders(today: str | None = None) -> dict[str, int]:
    """Run by beat each morning: reminders for follow-ups due/overdue and red/orange disputes without a session."""
    return services.reminders_create(today=date.fromisoformat(today) if today else None)
