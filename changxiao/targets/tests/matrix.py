"""The authorization matrix's cases for targets: every page, form and endpoint, for every persona."""

from django.urls import reverse

from changxiao.core.tests.authz import (
    EVERYONE,
    MANAGERS_ONLY,
    OFFICE_MANAGES_CITY,
    OFFICE_MANAGES_CITY_POST,
    SEES_VENUE,
    Case,
    expect,
)


def _venue_task(w):
    """A city plan's task led by the 姑苏区 cultural centre, with a milestone."""
    from datetime import date

    from changxiao.targets.models import Milestone, Task
    from changxiao.targets.services import plan_create, task_create

    plan = plan_create(by=w.office, region=w.city, year=2026, title="计划", report_schedule="quarterly")
    task = Task(
        plan=plan, title="任务", mechanism="linkage", lead_unit=w.venue_unit, due_date=date(2026, 12, 31)
    )
    task_create(by=w.office, task=task, cooperating_units=[w.station_unit])
    Milestone.objects.create(task=task, title="节点", due_date=date(2026, 6, 30))
    return task


def _venue_report(w):
    from changxiao.targets.services import report_submit

    return report_submit(task=_venue_task(w), by=w.venue, period="2026-Q3", percent=50, narrative="进展")


def _venue_extension(w):
    from datetime import date

    from changxiao.targets.services import extension_request

    return extension_request(
        task=_venue_task(w), by=w.venue, requested_due_date=date(2027, 3, 31), reason="施工延误"
    )


def _venue_implementation(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from changxiao.targets.implementation import MeasureData, implementation_submit

    task = _venue_task(w)
    return implementation_submit(
        work_plan=task.plan,
        unit=w.venue_unit,
        by=w.venue,
        title="实施方案",
        summary="",
        document=SimpleUploadedFile("方案.pdf", b"%PDF-1.4\n%%EOF\n"),
        measures=[MeasureData(text="举措", task=task)],
    )


CASES: list[Case] = [
    Case("targets:plan_list", lambda w: reverse("targets:plan_list"), EVERYONE),
    Case("targets:plan_create", lambda w: reverse("targets:plan_create"), MANAGERS_ONLY),
    Case("targets:my_tasks", lambda w: reverse("targets:my_tasks"), EVERYONE),
    Case(
        "targets:plan_detail",
        lambda w: reverse("targets:plan_detail", args=[_venue_task(w).plan_id]),
        SEES_VENUE,
    ),
    Case(
        "targets:plan_statistics",
        lambda w: reverse("targets:plan_statistics", args=[_venue_task(w).plan_id]),
        SEES_VENUE,
    ),
    Case(
        "targets:plan_notice",
        lambda w: reverse("targets:plan_notice", args=[_venue_task(w).plan_id]),
        OFFICE_MANAGES_CITY,
    ),
    Case(
        "targets:plan_edit",
        lambda w: reverse("targets:plan_edit", args=[_venue_task(w).plan_id]),
        OFFICE_MANAGES_CITY,
    ),
    Case(
        "targets:task_create",
        lambda w: reverse("targets:task_create", args=[_venue_task(w).plan_id]),
        OFFICE_MANAGES_CITY,
    ),
    Case(
        "targets:task_detail", lambda w: reverse("targets:task_detail", args=[_venue_task(w).pk]), SEES_VENUE
    ),
    Case(
        "targets:task_edit",
        lambda w: reverse("targets:task_edit", args=[_venue_task(w).pk]),
        OFFICE_MANAGES_CITY,
    ),
    Case(
        "targets:task_progress",
        lambda w: reverse("targets:task_progress", args=[_venue_task(w).pk]),
        {**OFFICE_MANAGES_CITY_POST, "venue": 302},
        method="post",
        data={"percent": 10},
    ),
    Case(
        "targets:milestone_add",
        lambda w: reverse("targets:milestone_add", args=[_venue_task(w).pk]),
        OFFICE_MANAGES_CITY_POST,
        method="post",
        data={"title": "节点", "due_date": "2026-09-30"},
    ),
    Case(
        "targets:milestone_done",
        lambda w: reverse("targets:milestone_done", args=[_venue_task(w).milestones.get().pk]),
        {**OFFICE_MANAGES_CITY_POST, "venue": 302},
        method="post",
    ),
    Case(
        "targets:report_submit",
        lambda w: reverse("targets:report_submit", args=[_venue_task(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=302),
        method="post",
        data={"report-period": "2026-Q3", "report-percent": 50, "report-narrative": "进展"},
    ),
    Case(
        "targets:report_review",
        lambda w: reverse("targets:report_review", args=[_venue_report(w).pk]),
        OFFICE_MANAGES_CITY_POST,
        method="post",
        data={"decision": "accept"},
    ),
    Case(
        "targets:report_contribute",
        lambda w: reverse("targets:report_contribute", args=[_venue_report(w).pk]),
        expect(403, member=404, inspector=404, outsider=404),
        method="post",
        data={"contribution-text": "配合"},
    ),
    Case(
        "targets:extension_request",
        lambda w: reverse("targets:extension_request", args=[_venue_task(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=302),
        method="post",
        data={"extension-requested_due_date": "2027-03-31", "extension-reason": "施工延误"},
    ),
    Case(
        "targets:extension_decide",
        lambda w: reverse("targets:extension_decide", args=[_venue_extension(w).pk]),
        OFFICE_MANAGES_CITY_POST,
        method="post",
        data={"decision": "approve"},
    ),
    Case(
        "targets:implementation_list",
        lambda w: reverse("targets:implementation_list", args=[_venue_task(w).plan_id]),
        SEES_VENUE,
    ),
    Case(
        "targets:implementation_submit",
        lambda w: reverse("targets:implementation_submit", args=[_venue_task(w).plan_id]),
        expect(403, member=404, inspector=404, outsider=404, venue=200),
    ),
    Case(
        "targets:implementation_detail",
        lambda w: reverse("targets:implementation_detail", args=[_venue_implementation(w).pk]),
        SEES_VENUE,
    ),
    Case(
        "targets:implementation_compare",
        lambda w: reverse("targets:implementation_compare", args=[_venue_implementation(w).pk]),
        {k: (302 if v == 200 else v) for k, v in SEES_VENUE.items()},
    ),
    Case(
        "targets:implementation_review",
        lambda w: reverse("targets:implementation_review", args=[_venue_implementation(w).pk]),
        OFFICE_MANAGES_CITY_POST,
        method="post",
        data={"decision": "approve"},
    ),
    Case(
        "targets:metric_records",
        lambda w: (
            reverse("targets:metric_records", args=["targets.task_on_time_rate"])
            + f"?unit={w.venue_unit.pk}&year=2026"
        ),
        SEES_VENUE,
    ),
    Case("api:list_tasks", lambda w: "/api/v1/tasks", expect(200, anonymous=401)),
    Case(
        "api:submit_report",
        lambda w: f"/api/v1/tasks/{_venue_task(w).pk}/reports",
        expect(403, member=404, inspector=404, outsider=404, venue=201, anonymous=401),
        method="post",
        data={"period": "2026-Q3", "percent": 50, "narrative": "进展"},
        json=True,
    ),
    Case("api:get_task", lambda w: f"/api/v1/tasks/{_venue_task(w).pk}", {**SEES_VENUE, "anonymous": 401}),
]
