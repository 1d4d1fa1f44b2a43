"""Excel export of the plan board and of a unit's task list: the same scoped, filtered tasks."""

from django.utils.translation import gettext_lazy as _

from changxiao.core import numbers
from changxiao.core.exports import Column, ExportDefinition, register_export

from .models import ImplementationPlan, WorkPlan
from .queries import implementation_rows_for_export, plans_for_list, tasks_for_board


def _tasks(user, params):
    plan_id = params.get("plan", "")
    plan = WorkPlan.objects.visible_to(user).filter(pk=int(plan_id)).first() if plan_id.isdecimal() else None
    return tasks_for_board(user, params, plan)


register_export(
    ExportDefinition(
        name="targets-tasks",
        title=_("Tasks"),
        file_stem="tasks",
        queryset=_tasks,
        columns=[
            Column(_("Work plan"), lambda t: t.plan.title, 30),
            Column(_("Number"), lambda t: t.number, 8, numbers.XLSX_TEXT),
            Column(_("Task"), lambda t: t.title, 40),
            Column(_("Parent task"), lambda t: str(t.parent) if t.parent_id else "", 24),
            Column(_("Mechanism"), lambda t: t.get_mechanism_display(), 16),
            Column(_("Lead unit"), lambda t: t.lead_unit.name, 24),
            Column(
                _("Cooperating units"), lambda t: "、".join(u.name for u in t.cooperating_units.all()), 30
            ),
            Column(_("Weight"), lambda t: t.weight, 8, numbers.XLSX_POINTS),
            Column(_("Due date"), lambda t: t.due_date, 12),
            Column(_("Status"), lambda t: t.get_status_display(), 10),
            Column(_("Percent done"), lambda t: numbers.excel_fraction(t.percent), 8, numbers.XLSX_PERCENT),
            Column(_("Completed on"), lambda t: t.completed_on, 12),
            Column(_("Deadline"), lambda t: t.deadline.label if t.deadline else "", 12),
        ],
    )
)

register_export(
    ExportDefinition(
        name="targets-plans",
        title=_("Work plans"),
        file_stem="work-plans",
        queryset=plans_for_list,
        columns=[
            Column(_("Year"), lambda p: p.year, 8),
            Column(_("Title"), lambda p: p.title, 40),
            Column(_("Jurisdiction"), lambda p: p.region.name, 12),
            Column(_("Source document"), lambda p: p.source_document, 30),
            Column(_("Progress reports"), lambda p: p.get_report_schedule_display(), 10),
            Column(_("Tasks"), lambda p: p.task_count, 8, numbers.XLSX_INTEGER),
            Column(_("Completed"), lambda p: p.completed_count, 8, numbers.XLSX_INTEGER),
        ],
    )
)

register_export(
    ExportDefinition(
        name="targets-implementation",
        title=_("Implementation plans"),
        file_stem="implementation-plans",
        queryset=implementation_rows_for_export,
        columns=[
            Column(_("Unit"), lambda u: u.name, 30),
            Column(
                _("State"),
                lambda u: (
                    ImplementationPlan.State(u.implementation_state).label
                    if u.implementation_state
                    else _("Not submitted")
                ),
                14,
            ),
            Column(_("First submitted on"), lambda u: u.first_submitted_on, 12),
            Column(
                _("On time"),
                lambda u: "" if u.implementation_id is None else (_("Yes") if u.on_time else _("Late")),
                8,
            ),
            Column(_("Versions"), lambda u: u.version_count or 0, 8, numbers.XLSX_INTEGER),
        ],
    )
)
