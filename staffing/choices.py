from django.db import models
from django.utils.translation import gettext_lazy as _


class AssignmentKind(models.TextChoices):
    REGULAR = "regular", _("Regular post")
    CITY_SECONDMENT = "city_secondment", _("Sent down from the city bureau's offices")
    BUREAU_SECONDMENT = "bureau_secondment", _("Sent down from the sub-bureau's offices")
    NEW_RECRUIT = "new_recruit", _("New recruit's first post")


SECONDMENTS = (AssignmentKind.CITY_SECONDMENT, AssignmentKind.BUREAU_SECONDMENT)


class SeatLevel(models.TextChoices):
    TOWNSHIP = "township", _("Township or street committee")
    COMMUNITY = "community", _("Community or village committee")


class AwardKind(models.TextChoices):
    AWARD = "award", _("Award")
    PROMOTION = "promotion", _("Promotion")
