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


class StaffedFacility(models.TextChoices):
    """The facilities a staffing standard sizes (保障法 art. 51: posts by function and population served); the
    values are those of orgs' venue types."""

    TOWNSHIP_STATION = "township_station", _("Township comprehensive culture station")
    VILLAGE_CENTRE = "village_room", _("Village / community culture centre")


# Staffing a zone has not set: (facility, kind of post, served population from, posts). 国家基本公共文化服务指导标准
# （2015—2020年）, 人员配备, as the issue cites it — a station 1–2 established posts, more in large townships; a village
# centre a government-purchased public-welfare post (桃江县 2023: 每村不少于1个). The official wording was not read
# (../shared/reference/wave2-anchors.md, (a)), so these are shown unverified; the population from which a large
# township needs a second post is not in any text read, so no band is shipped: a zone sets its own.
DEFAULT_STAFFING = (
    (StaffedFacility.TOWNSHIP_STATION, PostKind.ESTABLISHED, 0, 1),
    (StaffedFacility.VILLAGE_CENTRE, PostKind.PUBLIC_WELFARE, 0, 1),
)
DEFAULT_STAFFING_SOURCE = "国家基本公共文化服务指导标准（2015—2020年）· 人员配备"
# Beyond any township's or village's resident population, and any post count a facility could hold.
STAFFING_POPULATION_MAX = 10_000_000
STAFFING_POSTS_MAX = 200


class OrganizationKind(models.TextChoices):
    """The organization types of the credit code's second character under 民政 (5): 社会团体, 民办非企业单位 (社会服务机构),
    基金会, other."""

    SOCIAL_GROUP = "social_group", _("Social group")
    PRIVATE_NON_ENTERPRISE = "private_non_enterprise", _("Private non-enterprise unit")
    FOUNDATION = "foundation", _("Foundation")
    OTHER = "other", _("Other")


class OrganizationField(models.TextChoices):
    """What an industry organization or social group works in."""

    LIBRARIES = "libraries", _("Libraries and reading")
    ARTS = "arts", _("Performing and fine arts")
    HERITAGE = "heritage", _("Cultural heritage")
    MASS_CULTURE = "mass_culture", _("Mass culture")
    VOLUNTEERING = "volunteering", _("Cultural volunteering")
    INDUSTRY = "industry", _("Industry association")
    OTHER = "other", _("Other")


# Beyond any organization's count of individual members.
MEMBERS_MAX = 10_000_000
