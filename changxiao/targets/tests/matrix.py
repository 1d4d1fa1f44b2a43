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

    from changxiao.targets.models import Milestone
    from changxiao.targets.tests.factories import TaskFactory

    task = TaskFactory(
        by=w.office,
        plan__title="计划",
        title="任务",
        lead_unit=w.venue_unit,
        cooperating_units=[w.station_unit],
    )
    Milestone.objects.create(task=task, title="节点", due_date=date(2026, 6, 30))
    return task


def _venue_report(w):
    from changxiao.targets.services import report_submit

    return report_submit(task=_venue_task(w), by=w.venue, period="2026-Q3", percent=50, narrative="进展")


def _venue_extension(w):
    from datetime import date

    from changxiao.core.extensions import extension_request
    from changxiao.targets.services import TASK_EXTENSIONS

    return extension_request(
        workflow=TASK_EXTENSIONS,
        target=_venue_task(w),
        by=w.venue,
        requested_due_date=date(2027, 3, 31),
        reason="施工延误",
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


def _pdf(name: str = "材料.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n")


def _office_task(w):
    """A city plan's task led by the office's own unit — the unit the leader belongs to."""
    from changxiao.targets.tests.factories import TaskFactory

    return TaskFactory(by=w.office, plan__title="计划", title="任务", lead_unit=w.office_unit)


def _venue_completion(w):
    from changxiao.targets.services import task_request_completion

    return task_request_completion(task=_venue_task(w), by=w.venue, summary="已完成", evidence=[_pdf()])


def _completed_venue_task(w):
    from changxiao.targets.services import completion_accept

    completion = _venue_completion(w)
    completion_accept(completion=completion, by=w.office)
    return completion.task


def _task_body(w) -> dict:
    from changxiao.core.deadlines import local_today

    return {
        "title": "任务",
        "mechanism": "linkage",
        "lead_unit": w.venue_unit.pk,
        "cooperating_units": [w.station_unit.pk],
        "weight": "1",
        "due_date": local_today().replace(month=12, day=31).isoformat(),
        "status": "not_started",
        "sort_order": 0,
    }


def _implementation_body(w) -> dict:
    return {
        "unit": w.venue_unit.pk,
        "title": "实施方案",
        "summary": "",
        "document": _pdf("方案.pdf"),
        "measures-TOTAL_FORMS": "1",
        "measures-INITIAL_FORMS": "0",
        "measures-0-text": "举措",
    }


# Who may change a city plan: its office; the district coordinator sees the venue's task, but the plan is the city's.
CITY_PLAN_WRITE = expect(403, member=404, inspector=404, outsider=404, office=302)
# What the lead unit (the venue) alone does on its task; the office and district only see it.
LEAD_UNIT_WRITE = expect(403, member=404, inspector=404, outsider=404, venue=302)

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
    Case("api:list_tasks", lambda w: "/api/v1/tasks", expect(200, anonymous=401, office2=200)),
    Case(
        "api:submit_report",
        lambda w: f"/api/v1/tasks/{_venue_task(w).pk}/reports",
        expect(403, member=404, inspector=404, outsider=404, venue=201, anonymous=401),
        method="post",
        data={"period": "2026-Q3", "percent": 50, "narrative": "进展"},
        json=True,
    ),
    Case("api:get_task", lambda w: f"/api/v1/tasks/{_venue_task(w).pk}", {**SEES_VENUE, "anonymous": 401}),
    # Writes: the forms of plans and tasks (posted with valid bodies).
    Case(
        "targets:plan_create",
        lambda w: reverse("targets:plan_create"),
        expect(403, office=302, district=302, office2=200),  # 姑苏区 is not the second city's to choose
        method="post",
        data=lambda w: {
            "region": w.gusu.pk,
            "year": 2026,
            "title": "年度计划",
            "report_schedule": "quarterly",
        },
    ),
    Case(
        "targets:plan_edit",
        lambda w: reverse("targets:plan_edit", args=[_venue_task(w).plan_id]),
        CITY_PLAN_WRITE,
        method="post",
        data=lambda w: {
            "region": w.city.pk,
            "year": 2026,
            "title": "改过的计划",
            "report_schedule": "monthly",
        },
    ),
    Case(
        "targets:plan_cancel",
        lambda w: reverse("targets:plan_cancel", args=[_venue_task(w).plan_id]),
        {**CITY_PLAN_WRITE, "office": 200},  # the confirmation page first
        method="post",
        data={"cancel-reason": "重复创建"},
    ),
    Case(
        "targets:task_create",
        lambda w: reverse("targets:task_create", args=[_venue_task(w).plan_id]),
        CITY_PLAN_WRITE,
        method="post",
        data=_task_body,
    ),
    Case(
        "targets:task_edit",
        lambda w: reverse("targets:task_edit", args=[_venue_task(w).pk]),
        CITY_PLAN_WRITE,
        method="post",
        data=_task_body,
    ),
    Case(
        "targets:task_cancel",
        lambda w: reverse("targets:task_cancel", args=[_venue_task(w).pk]),
        {**CITY_PLAN_WRITE, "office": 200},  # the confirmation page first
        method="post",
        data={"cancel-reason": "录入错误"},
    ),
    Case(
        "targets:task_progress",
        lambda w: reverse("targets:task_progress", args=[_office_task(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=404, district=404, office=302),
        method="post",
        data={"percent": 10},
        label="led by the leader's own unit",
    ),
    Case(
        "targets:report_submit",
        lambda w: reverse("targets:report_submit", args=[_office_task(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=404, district=404, office=302),
        method="post",
        data={"report-period": "2026-Q3", "report-percent": 50, "report-narrative": "进展"},
        label="led by the leader's own unit",
    ),
    Case(
        "targets:completion_request",
        lambda w: reverse("targets:completion_request", args=[_venue_task(w).pk]),
        LEAD_UNIT_WRITE,
        method="post",
        data=lambda w: {"completion-summary": "已完成", "completion-evidence": [_pdf()]},
    ),
    Case(
        "targets:completion_request",
        lambda w: reverse("targets:completion_request", args=[_office_task(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, venue=404, district=404, office=302),
        method="post",
        data=lambda w: {"completion-summary": "已完成", "completion-evidence": [_pdf()]},
        label="led by the leader's own unit",
    ),
    Case(
        "targets:completion_decide",
        lambda w: reverse("targets:completion_decide", args=[_venue_completion(w).pk]),
        CITY_PLAN_WRITE,
        method="post",
        data={"decision": "accept", "comment": "同意"},
    ),
    Case(
        "targets:task_reopen",
        lambda w: reverse("targets:task_reopen", args=[_completed_venue_task(w).pk]),
        CITY_PLAN_WRITE,
        method="post",
        data={"reopen-reason": "未真正完成"},
    ),
    Case(
        "targets:report_withdraw",
        lambda w: reverse("targets:report_withdraw", args=[_venue_report(w).pk]),
        LEAD_UNIT_WRITE,
        method="post",
        data={"withdraw-reason": "填错了"},
    ),
    Case(
        "targets:implementation_submit",
        lambda w: reverse("targets:implementation_submit", args=[_venue_task(w).plan_id]),
        LEAD_UNIT_WRITE,
        method="post",
        data=_implementation_body,
    ),
]
