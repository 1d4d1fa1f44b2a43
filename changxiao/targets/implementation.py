"""Implementation plans (实施方案): each responsible unit submits its plan for the year, the office approves it
or returns it for revision, and every submitted version is kept and can be compared with another."""

import difflib
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.deadlines import local_today
from changxiao.core.notifications import notify
from changxiao.core.timeline import record_event, register_verbs
from changxiao.core.uploads import DOCUMENT_SUFFIXES, attach_files
from changxiao.core.workflow import StateMachine
from changxiao.orgs.choices import UnitKind
from changxiao.orgs.models import Unit, User
from changxiao.orgs.recipients import unit_people

from .models import ImplementationPlan, ImplementationPlanVersion, KeyMeasure, Task, WorkPlan
from .permissions import can_manage_plan, can_submit_implementation
from .services import plan_managers

register_verbs(
    {
        "implementation_submitted": gettext_lazy("submitted the implementation plan"),
        "implementation_revised": gettext_lazy("submitted a revised implementation plan"),
        "implementation_returned": gettext_lazy("returned the implementation plan for revision"),
        "implementation_approved": gettext_lazy("approved the implementation plan"),
    }
)

State = ImplementationPlan.State

IMPLEMENTATION_MACHINE = StateMachine(
    field="state",
    transitions={
        State.SUBMITTED: frozenset({State.RETURNED, State.APPROVED}),
        # A returned plan is revised; an approved plan may be adjusted, which sends it for approval again.
        State.RETURNED: frozenset({State.SUBMITTED}),
        State.APPROVED: frozenset({State.SUBMITTED}),
    },
)

# The kinds of unit that answer for their part of a work plan with an implementation plan (seed 四(一)).
SUBMITTING_KINDS = (UnitKind.DEPARTMENT, UnitKind.DISTRICT_GOVERNMENT, UnitKind.CULTURE_BUREAU)


@dataclass(frozen=True)
class MeasureData:
    text: str
    task: Task | None = None
    due_date: date | None = None


def due_date_of(work_plan: WorkPlan) -> date:
    """Without a date set by the office, an implementation plan is due by the end of the plan's year."""
    return work_plan.implementation_plans_due or date(work_plan.year, 12, 31)


def expected_units(work_plan: WorkPlan) -> QuerySet[Unit]:
    """Member departments and district units leading at least one task of the plan."""
    return (
        Unit.objects.active()
        .filter(kind__in=SUBMITTING_KINDS, led_tasks__plan=work_plan)
        .distinct()
        .order_by("sort_order", "code")
    )


def _check_measures(work_plan: WorkPlan, measures: list[MeasureData]) -> None:
    if not measures:
        raise ValidationError(_("List at least one key measure."))
    for measure in measures:
        if measure.task is not None and measure.task.plan_id != work_plan.pk:
            raise ValidationError(_("A key measure can only be linked to a task of this work plan."))
        if measure.due_date is not None and measure.due_date < work_plan.first_day:
            raise ValidationError(
                _("The due date %(date)s of a key measure falls before the plan's year %(year)s.")
                % {"date": measure.due_date.isoformat(), "year": work_plan.year}
            )


@transaction.atomic
def implementation_submit(
    *,
    work_plan: WorkPlan,
    unit: Unit,
    by: User,
    title: str,
    summary: str,
    document,
    measures: list[MeasureData],
) -> ImplementationPlan:
    """The unit submits its plan; a returned or approved plan is revised as a new version."""
    if not can_submit_implementation(by, work_plan, unit):
        raise PermissionDenied
    if not title.strip():
        raise ValidationError(_("Give the implementation plan a title."))
    if document is None:
        raise ValidationError(_("Attach the implementation plan document."))
    _check_measures(work_plan, measures)
    plan = ImplementationPlan.objects.select_for_update().filter(work_plan=work_plan, unit=unit).first()
    if plan is None:
        today = local_today()
        plan = ImplementationPlan.objects.create(
            work_plan=work_plan,
            unit=unit,
            first_submitted_on=today,
            on_time=today <= due_date_of(work_plan),
        )
        number, verb = 1, "implementation_submitted"
        record_event(plan, actor=by, verb=verb, to_state=State.SUBMITTED)
    elif plan.state == State.SUBMITTED:
        raise ValidationError(
            _("The submitted version is waiting for the office's review; it can be revised once reviewed.")
        )
    else:
        number = plan.versions.count() + 1
        verb = "implementation_revised"
        IMPLEMENTATION_MACHINE.apply(
            plan, State.SUBMITTED, by=by, verb=verb, comment=_("Version %d") % number
        )
    version = ImplementationPlanVersion.objects.create(
        implementation_plan=plan, number=number, title=title.strip(), summary=summary.strip(), submitted_by=by
    )
    attach_files(version, [document], by=by, suffixes=DOCUMENT_SUFFIXES)
    KeyMeasure.objects.bulk_create(
        KeyMeasure(version=version, position=i, text=m.text.strip(), task=m.task, due_date=m.due_date)
        for i, m in enumerate(measures, start=1)
    )
    notify(
        plan_managers(work_plan),
        title=_("Implementation plan to review: %(unit)s (version %(number)s)")
        % {"unit": unit.name, "number": number},
        url=plan.get_absolute_url(),
    )
    return plan


def _review(plan: ImplementationPlan, *, by: User, to: str, verb: str, comment: str) -> ImplementationPlan:
    if not can_manage_plan(by, plan.work_plan):
        raise PermissionDenied
    plan = ImplementationPlan.objects.select_for_update().get(pk=plan.pk)
    IMPLEMENTATION_MACHINE.apply(plan, to, by=by, verb=verb, comment=comment)
    version = plan.versions.first()
    version.state, version.review_comment = to, comment
    version.reviewed_by, version.reviewed_at = by, timezone.now()
    version.save(update_fields=["state", "review_comment", "reviewed_by", "reviewed_at"])
    return plan


@transaction.atomic
def implementation_return(
    *, implementation_plan: ImplementationPlan, by: User, comment: str
) -> ImplementationPlan:
    if not comment.strip():
        raise ValidationError(_("Say what must be revised."))
    plan = _review(
        implementation_plan, by=by, to=State.RETURNED, verb="implementation_returned", comment=comment
    )
    notify(
        unit_people(plan.unit),
        title=_("Implementation plan returned for revision: %(plan)s") % {"plan": plan.work_plan},
        body=comment,
        url=plan.get_absolute_url(),
    )
    return plan


@transaction.atomic
def implementation_accept(
    *, implementation_plan: ImplementationPlan, by: User, comment: str = ""
) -> ImplementationPlan:
    plan = _review(
        implementation_plan, by=by, to=State.APPROVED, verb="implementation_approved", comment=comment
    )
    notify(
        unit_people(plan.unit),
        title=_("Implementation plan approved: %(plan)s") % {"plan": plan.work_plan},
        url=plan.get_absolute_url(),
    )
    return plan


def current_measures_for(task: Task, user) -> QuerySet[KeyMeasure]:
    """The key measures serving a task in the latest version of each implementation plan the user sees."""
    latest = ImplementationPlanVersion.objects.filter(
        implementation_plan=OuterRef("version__implementation_plan")
    ).order_by("-number")
    return (
        KeyMeasure.objects.filter(
            task=task,
            version__implementation_plan__in=ImplementationPlan.objects.visible_to(user),
            version__pk=Subquery(latest.values("pk")[:1]),
        )
        .select_related("version__implementation_plan__unit")
        .order_by("version__implementation_plan__unit__sort_order", "position")
    )


# Comparing two versions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffLine:
    """One line of a comparison: "same", "added" (only in the newer version) or "removed" (only in the older)."""

    change: str
    text: str


def _measure_line(measure: KeyMeasure) -> str:
    parts = [measure.text]
    if measure.task_id:
        parts.append(_("task %(task)s") % {"task": measure.task})
    if measure.due_date:
        parts.append(_("due %(date)s") % {"date": measure.due_date.isoformat()})
    return " · ".join(parts)


def diff_lines(older: list[str], newer: list[str]) -> list[DiffLine]:
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(a=older, b=newer, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            lines += [DiffLine("same", text) for text in older[a1:a2]]
            continue
        lines += [DiffLine("removed", text) for text in older[a1:a2]]
        lines += [DiffLine("added", text) for text in newer[b1:b2]]
    return lines


@dataclass(frozen=True)
class VersionComparison:
    older: ImplementationPlanVersion
    newer: ImplementationPlanVersion
    title: list[DiffLine]
    summary: list[DiffLine]
    measures: list[DiffLine]

    @property
    def changed(self) -> bool:
        return any(line.change != "same" for line in [*self.title, *self.summary, *self.measures])


def compare_versions(older: ImplementationPlanVersion, newer: ImplementationPlanVersion) -> VersionComparison:
    if older.number > newer.number:
        older, newer = newer, older
    measures = {
        version.pk: [_measure_line(m) for m in version.measures.select_related("task")]
        for version in (older, newer)
    }
    return VersionComparison(
        older=older,
        newer=newer,
        title=diff_lines([older.title], [newer.title]),
        summary=diff_lines(older.summary.splitlines(), newer.summary.splitlines()),
        measures=diff_lines(measures[older.pk], measures[newer.pk]),
    )
