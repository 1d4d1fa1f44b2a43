from django.db import models
from django.utils.translation import gettext_lazy as _


class DataType(models.TextChoices):
    """What an indicator's value measures, which fixes its range and precision (assessment.values)."""

    COUNT = "count", _("Count (a whole number)")
    NUMBER = "number", _("Quantity (up to three decimals)")
    PERCENT = "percent", _("Percentage (0–100, one decimal)")
    AMOUNT = "amount", _("Amount of money (yuan, two decimals)")
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


class Phase(models.TextChoices):
    """The phases of a round, in order."""

    DRAFT = "draft", _("Being prepared")
    SELF_REPORT = "self_report", _("Self-report (自评申报)")
    REVIEW = "review", _("Review (初审)")
    VERIFICATION = "verification", _("On-site verification (实地核查)")
    PUBLICITY = "publicity", _("Public announcement (公示)")
    FINAL = "final", _("Final decision (终审)")
    PUBLISHED = "published", _("Published")


PHASE_ORDER = [p.value for p in Phase]


class SelfReportState(models.TextChoices):
    """A participant's self-report (自评): filled as a draft, submitted (its values locked), returned by the office
    with a reason for correction, then submitted again."""

    DRAFT = "draft", _("Self-report not submitted")
    SUBMITTED = "submitted", _("Self-report submitted")
    RETURNED = "returned", _("Self-report returned")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent (优秀)")
    GOOD = "good", _("Good (良好)")
    PASS = "pass", _("Pass (合格)")
    FAIL = "fail", _("Fail (不合格)")


class NomineeKind(models.TextChoices):
    """Who is commended (seed 三(三)): collectives, individuals, teams and innovative service practices."""

    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")
    TEAM = "team", _("Team")
    PRACTICE = "practice", _("Innovative service practice (创新服务举措)")


class NominationState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RECOMMENDED = "recommended", _("Recommended after review")
    NOT_RECOMMENDED = "not_recommended", _("Not recommended")
    AWARDED = "awarded", _("Awarded")
    NOT_AWARDED = "not_awarded", _("Not awarded")
    WITHDRAWN = "withdrawn", _("Withdrawn by the nominating unit")
