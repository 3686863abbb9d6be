"""Background jobs of the control centre (Celery beat, every 30 minutes; idempotent)."""

from celery import shared_task


@shared_task(name="control.tasks.sweep", acks_late=True)
def sweep() -> dict:
    """Overdue orders urged (an urging order into the station supervisors' queue), and parts not signed
    for in time reminded. Running it twice adds nothing."""
    from control.services import remind_unsigned, urge_overdue

    return {"urged": urge_overdue(), "reminded": remind_unsigned()}
