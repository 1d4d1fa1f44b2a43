"""Workflows of the target-responsibility system: each checks permission and writes the timeline."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.bounds import check_deadline, check_planned_date, check_year
from changxiao.core.confirmation import StepCheck
from changxiao.core.corrections import cancel_record, require_reason
from changxiao.core.extensions import ExtensionWorkflow, extension_settle_pending
from changxiao.core.notifications import notify
from changxiao.core.permissions import require
from changxiao.core.timeline import record_event, register_verbs
from changxiao.core.uploads import attach_files
from changxiao.core.workflow import StateMachine
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.permissions import can_manage_region
from changxiao.orgs.recipients import region_managers, unit_people

from .choices import DEFAULT_PERCENT, REPORTED_PERCENT_MAX, TaskStatus, status_for_percent
from .models import (
    CompletionRequest,
    ExtensionRequest,
    Milestone,
    ProgressEntry,
    ProgressReport,
    ReportContribution,
    Task,
    WorkPlan,
)
from .permissions import (
    can_contribute,
    can_decide_completion,
    can_manage_plan,
    can_report,
    can_update_progress,
)

register_verbs(
    {
        "task_added": gettext_lazy("added a task"),
        "progress_updated": gettext_lazy("updated progress"),
        "progress_rolled_up": gettext_lazy("progress recomputed from sub-tasks"),
        "milestone_added": gettext_lazy("added a milestone"),
        "milestone_done": gettext_lazy("completed a milestone"),
        "report_submitted": gettext_lazy("submitted a progress report"),
        "report_resubmitted": gettext_lazy("resubmitted a revised progress report"),
        "report_returned": gettext_lazy("returned the progress report"),
        "report_accepted": gettext_lazy("accepted the progress report"),
        "report_contribution": gettext_lazy("added a cooperating unit's contribution"),
        "marked_overdue": gettext_lazy("marked overdue"),
        "report_withdrawn": gettext_lazy("withdrew the progress report"),
        "completion_requested": gettext_lazy("requested completion (销号) with evidence"),
        "completion_accepted": gettext_lazy("accepted the completion"),
        "completion_returned": gettext_lazy("returned the completion request"),
        "completion_withdrawn": gettext_lazy("withdrew the acceptance of the completion"),
        "task_cancelled": gettext_lazy("cancelled a task"),
    }
)

REPORT_MACHINE = StateMachine(
    field="state",
    transitions={
        ProgressReport.State.SUBMITTED: frozenset(
            {ProgressReport.State.RETURNED, ProgressReport.State.ACCEPTED}
        ),
        ProgressReport.State.RETURNED: frozenset({ProgressReport.State.SUBMITTED}),
        ProgressReport.State.WITHDRAWN: frozenset({ProgressReport.State.SUBMITTED}),
    },
)
# A report is withdrawn by its unit before the review; the machine above keeps it reviewable either way.
REPORT_WITHDRAWAL = StateMachine(
    field="state",
    transitions={ProgressReport.State.SUBMITTED: frozenset({ProgressReport.State.WITHDRAWN})},
)
COMPLETION_MACHINE = StateMachine(
    field="state",
    transitions={
        CompletionRequest.State.SUBMITTED: frozenset(
            {CompletionRequest.State.ACCEPTED, CompletionRequest.State.RETURNED}
        ),
    },
)


def _require_someone_else(by: User, subject_id: int | None) -> None:
    """A decision on a submission is taken by someone other than the person who submitted it."""
    if subject_id is not None and by.pk == subject_id:
        raise ValidationError(_("A submission is decided by someone other than the person who submitted it."))


@transaction.atomic
def plan_create(
    *,
    by: User,
    region: Region,
    year: int,
    title: str,
    source_document: str = "",
    report_schedule: str,
    implementation_plans_due=None,
) -> WorkPlan:
    require(can_manage_region(by, region))
    check_year(year, field="year")
    check_deadline(implementation_plans_due, field="implementation_plans_due")
    plan = WorkPlan(
        region=region,
        year=year,
        title=title,
        source_document=source_document,
        report_schedule=report_schedule,
        implementation_plans_due=implementation_plans_due,
        created_by=by,
    )
    plan.full_clean()
    plan.save()
    record_event(plan, actor=by, verb="created")
    return plan


@transaction.atomic
def plan_update(*, plan: WorkPlan, by: User, changes_comment: str) -> WorkPlan:
    """Save the plan's edited fields; an implementation-plan deadline may stay as it was, a new one lies ahead."""
    require(can_manage_plan(by, plan))
    stored = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    if stored.is_cancelled:
        raise ValidationError(_("This plan is cancelled."))
    check_year(plan.year, field="year")
    check_deadline(
        plan.implementation_plans_due,
        field="implementation_plans_due",
        earliest=stored.implementation_plans_due,
    )
    plan.full_clean()
    plan.save()
    if changes_comment:
        record_event(plan, actor=by, verb="updated", comment=changes_comment)
    return plan


def _check_task(task: Task, *, stored_due=None) -> None:
    if task.plan.is_cancelled:
        raise ValidationError(_("This plan is cancelled."))
    if task.due_date and task.due_date < task.plan.first_day:
        raise ValidationError({"due_date": _("The due date falls before the plan's year.")})
    check_deadline(task.due_date, field="due_date", earliest=stored_due)
    if task.parent_id and task.parent.plan_id != task.plan_id:
        raise ValidationError({"parent": _("A sub-task belongs to the same plan as its parent.")})
    if task.parent_id and task.parent.is_cancelled:
        raise ValidationError({"parent": _("The parent task is cancelled.")})


@transaction.atomic
def task_create(*, by: User, task: Task, cooperating_units: list[Unit]) -> Task:
    require(can_manage_plan(by, task.plan))
    _check_task(task)
    if task.status not in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS):
        # A task is completed only by accepting its lead unit's completion request.
        raise ValidationError({"status": _("A new task is not started or in progress.")})
    task.percent = DEFAULT_PERCENT[task.status]
    task.full_clean()
    task.save()
    task.cooperating_units.set(cooperating_units)
    record_event(task, actor=by, verb="created")
    record_event(task.plan, actor=by, verb="task_added", comment=str(task))
    if task.parent_id:
        _roll_up(task.parent, by=by)
    return task


@transaction.atomic
def task_update(*, task: Task, by: User, cooperating_units: list[Unit], changes_comment: str) -> Task:
    require(can_manage_plan(by, task.plan))
    stored = Task.objects.select_for_update().get(pk=task.pk)
    if stored.is_cancelled:
        raise ValidationError(_("This task is cancelled."))
    _check_task(task, stored_due=stored.due_date)
    old_parent_id = stored.parent_id
    task.full_clean(exclude=["plan"])
    task.save()
    task.cooperating_units.set(cooperating_units)
    if changes_comment:
        record_event(task, actor=by, verb="updated", comment=changes_comment)
    if old_parent_id != task.parent_id:
        # Moving a task changes the progress of the parent it left and of the one it joined.
        for parent in Task.objects.filter(pk__in=[p for p in (old_parent_id, task.parent_id) if p]):
            _roll_up(parent, by=by)
    return task


def _apply_progress(
    task: Task, *, percent: int, status: str, by: User | None, source: str, note: str = "", completed_on=None
) -> None:
    task.percent = percent
    task.status = status
    task.completed_on = (
        (completed_on or task.completed_on or timezone.localdate())
        if status == TaskStatus.COMPLETED
        else None
    )
    task.save(update_fields=["percent", "status", "completed_on"])
    ProgressEntry.objects.create(
        task=task, percent=percent, status=status, source=source, note=note, created_by=by
    )


def _roll_up(parent: Task, *, by: User | None) -> None:
    """A parent's progress is the weighted mean of its standing sub-tasks; it is completed when all of them are (on
    the day the last was); it climbs to the top of the tree."""
    children = list(parent.children.current().only("percent", "weight", "status", "completed_on"))
    if not children:
        return
    total_weight = sum((c.weight for c in children), Decimal(0))
    completed_on = None
    if all(c.status == TaskStatus.COMPLETED for c in children):
        percent, status = 100, TaskStatus.COMPLETED
        completed_on = max(c.completed_on for c in children if c.completed_on) if children else None
    else:
        percent = int(round(sum((c.weight * c.percent for c in children), Decimal(0)) / total_weight))
        percent = min(percent, REPORTED_PERCENT_MAX)
        status = status_for_percent(percent)
    if (percent, status) != (parent.percent, parent.status):
        before = parent.percent
        _apply_progress(
            parent,
            percent=percent,
            status=status,
            by=by,
            source=ProgressEntry.Source.ROLLUP,
            completed_on=completed_on,
        )
        record_event(parent, actor=by, verb="progress_rolled_up", comment=f"{before}% → {percent}%")
    if parent.parent_id:
        _roll_up(parent.parent, by=by)


@transaction.atomic
def task_record_progress(
    *, task: Task, by: User, percent: int | None, status: str | None = None, note: str = ""
) -> Task:
    """Record progress: the percent (0–99), or the status's default percent. Completion is not recorded here: the
    lead unit requests it with evidence and the office accepts it (task_request_completion, completion_accept)."""
    require(can_update_progress(by, task))
    task = Task.objects.select_for_update().get(pk=task.pk)
    _check_open(task)
    if task.children.exists():
        raise ValidationError(_("This task's progress is computed from its sub-tasks."))
    if status not in (None, TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS):
        raise ValidationError(_("To complete the task, request completion with its evidence (申请销号)."))
    if percent is None:
        if status is None:
            raise ValidationError(_("Give a percent or a status."))
        percent = DEFAULT_PERCENT[status]
    _check_reported_percent(percent)
    status = status_for_percent(percent) if status is None or percent == 0 else status
    before = task.percent
    _apply_progress(
        task, percent=percent, status=status, by=by, source=ProgressEntry.Source.UPDATE, note=note
    )
    record_event(
        task,
        actor=by,
        verb="progress_updated",
        from_state=f"{before}%",
        to_state=f"{percent}%",
        comment=note,
    )
    if task.parent_id:
        _roll_up(task.parent, by=by)
    return task


@transaction.atomic
def milestone_add(*, task: Task, by: User, title: str, due_date) -> Milestone:
    require(can_manage_plan(by, task.plan))
    if task.is_cancelled:
        raise ValidationError(_("This task is cancelled."))
    if due_date < task.plan.first_day:
        raise ValidationError({"due_date": _("The due date falls before the plan's year.")})
    check_planned_date(due_date, field="due_date")
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Name the milestone.")})
    milestone = Milestone.objects.create(task=task, title=title, due_date=due_date)
    record_event(task, actor=by, verb="milestone_added", comment=f"{title} ({due_date:%Y-%m-%d})")
    return milestone


@transaction.atomic
def milestone_mark_done(*, milestone: Milestone, by: User) -> Milestone:
    require(can_update_progress(by, milestone.task))
    if milestone.done_on:
        return milestone
    milestone.done_on = timezone.localdate()
    milestone.save(update_fields=["done_on"])
    record_event(milestone.task, actor=by, verb="milestone_done", comment=milestone.title)
    return milestone


def _check_open(task: Task) -> None:
    """A task takes progress only while it stands, is not completed and no completion request waits."""
    if task.is_cancelled:
        raise ValidationError(_("This task is cancelled."))
    if task.status == TaskStatus.COMPLETED:
        raise ValidationError(_("This task is completed: its progress can no longer change."))
    if task.status == TaskStatus.AWAITING_ACCEPTANCE:
        raise ValidationError(_("The completion of this task waits for the office's acceptance."))


def _check_reported_percent(percent: int) -> None:
    if percent == 100:
        raise ValidationError(_("To complete the task, request completion with its evidence (申请销号)."))
    if not 0 <= percent <= REPORTED_PERCENT_MAX:
        raise ValidationError(_("The percent must be between 0 and %(max)s.") % {"max": REPORTED_PERCENT_MAX})


def plan_managers(plan: WorkPlan) -> list[User]:
    return region_managers(plan.region)


@transaction.atomic
def report_submit(
    *, task: Task, by: User, period: str, percent: int, narrative: str, files: list = ()
) -> ProgressReport:
    """The lead unit reports for a period; a returned report of that period is revised and resubmitted."""
    require(can_report(by, task))
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.is_cancelled:
        raise ValidationError(_("This task is cancelled."))
    if task.status == TaskStatus.COMPLETED:
        raise ValidationError(_("This task is completed: no more progress reports are taken."))
    _check_reported_percent(percent)
    if not narrative.strip():
        raise ValidationError(_("Describe the progress of the period."))
    report = ProgressReport.objects.filter(task=task, period=period).first()
    if report is None:
        report = ProgressReport.objects.create(
            task=task, period=period, percent=percent, narrative=narrative, submitted_by=by
        )
        verb = "report_submitted"
    elif report.state in (ProgressReport.State.RETURNED, ProgressReport.State.WITHDRAWN):
        report.percent, report.narrative, report.submitted_by = percent, narrative, by
        report.submitted_at, report.revision = timezone.now(), report.revision + 1
        report.save(update_fields=["percent", "narrative", "submitted_by", "submitted_at", "revision"])
        REPORT_MACHINE.apply(report, ProgressReport.State.SUBMITTED, by=by, verb="report_resubmitted")
        verb = "report_resubmitted"
    else:
        raise ValidationError(
            _(
                "A report for %(period)s was already submitted; withdraw it before the review, or revise it when "
                "the office returns it."
            )
            % {"period": period}
        )
    stored = attach_files(report, list(files), by=by) if files else []
    record_event(task, actor=by, verb=verb, comment=f"{period} · {percent}%\n{narrative}", attachments=stored)
    notify(
        plan_managers(task.plan),
        title=_("Progress report to review: %(task)s (%(period)s)") % {"task": task, "period": period},
        url=task.get_absolute_url(),
    )
    return report


@transaction.atomic
def report_return(*, report: ProgressReport, by: User, comment: str) -> ProgressReport:
    require(can_manage_plan(by, report.task.plan))
    _require_someone_else(by, report.submitted_by_id)
    if not comment.strip():
        raise ValidationError(_("Say what must be revised."))
    report.reviewed_by, report.reviewed_at, report.review_comment = by, timezone.now(), comment
    REPORT_MACHINE.apply(
        report,
        ProgressReport.State.RETURNED,
        by=by,
        comment=comment,
        update_fields=("reviewed_by", "reviewed_at", "review_comment"),
    )
    record_event(report.task, actor=by, verb="report_returned", comment=f"{report.period}: {comment}")
    notify(
        unit_people(report.task.lead_unit),
        title=_("Progress report returned for revision: %(task)s (%(period)s)")
        % {"task": report.task, "period": report.period},
        body=comment,
        url=report.task.get_absolute_url(),
    )
    return report


@transaction.atomic
def report_accept(*, report: ProgressReport, by: User, comment: str = "") -> ProgressReport:
    """Accepting a report makes its percent the task's progress (completion takes a completion request)."""
    require(can_manage_plan(by, report.task.plan))
    _require_someone_else(by, report.submitted_by_id)
    task = Task.objects.select_for_update().get(pk=report.task_id)
    report.reviewed_by, report.reviewed_at, report.review_comment = by, timezone.now(), comment
    REPORT_MACHINE.apply(
        report,
        ProgressReport.State.ACCEPTED,
        by=by,
        comment=comment,
        update_fields=("reviewed_by", "reviewed_at", "review_comment"),
    )
    if task.status in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS) and not task.children.exists():
        before = task.percent
        _apply_progress(
            task,
            percent=report.percent,
            status=status_for_percent(report.percent),
            by=by,
            source=ProgressEntry.Source.REPORT,
            note=f"{report.period}",
        )
        record_event(
            task,
            actor=by,
            verb="report_accepted",
            from_state=f"{before}%",
            to_state=f"{report.percent}%",
            comment=comment,
        )
        if task.parent_id:
            _roll_up(task.parent, by=by)
    else:
        record_event(task, actor=by, verb="report_accepted", comment=comment)
    notify(
        unit_people(task.lead_unit),
        title=_("Progress report accepted: %(task)s (%(period)s)") % {"task": task, "period": report.period},
        url=task.get_absolute_url(),
    )
    return report


@transaction.atomic
def report_contribute(*, report: ProgressReport, by: User, unit: Unit, text: str) -> ReportContribution:
    """A cooperating unit adds its part to the lead unit's report while it is under review."""
    require(can_contribute(by, report.task, unit))
    if report.state == ProgressReport.State.ACCEPTED:
        raise ValidationError(_("This report is accepted: contributions are closed."))
    if not text.strip():
        raise ValidationError(_("Describe your unit's contribution."))
    contribution = ReportContribution.objects.create(report=report, unit=unit, text=text, created_by=by)
    record_event(
        report.task, actor=by, verb="report_contribution", comment=f"{unit.name} · {report.period}\n{text}"
    )
    return contribution


def _may_decide_extension(user: User, task: Task) -> bool:
    return can_manage_plan(user, task.plan)


# 延期申请 on a task (core.extensions): the lead unit asks, the plan's office decides, the task's due date moves.
TASK_EXTENSIONS = ExtensionWorkflow(
    model=ExtensionRequest,
    target_field="task",
    may_request=can_report,
    may_decide=_may_decide_extension,
    deciders=lambda task: plan_managers(task.plan),
    requesters=lambda task: unit_people(task.lead_unit),
    visible=lambda user: Task.objects.visible_to(user).select_related("plan__region"),
    request_url="targets:extension_request",
    decide_url="targets:extension_decide",
    check_open=_check_open,
    form_prefix="extension",
)


@transaction.atomic
def report_withdraw(*, report: ProgressReport, by: User, reason: str) -> ProgressReport:
    """The lead unit takes back a report it submitted by mistake, before the office reviews it; it may then submit
    the period's report again. The withdrawn text stays on the timeline."""
    require(can_report(by, report.task))
    report = ProgressReport.objects.select_for_update().select_related("task").get(pk=report.pk)
    reason = require_reason(reason)
    REPORT_WITHDRAWAL.apply(report, ProgressReport.State.WITHDRAWN, by=by, verb="withdrawn", comment=reason)
    record_event(
        report.task,
        actor=by,
        verb="report_withdrawn",
        comment=f"{report.period} · {report.percent}%\n{reason}",
    )
    return report


@transaction.atomic
def task_request_completion(*, task: Task, by: User, summary: str, evidence: list) -> CompletionRequest:
    """销号申请: the lead unit says what was done and attaches the evidence; the task waits for the office."""
    require(can_report(by, task))
    task = Task.objects.select_for_update().get(pk=task.pk)
    _check_open(task)
    if task.children.exists():
        raise ValidationError(_("This task is completed when all its sub-tasks are."))
    summary = summary.strip()
    if not summary:
        raise ValidationError({"summary": _("Say what was done.")})
    if not evidence:
        raise ValidationError({"evidence": _("Attach the evidence of completion.")})
    completion = CompletionRequest.objects.create(task=task, summary=summary, requested_by=by)
    stored = attach_files(completion, list(evidence), by=by)
    before = task.status
    task.status = TaskStatus.AWAITING_ACCEPTANCE
    task.save(update_fields=["status"])
    record_event(
        task,
        actor=by,
        verb="completion_requested",
        from_state=before,
        to_state=task.status,
        comment=summary,
        attachments=stored,
    )
    notify(
        plan_managers(task.plan),
        title=_("Completion to accept: %(task)s") % {"task": task},
        body=summary,
        url=task.get_absolute_url(),
    )
    return completion


@transaction.atomic
def completion_accept(*, completion: CompletionRequest, by: User, comment: str = "") -> CompletionRequest:
    """The office accepts the evidence: the task is completed on the day its completion was requested (the unit is
    not late for the time the review took)."""
    require(can_decide_completion(by, completion))
    completion = CompletionRequest.objects.select_for_update().get(pk=completion.pk)
    task = Task.objects.select_for_update().get(pk=completion.task_id)
    completion.decided_by, completion.decided_at = by, timezone.now()
    completion.decision_comment = comment.strip()
    COMPLETION_MACHINE.apply(
        completion,
        CompletionRequest.State.ACCEPTED,
        by=by,
        comment=completion.decision_comment,
        update_fields=("decided_by", "decided_at", "decision_comment"),
    )
    before = task.percent
    _apply_progress(
        task,
        percent=100,
        status=TaskStatus.COMPLETED,
        by=by,
        source=ProgressEntry.Source.ACCEPTANCE,
        note=completion.decision_comment,
        completed_on=timezone.localdate(completion.requested_at),
    )
    extension_settle_pending(
        workflow=TASK_EXTENSIONS,
        target=task,
        by=by,
        comment=_("The task was completed; no extension is needed."),
    )
    record_event(
        task,
        actor=by,
        verb="completion_accepted",
        from_state=f"{before}%",
        to_state="100%",
        comment=completion.decision_comment,
    )
    if task.parent_id:
        _roll_up(task.parent, by=by)
    notify(
        unit_people(task.lead_unit),
        title=_("Completion accepted: %(task)s") % {"task": task},
        body=completion.decision_comment,
        url=task.get_absolute_url(),
    )
    return completion


@transaction.atomic
def completion_return(*, completion: CompletionRequest, by: User, comment: str) -> CompletionRequest:
    """The office returns the request with its reason; the task is back in progress."""
    require(can_decide_completion(by, completion))
    comment = require_reason(comment, field="comment")
    completion = CompletionRequest.objects.select_for_update().get(pk=completion.pk)
    task = Task.objects.select_for_update().get(pk=completion.task_id)
    completion.decided_by, completion.decided_at, completion.decision_comment = by, timezone.now(), comment
    COMPLETION_MACHINE.apply(
        completion,
        CompletionRequest.State.RETURNED,
        by=by,
        comment=comment,
        update_fields=("decided_by", "decided_at", "decision_comment"),
    )
    task.status = status_for_percent(task.percent)
    task.save(update_fields=["status"])
    record_event(
        task,
        actor=by,
        verb="completion_returned",
        from_state=TaskStatus.AWAITING_ACCEPTANCE,
        to_state=task.status,
        comment=comment,
    )
    notify(
        unit_people(task.lead_unit),
        title=_("Completion request returned: %(task)s") % {"task": task},
        body=comment,
        url=task.get_absolute_url(),
    )
    return completion


@transaction.atomic
def task_reopen(*, task: Task, by: User, reason: str) -> Task:
    """The office withdraws a completion it accepted by mistake, with the reason: the task is open again at the
    percent it had before (the accepted request stays on record)."""
    require(can_manage_plan(by, task.plan))
    reason = require_reason(reason)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status != TaskStatus.COMPLETED or task.is_cancelled:
        raise ValidationError(_("Only a completed task is reopened."))
    if task.children.current().exists():
        raise ValidationError(_("This task is completed by its sub-tasks: reopen the sub-task concerned."))
    previous = (
        task.progress_entries.exclude(
            source__in=[ProgressEntry.Source.ACCEPTANCE, ProgressEntry.Source.REOPENING]
        )
        .values_list("percent", flat=True)
        .first()
    )
    percent = min(previous or 0, REPORTED_PERCENT_MAX)
    _apply_progress(
        task,
        percent=percent,
        status=status_for_percent(percent),
        by=by,
        source=ProgressEntry.Source.REOPENING,
        note=reason,
    )
    record_event(
        task,
        actor=by,
        verb="completion_withdrawn",
        from_state=TaskStatus.COMPLETED,
        to_state=task.status,
        comment=reason,
    )
    if task.parent_id:
        _roll_up(task.parent, by=by)
    notify(
        unit_people(task.lead_unit),
        title=_("Completion withdrawn: %(task)s") % {"task": task},
        body=reason,
        url=task.get_absolute_url(),
    )
    return task


def task_cancel_check(task: Task) -> StepCheck:
    """What cancelling the task does, shown before it is confirmed."""
    tree = _task_tree(task)
    check = StepCheck(action=_("Cancel the task “%(task)s”") % {"task": task})
    check.consequences.append(
        _(
            "The task stays on record marked cancelled, with the reason; it leaves the board's counts, the statistics "
            "and the assessment's figures, and takes no more reports."
        )
    )
    if len(tree) > 1:
        check.consequences.append(
            _("Its %(count)s sub-tasks are cancelled with it.") % {"count": len(tree) - 1}
        )
    reports = ProgressReport.objects.filter(task__in=tree).count()
    if reports:
        check.missing.append(
            _("%(count)s progress reports were filed on it; they stay on record.") % {"count": reports}
        )
    check.consequences.append(_("The lead unit is told."))
    if task.is_cancelled:
        check.refusals.append(_("This task is already cancelled."))
    return check


def _task_tree(task: Task) -> list[Task]:
    tree = [task]
    for child in task.children.current():
        tree.extend(_task_tree(child))
    return tree


def _settle_extensions_of_cancelled(task: Task, *, by: User, reason: str) -> None:
    extension_settle_pending(
        workflow=TASK_EXTENSIONS,
        target=task,
        by=by,
        comment=_("The task was cancelled: %(reason)s") % {"reason": reason},
    )


@transaction.atomic
def task_cancel(*, task: Task, by: User, reason: str, confirmed: bool) -> Task:
    """A task entered by mistake is cancelled (作废) with its sub-tasks: it stays on record, leaves the board's
    counts, the statistics and the metrics, and takes no more reports."""
    require(can_manage_plan(by, task.plan))
    task = Task.objects.select_for_update().get(pk=task.pk)
    reason = require_reason(reason)
    task_cancel_check(task).require(confirmed=confirmed)
    for each in reversed(_task_tree(task)):
        cancel_record(each, by=by, reason=reason)
        _settle_extensions_of_cancelled(each, by=by, reason=reason)
    record_event(task.plan, actor=by, verb="task_cancelled", comment=f"{task}\n{reason}")
    if task.parent_id:
        _roll_up(task.parent, by=by)
    notify(
        unit_people(task.lead_unit),
        title=_("Task cancelled: %(task)s") % {"task": task},
        body=reason,
        url=task.get_absolute_url(),
    )
    return task


def plan_cancel_check(plan: WorkPlan) -> StepCheck:
    tasks = plan.tasks.current()
    check = StepCheck(action=_("Cancel the work plan “%(plan)s”") % {"plan": plan.title})
    check.consequences.append(
        _(
            "The plan and its %(count)s tasks stay on record marked cancelled, with the reason; they leave every "
            "count, statistic and assessment figure."
        )
        % {"count": tasks.count()}
    )
    done = tasks.filter(status=TaskStatus.COMPLETED).count()
    reports = ProgressReport.objects.filter(task__plan=plan).count()
    if done or reports:
        check.missing.append(
            _(
                "%(done)s of its tasks are completed and %(reports)s progress reports were filed: cancel only a plan "
                "made by mistake."
            )
            % {"done": done, "reports": reports}
        )
    if plan.is_cancelled:
        check.refusals.append(_("This plan is already cancelled."))
    return check


@transaction.atomic
def plan_cancel(*, plan: WorkPlan, by: User, reason: str, confirmed: bool) -> WorkPlan:
    """A plan made by mistake is cancelled (作废) with every task in it, each with the reason on its timeline."""
    require(can_manage_plan(by, plan))
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    reason = require_reason(reason)
    plan_cancel_check(plan).require(confirmed=confirmed)
    for task in plan.tasks.current():
        cancel_record(task, by=by, reason=reason)
        _settle_extensions_of_cancelled(task, by=by, reason=reason)
    cancel_record(plan, by=by, reason=reason)
    return plan
