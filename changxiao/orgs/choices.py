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


class Capability(models.TextChoices):
    """What a role lets a person do. Roles are declared once, below, as sets of capabilities; the scope
    (orgs.scope) and every permission check read them from there, never from role names."""

    READ_UNIT = "read_unit", _("See their own unit's records")
    READ_JURISDICTION = "read_jurisdiction", _("See everything in their jurisdiction")
    ACT_FOR_UNIT = "act_for_unit", _("Report, submit, reply and rectify for their unit")
    MANAGE_JURISDICTION = "manage_jurisdiction", _("Plan, organize and decide within their jurisdiction")
    RUN_OFFICE = "run_office", _("Take the leading-group office's decisions")
    INSPECT = "inspect", _("Record inspections and findings")


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.OFFICE: frozenset(
        {
            Capability.READ_UNIT,
            Capability.READ_JURISDICTION,
            Capability.ACT_FOR_UNIT,
            Capability.MANAGE_JURISDICTION,
            Capability.RUN_OFFICE,
        }
    ),
    Role.DISTRICT: frozenset(
        {
            Capability.READ_UNIT,
            Capability.READ_JURISDICTION,
            Capability.ACT_FOR_UNIT,
            Capability.MANAGE_JURISDICTION,
        }
    ),
    Role.MEMBER: frozenset({Capability.READ_UNIT, Capability.ACT_FOR_UNIT}),
    Role.VENUE: frozenset({Capability.READ_UNIT, Capability.ACT_FOR_UNIT}),
    Role.INSPECTOR: frozenset({Capability.READ_UNIT, Capability.ACT_FOR_UNIT, Capability.INSPECT}),
    # Leaders read: the cockpit, reports and every record of their jurisdiction, and change nothing.
    Role.LEADER: frozenset({Capability.READ_UNIT, Capability.READ_JURISDICTION}),
}
# Capabilities that change something; a role with none of them is read-only.
WRITE_CAPABILITIES = frozenset(
    {Capability.ACT_FOR_UNIT, Capability.MANAGE_JURISDICTION, Capability.RUN_OFFICE, Capability.INSPECT}
)


def roles_with(capability: str) -> frozenset[str]:
    return frozenset(role for role, capabilities in ROLE_CAPABILITIES.items() if capability in capabilities)


# Roles that see their unit's whole jurisdiction (region subtree) rather than their own unit only.
JURISDICTION_ROLES = roles_with(Capability.READ_JURISDICTION)
# Roles that manage the organization within their jurisdiction.
MANAGING_ROLES = roles_with(Capability.MANAGE_JURISDICTION)
# Roles that change nothing.
READ_ONLY_ROLES = frozenset(role for role, caps in ROLE_CAPABILITIES.items() if not caps & WRITE_CAPABILITIES)

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


# Levels whose leading-group office keeps settings (routing rules, questionnaires, indicator sets …); a township's
# station keeps none.
KEEPING_LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.ZONE)
