from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DisputeSource(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    MAILBOX = "mailbox", _("Community mailbox")
    WECHAT = "wechat", _("Police–resident WeChat group")
    VISIT = "visit", _("Household visit")
    WALK_IN = "walk_in", _("Walk-in")
    REFERRAL = "referral", _("Referral")


class DisputeCategory(models.TextChoices):
    NEIGHBOURS = "neighbours", _("Neighbours")
    NOISE = "noise", _("Noise")
    PARKING = "parking", _("Parking")
    FAMILY = "family", _("Family / marriage")
    PROPERTY = "property", _("Property / land")
    LABOUR = "labour", _("Labour / wages")
    CONSUMER = "consumer", _("Consumer")
    RENTAL = "rental", pgettext_lazy("dispute category", "Rental")
    OTHER = "other", _("Other")


class RiskGrade(models.TextChoices):
    RED = "red", _("Red: report to the supervisor at once")
    ORANGE = "orange", _("Orange: handle today")
    YELLOW = "yellow", _("Yellow: community level")


# The grade alone, for badges in lists (the choices' labels say what to do).
RISK_SHORT_LABELS = {
    RiskGrade.RED: pgettext_lazy("risk grade", "Red"),
    RiskGrade.ORANGE: pgettext_lazy("risk grade", "Orange"),
    RiskGrade.YELLOW: pgettext_lazy("risk grade", "Yellow"),
}


class DisputeStatus(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("dispute status", "Registered")
    IN_MEDIATION = "in_mediation", _("In mediation")
    RESOLVED = "resolved", _("Resolved")
    NOT_RESOLVED = "not_resolved", _("Not resolved")
    REFERRED = "referred", _("Referred elsewhere")
    CLOSED = "closed", _("Closed")


# Statuses in which the dispute still waits on a mediator.
OPEN_STATUSES = (DisputeStatus.REGISTERED, DisputeStatus.IN_MEDIATION)


class PartySide(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    RESPONDENT = "respondent", _("Respondent")
    OTHER = "other", _("Other party")


class Venue(models.TextChoices):
    MEDIATION_ROOM = "mediation_room", _("Police room mediation room")
    ON_SITE = "on_site", _("On site")
    PHONE = "phone", _("By phone")
    OTHER = "other", _("Elsewhere")


class MediatingBody(models.TextChoices):
    STREET_OFFICE = "street_office", _("Street office")
    COMMUNITY_COMMITTEE = "community_committee", _("Community committee")
    JUDICIAL_OFFICE = "judicial_office", _("Judicial office")
    ENVIRONMENTAL_OFFICE = "environmental_office", _("Environmental office")
    RETIRED_CADRES = "retired_cadres", _("Retired cadres")
    LAW_FIRM = "law_firm", _("Law firm (joint mediation)")
    OTHER = "other", _("Other body")


class SessionOutcome(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement")
    PARTIAL = "partial", _("Partial agreement")
    NONE = "none", _("No agreement")
    ADJOURNED = "adjourned", _("Adjourned")


# Outcomes on which an agreement (调解协议) can be signed.
AGREEMENT_OUTCOMES = (SessionOutcome.AGREEMENT, SessionOutcome.PARTIAL)


class Fulfilment(models.TextChoices):
    PENDING = "pending", _("Not yet fulfilled")
    FULFILLED = "fulfilled", _("Fulfilled")
    PARTIAL = "partial", _("Partly fulfilled")
    BREACHED = "breached", _("Not kept")


class FollowUpStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class FollowUpResult(models.TextChoices):
    STABLE = "stable", _("Stable")
    RELAPSED = "relapsed", _("Relapsed")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class ReferralTarget(models.TextChoices):
    JOINT = "joint", _("Joint mediation (station, judicial office, law firm)")
    COURT = "court", _("Court")
    LABOUR_ARBITRATION = "labour_arbitration", _("Labour arbitration")
    DEPARTMENT = "department", _("Another department")
    OTHER = "other", _("Other body")


class DisputeAction(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("dispute status", "Registered")
    NOT_RESOLVED = "not_resolved", _("Marked not resolved")
    REFERRED = "referred", _("Referred")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")
    RELAPSED = "relapsed", _("Relapsed at follow-up")


class DisputeEventMessage(models.TextChoices):
    """Sentences the system writes on a dispute's timeline, stored as this key and their values
    (DisputeEvent.params) and worded in the reader's language when shown."""

    RELAPSED_AT_FOLLOW_UP = "relapsed_at_follow_up", _("Relapsed at the follow-up visit of %(date)s.")
