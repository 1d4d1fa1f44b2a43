"""Work plans and tasks through HTTP: building a plan, progress and roll-up, milestones, scope."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.models import TimelineEvent
from changxiao.targets.models import Milestone, ProgressEntry, Task, WorkPlan
from changxiao.targets.services import completion_accept, task_request_completion
from changxiao.targets.tests.factories import PlanFactory, TaskFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def plan(world):
    return PlanFactory(by=world.office)


def complete(world, task, *, by):
    """The lead unit's person requests completion with evidence; the office accepts it."""
    completion = task_request_completion(
        task=task, by=by, summary="全部完成", evidence=[SimpleUploadedFile("验收.pdf", PDF)]
    )
    completion_accept(completion=completion, by=world.office)


@pytest.fixture
def task(world, plan):
    return TaskFactory(plan=plan, lead_unit=world.venue_unit, cooperating_units=[world.station_unit])


def test_office_builds_a_plan_and_adds_a_task(world, login):
    client = login(world.office)
    response = client.post(
        reverse("targets:plan_create"),
        {
            "region": world.city.pk,
            "year": local_today().year,
            "title": "年度计划",
            "report_schedule": "monthly",
        },
    )
    plan = WorkPlan.objects.get()
    assert response.url == plan.get_absolute_url()
    due = local_today() + timedelta(days=40)
    response = client.post(
        reverse("targets:task_create", args=[plan.pk]),
        {
            "number": "1.1",
            "title": "召开领导小组全体会议",
            "mechanism": "organization",
            "lead_unit": world.office_unit.pk,
            "cooperating_units": [world.member_unit.pk],
            "weight": "2",
            "due_date": due.isoformat(),
            "status": "not_started",
            "sort_order": 0,
        },
    )
    task = Task.objects.get()
    assert response.url == task.get_absolute_url()
    assert list(task.cooperating_units.all()) == [world.member_unit]
    assert TimelineEvent.objects.for_object(task).get().verb == "created"


@pytest.mark.parametrize(
    "extra,field",
    [
        ({"due_date": "2025-12-31"}, "due_date"),
        ({"due_date": "2020-01-01"}, "due_date"),
        ({"due_date": "9999-12-31"}, "due_date"),
        ({"weight": "0"}, "weight"),
        ({"weight": "1e20"}, "weight"),
        ({"sort_order": "99999999999"}, "sort_order"),
        ({"status": "completed"}, "status"),
        ({"cooperating_units": ["LEAD"]}, "cooperating_units"),
        ({"mechanism": "nonsense"}, "mechanism"),
    ],
)
def test_bad_task_input_is_refused(world, login, plan, extra, field):
    client = login(world.office)
    data = {
        "title": "x",
        "mechanism": "linkage",
        "lead_unit": world.venue_unit.pk,
        "weight": "1",
        "due_date": (local_today() + timedelta(days=30)).isoformat(),
        "status": "not_started",
        "sort_order": 0,
        **extra,
    }
    if data.get("cooperating_units") == ["LEAD"]:
        data["cooperating_units"] = [world.venue_unit.pk]
    response = client.post(reverse("targets:task_create", args=[plan.pk]), data)
    assert field in response.context["form"].errors
    assert not Task.objects.exists()


def test_lead_unit_records_progress_and_history_is_kept(world, login, task):
    client = login(world.venue)
    client.post(reverse("targets:task_progress", args=[task.pk]), {"percent": 40, "note": "完成自查"})
    client.post(reverse("targets:task_progress", args=[task.pk]), {"percent": 90, "note": "基本完成"})
    task.refresh_from_db()
    assert (task.percent, task.status, task.completed_on) == (90, "in_progress", None)
    assert list(ProgressEntry.objects.filter(task=task).values_list("percent", flat=True))[:2] == [90, 40]
    events = TimelineEvent.objects.for_object(task).filter(verb="progress_updated")
    assert [(e.from_state, e.to_state) for e in events] == [("40%", "90%"), ("0%", "40%")]


def test_a_unit_cannot_complete_its_own_task_by_typing_100(world, login, task):
    """Completion (销号) is the office's decision on evidence: 100 % is refused with the way to ask for it, the
    note typed stays in the form, and nothing is counted."""
    response = login(world.venue).post(
        reverse("targets:task_progress", args=[task.pk]), {"percent": 100, "note": "全部完成了"}
    )
    assert response.status_code == 400
    assert "申请销号" in response.content.decode() and "全部完成了" in response.content.decode()
    task.refresh_from_db()
    assert (task.percent, task.status, task.completed_on) == (0, "not_started", None)
    assert not ProgressEntry.objects.filter(task=task, source="update").exists()


@pytest.mark.parametrize("percent", [-1, 100, 101, "abc", "", "1e20"])
def test_percent_outside_0_99_is_refused(world, login, task, percent):
    client = login(world.venue)
    response = client.post(
        reverse("targets:task_progress", args=[task.pk]), {"percent": percent, "note": "说明"}
    )
    assert response.status_code == 400
    assert response.context["progress_form"].errors
    assert response.context["progress_form"]["note"].value() == "说明"
    task.refresh_from_db()
    assert task.percent == 0 and not ProgressEntry.objects.filter(source="update").exists()


def test_a_completed_task_takes_no_more_progress(world, login, task):
    complete(world, task, by=world.venue)
    response = login(world.venue).post(reverse("targets:task_progress", args=[task.pk]), {"percent": 50})
    assert response.status_code == 400 and "已完成" in response.content.decode()
    task.refresh_from_db()
    assert task.percent == 100


def test_another_unit_cannot_report_or_open_the_task(world, login, task):
    for persona in ("outsider", "member", "inspector"):
        client = login(getattr(world, persona))
        assert client.get(reverse("targets:task_detail", args=[task.pk])).status_code == 404
        assert (
            client.post(reverse("targets:task_progress", args=[task.pk]), {"percent": 50}).status_code == 404
        )
    # The district sees a task led by a unit of its district, but does not report for the lead unit.
    client = login(world.district)
    assert client.get(reverse("targets:task_detail", args=[task.pk])).status_code == 200
    task.refresh_from_db()
    assert task.percent == 0


def test_parent_progress_is_the_weighted_mean_of_its_sub_tasks(world, login, plan):
    parent = TaskFactory(plan=plan, lead_unit=world.district_unit, title="各区开展免费开放自查")
    a = TaskFactory(plan=plan, lead_unit=world.venue_unit, parent=parent, weight=3, title="姑苏区")
    b = TaskFactory(plan=plan, lead_unit=world.outsider_unit, parent=parent, weight=1, title="昆山市")
    complete(world, a, by=world.venue)
    login(world.outsider).post(reverse("targets:task_progress", args=[b.pk]), {"percent": 20})
    parent.refresh_from_db()
    assert parent.percent == 80 and parent.status == "in_progress"  # (3×100 + 1×20) / 4
    assert ProgressEntry.objects.filter(task=parent, source="rollup").exists()
    response = login(world.office).post(reverse("targets:task_progress", args=[parent.pk]), {"percent": 10})
    assert response.status_code == 400 and "子任务" in response.content.decode()
    # The parent is completed when its last sub-task is, on that day.
    complete(world, b, by=world.outsider)
    parent.refresh_from_db()
    assert (parent.percent, parent.status, parent.completed_on) == (100, "completed", local_today())


def test_milestones(world, login, task):
    client = login(world.office)
    client.post(
        reverse("targets:milestone_add", args=[task.pk]), {"title": "完成自查报告", "due_date": "2026-05-31"}
    )
    bad = client.post(
        reverse("targets:milestone_add", args=[task.pk]), {"title": "太早", "due_date": "2025-05-31"}
    )
    assert bad.status_code == 400 and "年度" in bad.content.decode()
    assert bad.context["milestone_form"]["title"].value() == "太早"
    far = client.post(
        reverse("targets:milestone_add", args=[task.pk]), {"title": "太远", "due_date": "9999-12-31"}
    )
    assert far.status_code == 400
    milestone = Milestone.objects.get()
    login(world.venue).post(reverse("targets:milestone_done", args=[milestone.pk]))
    milestone.refresh_from_db()
    assert milestone.done_on == date.today()
    assert (
        login(world.outsider).post(reverse("targets:milestone_done", args=[milestone.pk])).status_code == 404
    )


def test_plan_board_filters_and_counts(world, login, plan):
    TaskFactory(
        plan=plan, lead_unit=world.venue_unit, title="逾期任务", due_date=date.today() - timedelta(days=3)
    )
    TaskFactory(plan=plan, lead_unit=world.member_unit, title="远期任务", due_date=date(2026, 12, 31))
    client = login(world.office)
    response = client.get(reverse("targets:plan_detail", args=[plan.pk]))
    assert response.context["counts"]["total"] == 2 and response.context["counts"]["overdue"] == 1
    overdue = client.get(reverse("targets:plan_detail", args=[plan.pk]), {"due": "overdue"})
    assert [t.title for t in overdue.context["page"]] == ["逾期任务"]
    by_unit = client.get(reverse("targets:plan_detail", args=[plan.pk]), {"unit": world.member_unit.pk})
    assert [t.title for t in by_unit.context["page"]] == ["远期任务"]


def test_plan_board_uses_a_constant_number_of_queries(world, login, plan, django_assert_max_num_queries):
    for i in range(60):
        TaskFactory(
            plan=plan,
            lead_unit=world.venue_unit,
            title=f"任务{i}",
            cooperating_units=[world.station_unit, world.member_unit],
        )
    client = login(world.office)
    client.get(reverse("targets:plan_detail", args=[plan.pk]))
    with django_assert_max_num_queries(16):
        response = client.get(reverse("targets:plan_detail", args=[plan.pk]))
    assert len(response.context["page"]) == 50


def test_my_tasks_lists_led_and_cooperating_tasks(world, login, task):
    titles = [t.title for t in login(world.district).get(reverse("targets:my_tasks")).context["page"]]
    assert titles == []  # the district bureau neither leads nor cooperates
    titles = [t.title for t in login(world.venue).get(reverse("targets:my_tasks")).context["page"]]
    assert titles == [task.title]


def test_workbench_shows_my_units_due_tasks(world, login, plan):
    TaskFactory(
        plan=plan, lead_unit=world.venue_unit, title="本月到期", due_date=date.today() + timedelta(days=5)
    )
    todos = login(world.venue).get(reverse("cockpit:workbench")).context["todos"]
    assert any(t.title.endswith("本月到期") for t in todos)
    todos = login(world.outsider).get(reverse("cockpit:workbench")).context["todos"]
    assert not any("本月到期" in t.title for t in todos)


def test_moving_a_sub_task_recomputes_both_parents(world, login, plan):
    first = TaskFactory(plan=plan, lead_unit=world.district_unit, title="甲")
    second = TaskFactory(plan=plan, lead_unit=world.district_unit, title="乙")
    done = TaskFactory(plan=plan, lead_unit=world.venue_unit, parent=first, title="已完成的子任务")
    TaskFactory(plan=plan, lead_unit=world.venue_unit, parent=first, title="未完成的子任务")
    complete(world, done, by=world.venue)
    first.refresh_from_db()
    assert first.percent == 50
    login(world.office).post(
        reverse("targets:task_edit", args=[done.pk]),
        {
            "parent": second.pk,
            "title": done.title,
            "mechanism": "supervision",
            "lead_unit": world.venue_unit.pk,
            "weight": "1",
            "due_date": "2026-12-31",
            "sort_order": 0,
        },
    )
    assert Task.objects.get(pk=done.pk).parent_id == second.pk
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.percent, second.percent) == (0, 100)


def test_plan_list_exports_to_excel_within_scope(world, login, plan):
    import io

    import openpyxl

    TaskFactory(plan=plan, lead_unit=world.venue_unit)
    response = login(world.office).get(reverse("core:export_start", args=["targets-plans"]))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert rows[0][:2] == ("年份", "标题") and rows[1][1] == "2026年长效管理工作计划" and rows[1][5] == 1
    response = login(world.outsider).get(reverse("core:export_start", args=["targets-plans"]))
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert len(rows) == 1


@pytest.mark.parametrize("url_name", ["targets:my_tasks", "targets:plan_list"])
def test_task_and_plan_lists_use_a_constant_number_of_queries(
    world, login, plan, django_assert_max_num_queries, url_name
):
    for i in range(60):
        TaskFactory(
            plan=plan, lead_unit=world.venue_unit, title=f"任务{i}", cooperating_units=[world.station_unit]
        )
        PlanFactory(by=world.office, title=f"计划{i}", report_schedule="monthly")
    client = login(world.venue if url_name == "targets:my_tasks" else world.office)
    client.get(reverse(url_name))
    with django_assert_max_num_queries(14):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_date_fields_keep_their_value_in_the_browser_date_picker(world, login, plan):
    """A type=date input only accepts ISO dates; a localized value (2026/12/31) shows as empty."""
    task = TaskFactory(plan=plan, lead_unit=world.venue_unit)
    page = login(world.office).get(reverse("targets:task_edit", args=[task.pk])).content.decode()
    assert f'value="{task.due_date.isoformat()}"' in page
