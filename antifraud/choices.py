from django.db import models
from django.utils.translation import gettext_lazy as _


class WarningStatus(models.TextChoices):
    OPEN = "open", _("To handle")
    HANDLED = "handled", _("Handled")


class WarningOutcome(models.TextChoices):
    DISSUADED = "dissuaded", _("Reached and dissuaded (劝阻)")
    TOO_LATE = "too_late", _("Reached too late")
    UNREACHABLE = "unreachable", _("Not reachable")
    ALREADY_CHEATED = "cheated", _("Already cheated")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
