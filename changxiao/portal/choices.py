from django.db import models
from django.utils.translation import gettext_lazy as _


class FacilityKind(models.TextChoices):
    """The public cultural facilities art. 14 ¶1 of 公共文化服务保障法 lists."""

    LIBRARY = "library", _("Public library")
    MUSEUM = "museum", _("Museum")
    CULTURE_CENTRE = "culture_centre", _("Culture centre")
    ART_GALLERY = "art_gallery", _("Art gallery")
    SCIENCE_MUSEUM = "science_museum", _("Science museum")
    MEMORIAL = "memorial", _("Memorial hall")
    SPORTS = "sports", _("Sports venue")
    WORKERS_PALACE = "workers_palace", _("Workers' cultural palace")
    YOUTH_PALACE = "youth_palace", _("Youth palace")
    WOMEN_CHILDREN = "women_children", _("Women and children's activity centre")
    ELDERLY = "elderly", _("Elderly people's activity centre")
    TOWNSHIP_CENTRE = "township_centre", _("Township comprehensive culture service centre")
    VILLAGE_CENTRE = "village_centre", _("Village comprehensive culture service centre")
    READING_ROOM = "reading_room", _("Farmers' reading room")
    NEWSPAPER_BOARD = "newspaper_board", _("Public newspaper board")
    DIGITAL_POINT = "digital_point", _("Public digital culture service point")


class FacilityLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County / district")
    TOWNSHIP = "township", _("Township / street")
    VILLAGE = "village", _("Village / community")


class ScheduleKind(models.TextChoices):
    """Open Referral's schedule rows: the regular week, a season's week (valid from–to), the public holidays."""

    REGULAR = "regular", _("Regular week")
    SEASONAL = "seasonal", _("Season")
    HOLIDAY = "holiday", _("Public holidays")


WEEKDAYS = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]


class ClosureKind(models.TextChoices):
    CLOSURE = "closure", _("Temporary closure")
    CHANGE = "change", _("Change of opening hours")


class RuleKind(models.TextChoices):
    """The opening rules checked against every facility, each with its value and source (OpeningRule)."""

    WEEKLY_MINIMUM = "weekly_minimum", _("Weekly opening hours not below the minimum")
    WEEKENDS = "weekends", _("Open at weekends")
    HOLIDAYS = "holidays", _("Hours on public holidays")
    NOTICE = "notice", _("Closure or change announced ahead")
    PUPILS_DAY = "pupils_day", _("A free day each month for pupils where fees are charged")
    HOURS_PUBLISHED = "hours_published", _("Opening hours published")


# What a rule's value means, for the pages.
RULE_VALUE_UNITS = {
    RuleKind.WEEKLY_MINIMUM: _("hours a week"),
    RuleKind.NOTICE: _("days ahead"),
}


class BreachState(models.TextChoices):
    OPEN = "open", _("Open")
    ESCALATED = "escalated", _("Raised as a supervision finding")
    RESOLVED = "resolved", _("Resolved")


class ActivityKind(models.TextChoices):
    LECTURE = "lecture", _("Lecture")
    PERFORMANCE = "performance", _("Performance")
    EXHIBITION = "exhibition", _("Exhibition")
    TRAINING = "training", _("Training class")
    READING = "reading", _("Reading event")
    FILM = "film", _("Film screening")
    OTHER = "other", _("Other activity")


class BookingState(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    OFFERED = "offered", _("Place offered")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Offer expired")


# Booking states that hold a seat: a confirmed booking and an offer not yet expired.
SEAT_HOLDING = (BookingState.CONFIRMED, BookingState.OFFERED)
# How long an offered place waits for its citizen (pretix: a voucher valid for N hours).
OFFER_HOURS = 24
CAPACITY_MAX = 100_000
BOOKINGS_PER_CITIZEN_MAX = 20
