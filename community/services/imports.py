"""Uploads of registers to import (the import itself: community/importing.py)."""

from __future__ import annotations

from django.db import transaction

from community.models import (
    ImportJob,
)

# --- Imports ---------------------------------------------------------------------------


def import_job_create(*, by, station, community, kind: str, file_name: str, content: bytes) -> ImportJob:
    """Store an uploaded register and queue its import once the upload is committed."""
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
        transaction.on_commit(lambda: run_import.delay(job.pk))
    return job
