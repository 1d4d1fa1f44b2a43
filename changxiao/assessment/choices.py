from django.db import models
from django.utils.translation import gettext_lazy as _


class DataType(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENT = "percent", _("Percentage")
    BOOLEAN = "boolean", _("Yes / no")


class Comparator(models.TextChoices):
    AT_LEAST = "gte", _("At least")
    AT_MOST = "lte", _("At most")
    YES = "yes", _("Yes")


class Scoring(models.TextChoices):
    """How an indicator's value becomes points."""

    MEETS = "meets", _("Full points when the requirement is met")
    PROPORTIONAL = "proportional", _("Proportional to the requirement")
    TIERS = "tiers", _("Points by tiers")
    RATING = "rating", _("Reviewer's rating within the maximum")
    YES_NO = "yes_no", _("Yes / no")


class Source(models.TextChoices):
    REPORTED = "reported", _("Reported by the participant with evidence")
    METRIC = "metric", _("Computed by the platform")


class Level(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent (优秀)")
    PASS = "pass", _("Pass (达标)")
    FAIL = "fail", _("Not met")
