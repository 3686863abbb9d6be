from django.db import models
from django.utils.translation import gettext_lazy as _


class CommunityKind(models.TextChoices):
    URBAN = "urban", _("Urban community")
    VILLAGE = "village", _("Village")


class Unit(models.TextChoices):
    COMMUNITY_SQUAD = "community", _("Community policing squad")
    CASE_SQUAD = "case", _("Case handling squad")
    COMMAND_ROOM = "command", _("Command room")
    LEADERSHIP = "leadership", _("Station leadership")
    BUREAU = "bureau", _("Bureau")
    CITY = "city", _("City bureau")


class Level(models.TextChoices):
    """The three levels of the organisation (三级): where a person sits and what they see."""

    STATION = "station", _("Station")
    BUREAU = "bureau", _("Sub-bureau")
    CITY = "city", _("City bureau")


class StaffKind(models.TextChoices):
    POLICE = "police", _("Police officer")
    AUXILIARY = "auxiliary", _("Auxiliary police")
    MEDIATOR = "mediator", _("Civilian mediator")


class AuditEventType(models.TextChoices):
    LOGIN_SUCCESS = "login_success", _("Sign-in")
    LOGIN_FAILURE = "login_failure", _("Failed sign-in")
    LOCKOUT = "lockout", _("Account locked")
    LOGOUT = "logout", _("Sign-out")
    TOKEN_ISSUED = "token_issued", _("API token issued")
    TOKEN_REVOKED = "token_revoked", _("API tokens revoked")
    EXPORT = "export", _("Export")
    SENSITIVE_READ = "sensitive_read", _("Personal data viewed")
    IMPORT = "import", _("Import")


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")
    DENIED = "denied", _("Denied")


class ReminderKind(models.TextChoices):
    TASK = "task", _("Task from the bureau")
    INCIDENT_REVIEW = "incident_review", _("Incident to review")
    INCIDENT_RETURNED = "incident_returned", _("Incident returned for correction")
    CASE_DUE = "case_due", _("Case due")
    FOLLOW_UP_DUE = "follow_up_due", _("Follow-up visit due")
    DISPUTE_ESCALATION = "dispute_escalation", _("High-risk dispute")
    HAZARD_DUE = "hazard_due", _("Hazard rectification due")
    OTHER = "other", _("Other")
