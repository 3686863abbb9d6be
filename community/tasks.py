"""Background jobs of the community app: small adapters around services."""

from celery import shared_task

from community import importing, services
from community.models import ImportJob


@shared_task(soft_time_limit=1200, time_limit=1260)
def run_import(job_id: int) -> str:
    """Import an uploaded register; returns the job's final status."""
    job = ImportJob.objects.select_related("community", "created_by").filter(pk=job_id).first()
    if job is None or job.finished:
        return "gone" if job is None else job.status
    return importing.run(job).status


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3, soft_time_limit=300, time_limit=360)
def mark_overdue_hazards() -> int:
    """Daily: hazards past their rectification deadline become overdue (with a reminder)."""
    return services.hazards_mark_overdue()


@shared_task(soft_time_limit=120, time_limit=180)
def requeue_waiting_imports() -> int:
    """Every few minutes: uploads never queued because the broker was down are queued again."""
    return services.imports_requeue_waiting()
