"""Items close themselves when their evidence is recorded elsewhere: a visit logged for a listed
resident closes that resident's item, an inspection a listed place's, a rectified hazard its own.

The community app knows nothing of orders: the control centre listens to its saves and acts once the
write has committed, so an entry that is rolled back closes nothing.
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from community.models import Activity, Hazard


@receiver(post_save, sender=Activity, dispatch_uid="control-close-items-by-activity")
def _activity_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    pk = instance.pk

    def close():
        from control.services import items_close_by_activity

        activity = Activity.objects.select_related("household", "officer").filter(pk=pk).first()
        if activity is not None:
            items_close_by_activity(activity)

    transaction.on_commit(close)


@receiver(post_save, sender=Hazard, dispatch_uid="control-close-items-by-hazard")
def _hazard_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    pk = instance.pk

    def close():
        from control.services import items_close_by_hazard

        hazard = Hazard.objects.filter(pk=pk).first()
        if hazard is not None:
            items_close_by_hazard(hazard)

    transaction.on_commit(close)
