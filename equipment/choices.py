from django.db import models
from django.utils.translation import gettext_lazy as _


class EquipmentCategory(models.TextChoices):
    BODY_CAMERA = "body_camera", _("Body camera (执法记录仪)")
    PROTECTIVE_GEAR = "protective", _("Protective gear")
    RADIO = "radio", _("Radio")
    OTHER = "other", _("Other")


class ItemStatus(models.TextChoices):
    IN_STORE = "in_store", _("In store")
    ISSUED = "issued", _("Issued")
    MAINTENANCE = "maintenance", _("In maintenance")
    DAMAGED = "damaged", _("Damaged")
    LOST = "lost", _("Lost")


# Items that no longer count in a station's inventory.
GONE = (ItemStatus.LOST,)


class ReturnCondition(models.TextChoices):
    GOOD = "good", _("Good")
    DAMAGED = "damaged", _("Damaged")
    LOST = "lost", _("Lost")
