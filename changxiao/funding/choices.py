from django.db import models
from django.utils.translation import gettext_lazy as _

from changxiao.orgs.choices import RegionLevel


class Stage(models.TextChoices):
    """Which figures: the budget passed at the start of the year, or the final accounts after it."""

    BUDGET = "budget", _("Budget (planned)")
    FINAL = "final", _("Final accounts (actual)")


class RuleKind(models.TextChoices):
    """What a funding rule compares."""

    GROWTH = "growth", _("Growth of culture spending against growth of regular revenue")
    PER_CAPITA = "per_capita", _("Per-capita culture spending against the provincial average")
    MECHANISM = "mechanism", _("Funds of the long-term mechanism in the budget")


class Comparator(models.TextChoices):
    """不低于 (at least) or 高于 (strictly above): the wordings of the seed and of the civilized-city criteria."""

    AT_LEAST = "ge", _("not lower than (不低于)")
    ABOVE = "gt", _("higher than (高于)")


class CheckState(models.TextChoices):
    MET = "met", _("Met")
    NOT_MET = "not_met", _("Not met")
    # Not a pass and not a failure: a figure the rule needs is missing (a previous year, a population …).
    UNKNOWN = "unknown", _("Cannot be checked")


class Medium(models.TextChoices):
    """Media and outdoor-advertising resources (seed 三(四): 新闻媒体、城市户外广告资源)."""

    BROADCAST = "broadcast", _("Radio or television channel (seconds of advertising a day)")
    NEWSPAPER = "newspaper", _("Newspaper (pages a month)")
    OUTDOOR = "outdoor", _("Outdoor screens and boards (screen-hours or board area)")
    WEBSITE = "website", _("Website or new media (advertising slots)")


# Function class 207 of the government budget classification, under both of its names: 文化体育与传媒支出 in the
# older years, 文化旅游体育与传媒支出 since the reorganization of 2018/2019 (the exact year is unverified). Both name
# the same series; an import or a document may use either.
CULTURE_FUNCTION_CODE = "207"
CULTURE_FUNCTION_NAMES = ("文化旅游体育与传媒支出", "文化体育与传媒支出")

# The levels of government that have a budget of their own, whose figures are kept.
FISCAL_LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.ZONE)
