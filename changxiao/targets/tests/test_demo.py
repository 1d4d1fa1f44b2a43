"""`manage.py load_demo`: 苏州市's 2026 work plan of the demonstration zone's long-term management."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from changxiao.core.models import TimelineEvent
from changxiao.targets.choices import Mechanism, TaskStatus
from changxiao.targets.demo import SOURCE_DOCUMENT, TITLE
from changxiao.targets.models import Milestone, ProgressEntry, Task, WorkPlan


def counts() -> dict[str, int]:
    return {
        "plans": WorkPlan.objects.count(),
        "tasks": Task.objects.count(),
        "milestones": Milestone.objects.count(),
        "progress": ProgressEntry.objects.count(),
        "timeline": TimelineEvent.objects.count(),
    }


@pytest.mark.django_db
def test_demo_plan_content():
    call_command("load_demo", verbosity=0)
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


@pytest.mark.django_db
def test_running_twice_changes_nothing():
    call_command("load_demo", "--quiet")
    first = counts()
    assert first["tasks"] >= 35
    call_command("load_demo", "--quiet")
    assert counts() == first
