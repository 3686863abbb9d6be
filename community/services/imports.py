"""Uploads of registers to import (the import itself: community/importing.py)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from community.choices import ImportStatus
from community.models import ImportJob
from kit.tasks import enqueue, enqueue_on_commit

# --- Imports ---------------------------------------------------------------------------


def import_job_create(*, by, station, community, kind: str, file_name: str, content: bytes) -> ImportJob:
    """Store an uploaded register and queue its import once the upload is committed (with the broker
    down it waits: `requeue_waiting_imports` queues it again)."""
    from community.tasks import run_import

    with transaction.atomic():
        job = ImportJob.objects.create(
            station=station,
            community=community,
            kind=kind,
            file_name=file_name[:200],
            content=content,
            created_by=by,
        )
        enqueue_on_commit(run_import, job.pk)
    return job


# An upload still waiting this long was probably never queued (the broker was down when it was
# made); queueing it twice is harmless, since a run first claims its job (importing.run).
REQUEUE_AFTER = timedelta(minutes=2)


def imports_requeue_waiting(*, now=None) -> int:
    """Queue again every upload that has waited longer than REQUEUE_AFTER; how many were sent."""
    from community.tasks import run_import

    cutoff = (now or timezone.now()) - REQUEUE_AFTER
    waiting = ImportJob.objects.filter(status=ImportStatus.QUEUED, created_at__lt=cutoff).values_list("pk", flat=True)
    return sum(enqueue(run_import, pk) for pk in waiting[:500])
