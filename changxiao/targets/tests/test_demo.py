"""`manage.py load_demo`: 苏州市's 2026 work plan of the demonstration zone's long-term management."""

from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from changxiao.core.models import TimelineEvent
from changxiao.targets.choices import Mechanism, TaskStatus
from changxiao.targets.demo import SOURCE_DOCUMENT, TITLE
from changxiao.targets.models import (
    CompletionRequest,
    Milestone,
    ProgressEntry,
    ProgressReport,
    ReportContribution,
    Task,
    WorkPlan,
)


def counts() -> dict[str, int]:
    return {
        "plans": WorkPlan.objects.count(),
        "tasks": Task.objects.count(),
        "milestones": Milestone.objects.count(),
        "progress": ProgressEntry.objects.count(),
        "timeline": TimelineEvent.objects.count(),
        "reports": ProgressReport.objects.count(),
        "contributions": ReportContribution.objects.count(),
    }


def test_demo_plan_content(demo):
    plan = WorkPlan.objects.get(region__code="320500", year=2026, title=TITLE)
    assert plan.source_document == SOURCE_DOCUMENT
    assert plan.created_by.username == "office"
    tasks = Task.objects.filter(plan=plan)
    assert tasks.count() >= 35
    assert set(tasks.values_list("mechanism", flat=True)) == set(Mechanism.values)
    assert not tasks.filter(lead_unit__code="").exists()

    # A realistic mix: completed (on time and late), in progress, not started, overdue.
    today = timezone.localdate()
    statuses = set(tasks.values_list("status", flat=True))
    assert statuses == set(TaskStatus.values)
    completed = tasks.filter(status=TaskStatus.COMPLETED)
    assert completed.exists() and not completed.filter(completed_on__isnull=True).exists()
    done_late = [t for t in completed if t.completed_on > t.due_date]
    assert done_late and len(done_late) < completed.count()
    assert tasks.overdue(today).exists()
    assert Milestone.objects.filter(task__plan=plan, done_on__isnull=False).exists()
    assert Milestone.objects.filter(task__plan=plan, done_on__isnull=True).exists()

    # Tasks broken down into sub-tasks: the parent's percent is the weighted mean of its children's.
    parents = tasks.filter(children__isnull=False).distinct()
    assert parents.count() >= 3
    for parent in parents:
        children = list(parent.children.all())
        total = sum((c.weight for c in children), Decimal(0))
        expected = int(round(sum((c.weight * c.percent for c in children), Decimal(0)) / total))
        assert parent.percent == expected, parent.number
        assert all(c.mechanism == parent.mechanism for c in children)
    # Progress went through the service: history rows and timeline events exist.
    assert ProgressEntry.objects.filter(task__plan=plan, source=ProgressEntry.Source.UPDATE).exists()
    assert ProgressEntry.objects.filter(task__plan=plan, source=ProgressEntry.Source.ROLLUP).exists()
    assert TimelineEvent.objects.filter(verb="progress_updated").exists()

    # Completion (销号) asked with evidence and accepted by the office — one still waits for it.
    assert (
        CompletionRequest.objects.filter(task__plan=plan, state="accepted").count()
        == completed.filter(children__isnull=True).count()
    )
    assert CompletionRequest.objects.filter(task__plan=plan, state="submitted").count() == 1
    assert all(
        c.decided_by != c.requested_by
        for c in CompletionRequest.objects.filter(task__plan=plan, state="accepted")
    )

    # Quarterly progress reports in every state, written through the services (one withdrawn and sent again).
    reports = ProgressReport.objects.filter(task__plan=plan)
    assert set(reports.values_list("state", flat=True)) == set(ProgressReport.State.values) - {"withdrawn"}
    assert TimelineEvent.objects.filter(verb="report_withdrawn").count() == 1
    assert reports.filter(state=ProgressReport.State.SUBMITTED).count() >= 3
    returned = reports.filter(state=ProgressReport.State.RETURNED)
    assert returned.count() >= 2 and not returned.filter(review_comment="").exists()
    revised = reports.filter(revision=2)
    assert revised.count() >= 2 and revised.filter(state=ProgressReport.State.ACCEPTED).exists()
    assert set(reports.values_list("period", flat=True)) <= {f"2026-Q{q}" for q in range(1, 5)}
    reviewed = reports.exclude(state=ProgressReport.State.SUBMITTED)
    assert set(reviewed.values_list("reviewed_by__username", flat=True)) == {"office"}
    assert all(
        r.task.lead_unit_id in set(r.submitted_by.memberships.values_list("unit_id", flat=True))
        for r in reports
    )
    # A report never says more than its task has reached; accepted ones went into the progress history.
    assert all(r.percent <= r.task.percent for r in reports.select_related("task"))
    assert ProgressEntry.objects.filter(task__plan=plan, source=ProgressEntry.Source.REPORT).count() == (
        reports.filter(state=ProgressReport.State.ACCEPTED).count()
    )
    contributions = ReportContribution.objects.filter(report__task__plan=plan).select_related("report__task")
    assert contributions.count() >= 3
    assert all(c.report.task.cooperating_units.filter(pk=c.unit_id).exists() for c in contributions)
    verbs = set(TimelineEvent.objects.values_list("verb", flat=True))
    assert {"report_submitted", "report_returned", "report_resubmitted", "report_accepted"} <= verbs
    assert "report_contribution" in verbs


def test_running_twice_changes_nothing(demo):
    first = counts()
    assert first["tasks"] >= 35
    assert first["reports"] and first["contributions"]
    call_command("load_demo", "--quiet")
    assert counts() == first
