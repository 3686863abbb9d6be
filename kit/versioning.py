"""Optimistic locking: the second of two people editing one record is refused.

Editable domain models inherit `VersionedModel`. Forms and serializers carry
the version the user started from; `save_versioned` saves only if the row
still has it, inside the caller's transaction, and bumps it.
"""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class StaleVersionError(Exception):
    """Raised when a save is based on a version someone else already replaced."""

    message = _(
        "Someone else changed this record while you were editing it. "
        "Your changes were not saved: reload the page to see the current version."
    )

    def __str__(self) -> str:
        return str(self.message)


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


def save_versioned(instance: VersionedModel, *, expected_version: int, update_fields=None) -> None:
    """Save `instance` if the stored row is still at `expected_version`."""
    model = type(instance)
    with transaction.atomic():
        current = model._base_manager.select_for_update().values_list("version", flat=True).get(pk=instance.pk)
        if current != expected_version:
            raise StaleVersionError
        instance.version = expected_version + 1
        if update_fields is not None:
            update_fields = {*update_fields, "version"}
        instance.save(update_fields=update_fields)
