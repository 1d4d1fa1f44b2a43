"""Choices and bounds of the urban-rural linkage (城乡联动共创机制)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferingKind(models.TextChoices):
    PERFORMANCE = "performance", _("Performance")
    EXHIBITION = "exhibition", _("Exhibition")
    LECTURE = "lecture", _("Lecture")
    TRAINING = "training", _("Training")
    FILM = "film", _("Film screening")
    READING = "reading", _("Reading activity")


class CostBorne(models.TextChoices):
    GOVERNMENT = "government", _("Government purchase (free to the village)")
    PROVIDER = "provider", _("Borne by the provider")
    SHARED = "shared", _("Shared with the receiving unit")


class OfferingState(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    ACCEPTED = "accepted", _("On the menu")
    RETURNED = "returned", _("Returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MenuState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    PUBLISHED = "published", _("Published")


class OrderState(models.TextChoices):
    ORDERED = "ordered", _("Waiting for the provider")
    ACCEPTED = "accepted", _("Accepted, date set")
    DECLINED = "declined", _("Declined")
    DELIVERED = "delivered", _("Delivered, to be confirmed")
    COMPLETED = "completed", _("Confirmed by both sides")
    CANCELLED = "cancelled", _("Cancelled")


class Extent(models.TextChoices):
    FULL = "full", _("Delivered as offered")
    PARTIAL = "partial", _("Partly delivered")


class PairState(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for the partner's agreement")
    AGREED = "agreed", _("Agreed")
    ENDED = "ended", _("Ended")


class AudienceKind(models.TextChoices):
    """四进工程: into communities, villages, schools, enterprises — and any other audience."""

    COMMUNITY = "community", _("Community")
    VILLAGE = "village", _("Village")
    SCHOOL = "school", _("School")
    ENTERPRISE = "enterprise", _("Enterprise")
    BARRACKS = "barracks", _("Barracks")
    OTHER = "other", _("Other")


# Venue types of the units that order from the menu: township stations and village or community centres.
ORDERING_VENUE_TYPES = ("township_station", "village_room")

# Bounds by meaning.
PLACES_MAX = 10_000  # sessions an offering or a quota holds in a year
AUDIENCE_MAX = 100_000  # people at one delivery or activity
RATING_MIN, RATING_MAX = 1, 5
REPLY_WORKDAYS_MAX = 30
DEFAULT_REPLY_WORKDAYS = 5  # one working week, as 江门's 文体超市 answers within a week (wave2-anchors (c))
DEFAULT_QUOTA = 6  # places a station or centre orders a year unless the office sets its own
# Working days an unanswered order stays red before it is escalated to the office above.
ESCALATE_AFTER_WORKDAYS = 3
# A pair with fewer confirmed activities than this in a year is flagged inactive (configurable per pair).
DEFAULT_PAIR_ACTIVITIES = 4
# A village is "reached" when it received at least this many deliveries and activities in the year.
DEFAULT_COVERAGE_TIMES = 2
