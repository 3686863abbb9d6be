from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrderKind(models.TextChoices):
    DISPATCH = "dispatch", _("Dispatch order")  # 派发单
    WARNING = "warning", _("Warning order")  # 预警单
    URGING = "urging", _("Urging order")  # 督办单
    COOPERATION = "cooperation", _("Cooperation order")  # 协作单


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Awaiting admission")
    RETURNED = "returned", _("Returned to the issuer")
    MERGED = "merged", _("Merged")
    ADMITTED = "admitted", _("In progress")
    CLOSED = "closed", pgettext_lazy("order", "Closed")


class PartStatus(models.TextChoices):
    """One station's part of an order."""

    TO_SIGN = "to_sign", _("To sign for")
    SIGNED = "signed", _("Signed, to assign")
    ASSIGNED = "assigned", _("Being done")
    SUBMITTED = "submitted", _("Submitted, to verify")
    RETURNED = "returned", _("Returned at verification")
    VERIFIED = "verified", _("Verified")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", pgettext_lazy("control", "Done")
    RETURNED = "returned", _("Returned, to redo")


class ItemResult(models.TextChoices):
    DONE = "done", _("Done to the standard")
    UNREACHABLE = "unreachable", _("Could not be reached")
    NOT_APPLICABLE = "not_applicable", _("Does not apply")


class Evidence(models.TextChoices):
    """What proves an item done: a record of the officer's own station."""

    VISIT = "visit", _("Household visit")
    INSPECTION = "inspection", _("Place inspection")
    HAZARD = "hazard", _("Hazard rectified")
    INCIDENT = "incident", _("Incident")
    NONE = "none", _("A note is enough")


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class Department(models.TextChoices):
    """Who issues: the bureau's departments, the centre itself, or a station (cooperation)."""

    PUBLIC_ORDER = "public_order", _("Public order (治安)")
    CRIMINAL = "criminal", _("Criminal investigation (刑侦)")
    ANTI_FRAUD = "anti_fraud", _("Anti-fraud centre (反诈中心)")
    LEGAL = "legal", _("Legal affairs (法制)")
    CONTROL_CENTRE = "control_centre", _("Control centre (基础管控中心)")
    STATION = "station", _("A police station")


class TargetRule(models.TextChoices):
    """The saved filters a target list can be (target lists from the registers)."""

    TAGGED_NOT_VISITED = "tagged_not_visited", _("Residents with a tag not visited for N days")
    PLACES_NOT_INSPECTED = "places_not_inspected", _("Places not inspected this quarter")
    HAZARDS_PAST_DEADLINE = "hazards_past_deadline", _("Hazards past their rectification deadline")
    REPEAT_ADDRESSES = "repeat_addresses", _("Addresses with repeat incidents in 30 days and no dispute")
    RENTALS_NOT_CHECKED = "rentals_not_checked", _("Rental households not checked for N days")


class OrderAction(models.TextChoices):
    """What the order's timeline records."""

    CREATED = "created", _("drafted")
    EDITED = "edited", _("edited")
    SUBMITTED = "submitted", _("sent for admission")
    ADMITTED = "admitted", _("admitted and dispatched")
    CUT = "cut", _("scope cut at admission")
    RETURNED = "returned", _("returned to the issuer")
    MERGED = "merged", _("merged into another order")
    MERGED_IN = "merged_in", _("another order merged in")
    SIGNED = "signed", _("signed for")
    SPLIT = "split", _("split into items")
    ASSIGNED = "assigned", _("items assigned")
    PART_SUBMITTED = "part_submitted", _("submitted for verification")
    VERIFIED = "verified", _("verified")
    VERIFY_RETURNED = "verify_returned", _("items returned at verification")
    URGED = "urged", _("urged")
    CLOSED = "closed", pgettext_lazy("control", "closed")
