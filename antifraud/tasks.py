"""Background jobs of the anti-fraud app."""

from celery import shared_task

from antifraud import importing
from antifraud.models import WarningImport


@shared_task(soft_time_limit=1200, time_limit=1260)
def run_warning_import(job_id: int) -> str:
    """Import an uploaded list of warnings; returns the job's final status."""
    job = WarningImport.objects.select_related("station", "created_by").filter(pk=job_id).first()
    if job is None or job.finished:
        return "gone" if job is None else job.status
    return importing.run(job).status
