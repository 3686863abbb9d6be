"""Footage links follow the incidents they match: an incident saved with a responding officer and an
arrival (or changed) is matched again against the footage its officer's cameras recorded."""

from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender="cases.Incident", dispatch_uid="equipment-footage-follows-incident")
def _rematch(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if kwargs.get("created") and not (instance.responding_officer_id and instance.arrived_at):
        return  # nothing to match yet, nothing linked yet
    from equipment.services import footage_rematch_for_incident

    footage_rematch_for_incident(instance)
