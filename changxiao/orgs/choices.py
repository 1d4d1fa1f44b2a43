from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County / district")
    ZONE = "zone", _("Functional zone")
    TOWNSHIP = "township", _("Township / street")
    VILLAGE = "village", _("Village / community")


# Which level a child may have under each level; a functional zone sits beside the counties.
CHILD_LEVELS: dict[str, set[str]] = {
    RegionLevel.PROVINCE: {RegionLevel.CITY},
    RegionLevel.CITY: {RegionLevel.COUNTY, RegionLevel.ZONE},
    RegionLevel.COUNTY: {RegionLevel.TOWNSHIP},
    RegionLevel.ZONE: {RegionLevel.TOWNSHIP},
    RegionLevel.TOWNSHIP: {RegionLevel.VILLAGE},
    RegionLevel.VILLAGE: set(),
}


class UnitKind(models.TextChoices):
    OFFICE = "office", _("Leading-group office")
    DEPARTMENT = "department", _("Member department")
    DISTRICT_GOVERNMENT = "district_government", _("District government")
    CULTURE_BUREAU = "culture_bureau", _("District culture bureau")
    VENUE = "venue", _("Venue")
    SOCIAL_ORGANIZATION = "social_organization", _("Social organization")
    MEDIA = "media", _("Media")
    NPC_CPPCC = "npc_cppcc", _("NPC / CPPCC")
    INSPECTION_TEAM = "inspection_team", _("Inspection team")


class VenueType(models.TextChoices):
    PUBLIC_LIBRARY = "public_library", _("Public library")
    CULTURE_CENTRE = "culture_centre", _("Culture centre")
    MUSEUM = "museum", _("Museum")
    ART_GALLERY = "art_gallery", _("Art gallery")
    TOWNSHIP_STATION = "township_station", _("Township comprehensive culture station")
    VILLAGE_ROOM = "village_room", _("Village / community culture room")


class Role(models.TextChoices):
    OFFICE = "office", _("Office")
    MEMBER = "member", _("Member unit")
    DISTRICT = "district", _("District coordinator")
    VENUE = "venue", _("Venue staff")
    INSPECTOR = "inspector", _("Inspector / observer")
    LEADER = "leader", _("Leader")


# Roles that see their unit's whole jurisdiction (region subtree) rather than their own unit only.
JURISDICTION_ROLES = {Role.OFFICE, Role.DISTRICT, Role.LEADER}
# Roles that manage the organization within their jurisdiction.
MANAGING_ROLES = {Role.OFFICE, Role.DISTRICT}

# The role an account of a unit usually has: used for API service accounts and as the form default.
DEFAULT_ROLE_FOR_KIND: dict[str, str] = {
    UnitKind.OFFICE: Role.OFFICE,
    UnitKind.DEPARTMENT: Role.MEMBER,
    UnitKind.DISTRICT_GOVERNMENT: Role.DISTRICT,
    UnitKind.CULTURE_BUREAU: Role.DISTRICT,
    UnitKind.VENUE: Role.VENUE,
    UnitKind.SOCIAL_ORGANIZATION: Role.MEMBER,
    UnitKind.MEDIA: Role.INSPECTOR,
    UnitKind.NPC_CPPCC: Role.INSPECTOR,
    UnitKind.INSPECTION_TEAM: Role.INSPECTOR,
}
