from django.db import models
from django.utils.translation import gettext_lazy as _


class PostKind(models.TextChoices):
    """How a post is funded and held (保障法 art. 51: posts set by function and population served)."""

    ESTABLISHED = "established", _("Established post")
    PUBLIC_WELFARE = "public_welfare", _("Public-welfare post")
    PURCHASED = "purchased", _("Government-purchased post")
    PART_TIME = "part_time", _("Part-time")


class PostRole(models.TextChoices):
    """What a practitioner does in the unit; certificate requirements name these."""

    MANAGER = "manager", _("Station or centre manager")
    ADMINISTRATOR = "administrator", _("Culture administrator")
    LIBRARIAN = "librarian", _("Librarian")
    INSTRUCTOR = "instructor", _("Arts instructor")
    TECHNICIAN = "technician", _("Technician")
    OTHER = "other", _("Other")


# Days before a certificate's expiry on which its unit is reminded, once each.
EXPIRY_REMINDER_DAYS = (90, 30)
