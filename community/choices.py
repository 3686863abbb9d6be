from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class HouseholdKind(models.TextChoices):
    OWNER = "owner", _("Owner-occupied")
    RENTAL = "rental", _("Rental")
    COLLECTIVE = "collective", _("Collective")
    VACANT = "vacant", _("Vacant")


class PlaceKind(models.TextChoices):
    SHOP = "shop", _("Shop")
    RESTAURANT = "restaurant", _("Restaurant")
    HOTEL = "hotel", _("Hotel")
    SCHOOL = "school", _("School")
    INTERNET_CAFE = "internet_cafe", _("Internet café")
    RENTAL_HOUSING = "rental_housing", _("Rental housing")
    ENTERTAINMENT = "entertainment", _("Entertainment venue")
    FACTORY = "factory", _("Factory / workshop")
    HOSPITAL = "hospital", _("Clinic / hospital")
    OFFICE = "office", _("Office / organisation")
    OTHER = "other", _("Other")


class ActivityKind(models.TextChoices):
    HOUSEHOLD_VISIT = "visit", _("Household visit")
    PLACE_INSPECTION = "inspection", _("Place inspection")
    PUBLICITY = "publicity", _("Publicity / prevention event")
    LEGAL_CONSULTATION = "legal", _("Legal consultation")
    HELP = "help", _("Help with a livelihood problem")
    ANTI_FRAUD_INSTALL = "anti_fraud", _("Anti-fraud app installation")


class HelpOutcome(models.TextChoices):
    SOLVED = "solved", pgettext_lazy("help outcome", "Solved")
    REFERRED = "referred", _("Referred to another body")
    PENDING = "pending", _("Still pending")


class HazardStatus(models.TextChoices):
    FOUND = "found", _("Found")
    DUE = "due", _("Rectification due")
    OVERDUE = "overdue", _("Overdue")
    RECTIFIED = "rectified", _("Rectified")


class HazardCategory(models.TextChoices):
    FIRE = "fire", _("Fire safety")
    ELECTRICAL = "electrical", _("Electrical")
    SECURITY = "security", _("Security / theft prevention")
    REGISTRATION = "registration", _("Registration not kept")
    OTHER = "other", _("Other")


class TeamKind(models.TextChoices):
    PATROL = "patrol", _("Patrol team")
    COMMUNITY_POLICING = "community", _("Community policing team")


class TeamSize(models.TextChoices):
    UNDER = "under", _("Under strength (fewer than 5)")
    SMALL = "small", _("Small (5–10)")
    MEDIUM = "medium", _("Medium (more than 10)")


class Affiliation(models.TextChoices):
    PARTY = "party", _("Party")
    GOVERNMENT = "government", _("Government")
    POLICE = "police", _("Police")
    SECURITY = "security", _("Security company")
    VOLUNTEER = "volunteer", _("Resident volunteer")


class PostKind(models.TextChoices):
    ROOM = "room", _("Police room")
    KIOSK = "kiosk", _("Kiosk")


class ImportKind(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    PLACES = "places", _("Places")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
