"""A later fraud incident or case whose victim is a warned person links to the warning by itself."""

from django.db.models.signals import post_save
from django.dispatch import receiver


@receiver(post_save, sender="cases.Incident", dispatch_uid="antifraud-link-incident")
def _incident_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.category != "fraud":
        return
    from antifraud.services import link_incident

    link_incident(instance)


@receiver(post_save, sender="cases.CasePerson", dispatch_uid="antifraud-link-case-person")
def _case_person_saved(sender, instance, raw=False, **kwargs):
    if raw or instance.role != "victim":
        return
    from antifraud.services import link_case_person

    link_case_person(instance)
