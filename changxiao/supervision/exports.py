"""Excel export of the finding board and of my unit's findings: the same scoped, filtered rows."""

from django.utils.translation import gettext_lazy as _

from changxiao.core import numbers
from changxiao.core.exports import Column, ExportDefinition, register_export

from .queries import accountabilities_for_list, findings_for_board, inspections_for_list


def _findings(user, params):
    return findings_for_board(user, params, mine=params.get("mine") == "1")


def _yes_no(value):
    return "" if value is None else (_("Yes") if value else _("No"))


register_export(
    ExportDefinition(
        name="supervision-findings",
        title=_("Findings"),
        file_stem="findings",
        queryset=_findings,
        columns=[
            Column(_("Inspection"), lambda f: f.inspection.title, 30),
            Column(_("Kind of inspection"), lambda f: f.inspection.get_kind_display(), 14),
            Column(_("Date"), lambda f: f.inspection.date, 12),
            Column(_("Number"), lambda f: f.number, 6),
            Column(_("Problem found"), lambda f: f.description, 40),
            Column(_("Severity"), lambda f: f.get_severity_display(), 8),
            Column(_("Place"), lambda f: f.place, 20),
            Column(_("Responsible unit"), lambda f: f.lead_unit.name, 24),
            Column(_("Co-responsible units"), lambda f: "、".join(u.name for u in f.co_units.all()), 24),
            Column(_("Rectification requirement"), lambda f: f.requirement, 30),
            Column(_("Rectification deadline"), lambda f: f.due_date, 12),
            Column(_("State"), lambda f: f.get_state_display(), 14),
            Column(_("Deadline"), lambda f: f.deadline.label if f.deadline else "", 12),
            Column(_("First submitted after the deadline"), lambda f: _yes_no(f.submitted_late), 10),
            Column(_("Rectification verified on"), lambda f: f.rectified_on, 12),
            Column(_("Rectified on time"), lambda f: _yes_no(f.rectified_on_time), 10),
            Column(_("Reason for closing"), lambda f: f.closing_reason, 30),
        ],
    )
)

register_export(
    ExportDefinition(
        name="supervision-inspections",
        title=_("Inspections"),
        file_stem="inspections",
        queryset=inspections_for_list,
        columns=[
            Column(_("Date"), lambda i: i.date, 12),
            Column(_("Inspection"), lambda i: i.title, 40),
            Column(_("Kind of inspection"), lambda i: i.get_kind_display(), 14),
            Column(_("Jurisdiction"), lambda i: i.region.name, 12),
            Column(_("Observers"), lambda i: i.observers, 24),
            Column(_("Findings"), lambda i: i.finding_count, 8, numbers.XLSX_INTEGER),
            Column(_("Still open"), lambda i: i.open_count, 8, numbers.XLSX_INTEGER),
        ],
    )
)

register_export(
    ExportDefinition(
        name="supervision-accountability",
        title=_("Accountability"),
        file_stem="accountability",
        queryset=accountabilities_for_list,
        columns=[
            Column(_("Decided on"), lambda a: a.decided_on, 12),
            Column(_("Jurisdiction"), lambda a: a.region.name, 12),
            Column(_("Unit concerned"), lambda a: a.unit.name, 24),
            Column(_("Person concerned"), lambda a: a.person_name, 12),
            Column(_("Post"), lambda a: a.person_post, 12),
            Column(_("Ground"), lambda a: a.get_ground_display(), 16),
            Column(_("Facts"), lambda a: a.ground_detail, 40),
            Column(_("Measure"), lambda a: a.get_measure_display(), 18),
            Column(_("Decided by"), lambda a: a.decided_by, 20),
            Column(_("Findings"), lambda a: a.finding_count, 8, numbers.XLSX_INTEGER),
        ],
    )
)
