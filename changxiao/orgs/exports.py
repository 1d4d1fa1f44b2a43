"""Excel exports of the organization lists: the same scoped, filtered querysets their pages show; and the roster of
units (Word) of a long list, built in the background (core.document_jobs)."""

from django.utils.translation import gettext_lazy as _

from changxiao.core import numbers
from changxiao.core.document_jobs import DocumentDefinition, register_document
from changxiao.core.exports import Column, ExportDefinition, params_from_dict, register_export

from . import roster_document
from .queries import people_for_list, regions_for_list, units_for_list


def roster_for(user, params: dict) -> bytes:
    """The roster of the units the list shows this person with this filter, as the document is built."""
    return roster_document.roster(units_for_list(user, params_from_dict(params)))


ROSTER = register_document(DocumentDefinition(name="orgs-roster", build=roster_for))

register_export(
    ExportDefinition(
        name="orgs-regions",
        title=_("Regions"),
        file_stem="regions",
        queryset=regions_for_list,
        columns=[
            Column(_("Division code"), lambda r: r.code, 14, numbers.XLSX_TEXT),
            Column(_("Name"), lambda r: r.name, 18),
            Column(_("Level"), lambda r: r.get_level_display(), 14),
            Column(
                _("Parent division code"), lambda r: r.parent.code if r.parent else "", 16, numbers.XLSX_TEXT
            ),
            Column(_("Parent"), lambda r: r.parent.name if r.parent else "", 16),
            Column(_("Population year"), lambda r: r.population_year, 10),
            Column(_("Resident population"), lambda r: r.population, 14, numbers.XLSX_INTEGER),
            Column(_("Active units"), lambda r: r.unit_count, 10, numbers.XLSX_INTEGER),
            Column(_("Area (km²)"), lambda r: r.area_km2, 10, numbers.XLSX_DECIMAL),
        ],
    )
)

register_export(
    ExportDefinition(
        name="orgs-units",
        title=_("Units"),
        file_stem="units",
        queryset=units_for_list,
        columns=[
            Column(_("Unit code"), lambda u: u.code, 14, numbers.XLSX_TEXT),
            Column(_("Name"), lambda u: u.name, 30),
            Column(_("Short name"), lambda u: u.short_name, 14),
            Column(_("Kind"), lambda u: u.get_kind_display(), 16),
            Column(_("Venue type"), lambda u: u.get_venue_type_display() if u.venue_type else "", 18),
            Column(_("Jurisdiction"), lambda u: u.region.name, 12),
            Column(_("Supervising unit"), lambda u: u.parent.name if u.parent else "", 24),
            Column(_("Lead department"), lambda u: u.is_lead, 8),
            Column(_("Member of the leading group"), lambda u: u.is_member, 8),
            Column(_("Head of unit"), lambda u: u.leader_name, 10),
            Column(_("Contact person"), lambda u: u.contact_name, 10),
            Column(_("Contact phone"), lambda u: u.contact_phone, 14, numbers.XLSX_TEXT),
            Column(_("Address"), lambda u: u.address, 30),
            Column(_("People"), lambda u: u.member_count, 8, numbers.XLSX_INTEGER),
            Column(_("Active"), lambda u: u.is_active, 8),
        ],
    )
)

register_export(
    ExportDefinition(
        name="orgs-people",
        title=_("People"),
        file_stem="people",
        queryset=people_for_list,
        columns=[
            Column(_("Full name"), lambda m: m.user.display_name, 12),
            Column(_("Login name"), lambda m: m.user.username, 16, numbers.XLSX_TEXT),
            Column(_("Unit"), lambda m: m.unit.name, 30),
            Column(_("Jurisdiction"), lambda m: m.unit.region.name, 12),
            Column(_("Role"), lambda m: m.get_role_display(), 14),
            Column(_("Position"), lambda m: m.title, 14),
            Column(_("Email"), lambda m: m.user.email, 22),
            Column(_("Last sign-in"), lambda m: m.user.last_login, 18),
        ],
    )
)
