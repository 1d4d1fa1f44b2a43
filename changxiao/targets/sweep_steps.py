"""Periodic work of the target-responsibility system, run by `manage.py sweep`; each reminder goes out once."""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from changxiao.core.deadlines import DeadlineStatus, add_workdays, deadline_status, local_today
from changxiao.core.notifications import Message
from changxiao.core.reminders import Reminder, remind_once, send_reminders, unclaimed
from changxiao.core.sweep import sweep_step
from changxiao.orgs.recipients import Recipients, unit_people

from .choices import TaskStatus, period_for
from .implementation import due_date_of, expected_units
from .models import Milestone, ProgressReport, Task, WorkPlan


def _open_leaf_tasks():
    """Standing leaf tasks still the lead unit's to do (a requested completion waits for the office)."""
    return (
        Task.objects.open()
        .exclude(status=TaskStatus.AWAITING_ACCEPTANCE)
        .filter(children__isnull=True)
        .select_related("plan__region", "lead_unit")
    )


@sweep_step("targets.due_soon", order=200)
def remind_due_soon() -> int:
    """Tell the lead unit when a task or milestone turns yellow (due within the due-soon working days)."""
    today = local_today()
    horizon = add_workdays(today, settings.DEADLINE_DUE_SOON_WORKDAYS)
    sent = 0
    for task in _open_leaf_tasks().filter(due_date__gte=today, due_date__lte=horizon):
        if deadline_status(task.due_date, today=today) != DeadlineStatus.DUE_SOON:
            continue
        sent += remind_once(
            task,
            kind="due_soon",
            key=task.due_date.isoformat(),
            recipients=unit_people(task.lead_unit),
            title=_("Task due on %(date)s: %(task)s") % {"date": task.due_date.isoformat(), "task": task},
            url=task.get_absolute_url(),
        )
    milestones = Milestone.objects.filter(done_on__isnull=True, due_date__gte=today).select_related(
        "task__lead_unit"
    )
    for milestone in milestones:
        if deadline_status(milestone.due_date, today=today) != DeadlineStatus.DUE_SOON:
            continue
        sent += remind_once(
            milestone,
            kind="due_soon",
            key=milestone.due_date.isoformat(),
            recipients=unit_people(milestone.task.lead_unit),
            title=_("Milestone due on %(date)s: %(title)s")
            % {"date": milestone.due_date.isoformat(), "title": milestone.title},
            url=milestone.task.get_absolute_url(),
        )
    return sent


@sweep_step("targets.overdue", order=210)
def mark_overdue() -> int:
    """An open task past its due date is marked overdue on its timeline, and its unit and the office are told."""
    today = local_today()
    recipients = Recipients()
    tasks = unclaimed(_open_leaf_tasks().filter(due_date__lt=today), kind="overdue", key_field="due_date")
    return send_reminders(
        Reminder(
            task,
            "overdue",
            task.due_date.isoformat(),
            Message(
                # The unit, and the managers of the plan (services.plan_managers: its region's).
                [*recipients.unit_people(task.lead_unit), *recipients.region_managers(task.plan.region)],
                _("Task overdue: %(task)s (due %(date)s)")
                % {"task": task, "date": task.due_date.isoformat()},
                url=task.get_absolute_url(),
            ),
            event="marked_overdue",
            comment=_("Due on %(date)s.") % {"date": task.due_date.isoformat()},
        )
        for task in tasks.iterator()
    )


@sweep_step("targets.reports_due", order=220)
def remind_missing_reports() -> int:
    """When a reporting period has ended, remind each lead unit whose open task has no report for it."""
    today = local_today()
    sent = 0
    for plan in WorkPlan.objects.current().filter(year__lte=today.year):
        current = period_for(plan.report_schedule, today)
        # The period that ended most recently, within the plan's year.
        ended = _previous_period(plan, today)
        if ended is None or ended[0] == current:
            continue
        previous, last_day = ended
        # A task added after the period ended owed no report for it.
        period_end = timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))
        reported = set(
            ProgressReport.objects.filter(task__plan=plan, period=previous).values_list("task_id", flat=True)
        )
        for task in _open_leaf_tasks().filter(plan=plan, created_at__lt=period_end).exclude(pk__in=reported):
            sent += remind_once(
                task,
                kind="report_missing",
                key=previous,
                recipients=unit_people(task.lead_unit),
                title=_("Progress report for %(period)s not submitted: %(task)s")
                % {"period": previous, "task": task},
                url=task.get_absolute_url(),
            )
    return sent


def _previous_period(plan: WorkPlan, today) -> tuple[str, date] | None:
    """The period of the plan's year that ended most recently, with its last day."""
    first_of_period = today.replace(day=1)
    if plan.report_schedule != "monthly":
        first_of_period = first_of_period.replace(month=(today.month - 1) // 3 * 3 + 1)
    last_day_before = first_of_period - timedelta(days=1)
    if last_day_before.year != plan.year:
        return None
    return period_for(plan.report_schedule, last_day_before), last_day_before


@sweep_step("targets.implementation_due", order=230)
def remind_implementation_plans() -> int:
    """Remind each expected unit without an implementation plan when the due date nears, and once it passed."""
    today = local_today()
    sent = 0
    for plan in WorkPlan.objects.current().filter(year__gte=today.year - 1):
        due = due_date_of(plan)
        status = deadline_status(due, today=today)
        if status not in (DeadlineStatus.DUE_SOON, DeadlineStatus.OVERDUE):
            continue
        submitted = plan.implementation_plans.values("unit_id")
        for unit in expected_units(plan).exclude(pk__in=submitted):
            if status == DeadlineStatus.DUE_SOON:
                title = _("Implementation plan due on %(date)s: %(plan)s")
            else:
                title = _("Implementation plan overdue since %(date)s: %(plan)s")
            sent += remind_once(
                plan,
                kind=f"implementation_{status.value}",
                key=f"{unit.pk}:{due.isoformat()}",
                recipients=unit_people(unit),
                title=title % {"date": due.isoformat(), "plan": plan.title},
                url=reverse("targets:implementation_submit", args=[plan.pk]) + f"?unit={unit.pk}",
            )
    return sent
