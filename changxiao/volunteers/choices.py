"""The vocabularies and the shipped figures of the culture volunteers, each with its source."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TeamKind(models.TextChoices):
    UNIT = "unit", _("Team of a unit (venue, bureau)")
    ORGANIZATION = "organization", _("Team of a social organization")
    COMMUNITY = "community", _("Community team")


class ActivityKind(models.TextChoices):
    """文化志愿服务管理办法 (2016) art. 6: the six fields of culture volunteering."""

    VENUE = "venue", _("Service in a public cultural venue")
    GRASSROOTS = "grassroots", _("Grassroots performances, training, exhibitions, reading promotion")
    PEOPLE = "people", _("Service for the elderly, minors, disabled people and people in hardship")
    FACILITIES = "facilities", _("Helping run grassroots facilities and activities")
    HERITAGE = "heritage", _("Heritage protection and cultural-market supervision")
    OTHER = "other", _("Other culture volunteering")


class SignupMode(models.TextChoices):
    DIRECT = "direct", _("Direct: confirmed at once while places are left")
    APPROVED = "approved", _("Approved by the organizer")


class ActivityState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Sign-up open")
    CLOSED = "closed", _("Sign-up closed")
    CANCELLED = "cancelled", _("Cancelled")


# What the public site lists and volunteers check in at: open or closed for sign-up (not drafts, not cancelled).
PUBLISHED_ACTIVITY_STATES = (ActivityState.OPEN, ActivityState.CLOSED)


class SignupState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("volunteer sign-up", "Awaiting approval")
    CONFIRMED = "confirmed", pgettext_lazy("volunteer sign-up", "Confirmed")
    WAITLISTED = "waitlisted", pgettext_lazy("volunteer sign-up", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("volunteer sign-up", "Cancelled")
    REFUSED = "refused", pgettext_lazy("volunteer sign-up", "Refused")


class RecordRule(models.TextChoices):
    """How the minutes of an hour record were found (shown beside every record)."""

    ACTUAL = "actual", _("From check-in to check-out")
    CAPPED = "capped", _("Check-out forgotten: counted to the planned end")
    CORRECTED = "corrected", _("Corrected by the organizer")


class CertificateState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ISSUED = "issued", _("Issued")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# 志愿服务: a check-in opens this long before the planned start, and a check-out is accepted this long after the
# planned end; past it a check-out forgotten is closed by the sweep at the planned end (the stated rule).
CHECKIN_OPENS_MINUTES = 60
CHECKOUT_GRACE_MINUTES = 120
# A day of service over this is implausible: its records are flagged for the organizer (not refused).
LONG_DAY_MINUTES = 12 * 60
# The age of majority (民法典 art. 17): younger volunteers need a guardian's consent (文化志愿服务管理办法 art. 4).
ADULT_AGE = 18

# Star levels: cumulative recorded hours for 一星 … 五星 (志愿北京 star rules, 北京日报 2023; the 四川 rules are
# similar). A zone's office sets its own (StarScale); these apply where it has none.
DEFAULT_STAR_HOURS = (100, 300, 600, 1000, 1500)
DEFAULT_STAR_SOURCE = "志愿北京星级认定办法（北京日报2023年报道；未核对原文，可由示范区办公室修改）"
