from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentCategory(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal")
    PUBLIC_ORDER = "public_order", _("Public order")
    DISPUTE = "dispute", _("Dispute")
    HELP = "help", _("Help request")
    TRAFFIC = "traffic", _("Traffic")
    HAZARD = "hazard", _("Fire / safety hazard")
    FRAUD = "fraud", _("Fraud")
    OTHER = "other", _("Other")


class IncidentChannel(models.TextChoices):
    DISPATCH_110 = "110", _("110 dispatch")
    WALK_IN = "walk_in", _("Walk-in")
    PHONE = "phone", _("Phone")
    MAILBOX = "mailbox", _("Community mailbox")
    WECHAT = "wechat", _("WeChat group")
    PATROL = "patrol", _("Patrol discovery")
    REFERRAL = "referral", _("Referral")


class Disposition(models.TextChoices):
    ON_SITE = "on_site", _("Handled on site")
    HANDED_OVER = "handed_over", _("First response, then handed over")
    CASE = "case", _("Became a case")
    MEDIATION = "mediation", _("Sent to mediation")
    NO_ACTION = "no_action", _("No action")


class IncidentStatus(models.TextChoices):
    DRAFT = "draft", _("Being handled")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")
