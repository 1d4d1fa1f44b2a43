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


class TrainingLevel(models.TextChoices):
    """Who organizes a training session."""

    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City")
    COUNTY = "county", _("County or district")
    TOWNSHIP = "township", _("Township")


class StaffTier(models.TextChoices):
    """The tiers the training standard distinguishes, by where the unit is."""

    COUNTY_AND_ABOVE = "county_and_above", _("County level and above")
    GRASSROOTS = "grassroots", _("Township and village")


# The standard when a zone has set none: 国家基本公共文化服务指导标准（2015—2020年）, 人员配备, as the issue cites it;
# the official wording was not read (../shared/reference/wave2-anchors.md, (a)), so it is shown as unverified.
DEFAULT_TRAINING_DAYS = {StaffTier.COUNTY_AND_ABOVE: 15, StaffTier.GRASSROOTS: 5}
DEFAULT_TRAINING_SOURCE = "国家基本公共文化服务指导标准（2015—2020年）· 人员配备"
