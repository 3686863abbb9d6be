"""The checks that run inside the write that records an incident or a person in a case.

The cases app does not know about watch tags or disputes (domain apps do not import each other), so
this app listens to the saves: the receivers run in the saving service's transaction, so a dispute
turns red and the queue items appear with the incident, or not at all.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from cases.models import CasePerson, Incident
from places import services


@receiver(post_save, sender=Incident, dispatch_uid="places_incident_checks")
def _incident_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata
        return
    services.watch_check_incident(instance)
    services.turned_criminal_check(instance, by=getattr(instance, "_history_user", None))


@receiver(post_save, sender=CasePerson, dispatch_uid="places_case_person_checks")
def _case_person_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    services.watch_check_case_person(instance)
