"""Implementation plans (实施方案): submitted with a document and key measures, returned, revised, compared,
approved; reminded by the sweep; published as on-time figures."""

import io
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.core.models import Attachment, Notification, TimelineEvent
from changxiao.core.sweep import run_sweep
from changxiao.targets.models import ImplementationPlan, KeyMeasure
from changxiao.targets.tests.factories import PlanFactory, TaskFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def plan(world):
    return PlanFactory(by=world.office, implementation_plans_due=date(2026, 3, 31))


@pytest.fixture
def task(world, plan):
    return TaskFactory(plan=plan, lead_unit=world.member_unit, title="落实公共文化经费保障")


def submit(
    client, plan, *, unit, title="市财政局实施方案", summary="一、目标\n二、措施", measures=(), document=True
):
    rows = list(measures) or [("足额安排免费开放资金", "", "2026-06-30")]
    data = {
        "unit": unit.pk,
        "title": title,
        "summary": summary,
        "measures-TOTAL_FORMS": len(rows) + 1,
        "measures-INITIAL_FORMS": 0,
    }
    for i, (text, task_id, due) in enumerate(rows):
        data |= {f"measures-{i}-text": text, f"measures-{i}-task": task_id, f"measures-{i}-due_date": due}
    if document:
        data["document"] = SimpleUploadedFile("实施方案.pdf", PDF, content_type="application/pdf")
    return client.post(reverse("targets:implementation_submit", args=[plan.pk]), data, follow=True)


def review(client, implementation, decision, comment=""):
    return client.post(
        reverse("targets:implementation_review", args=[implementation.pk]),
        {"decision": decision, "comment": comment},
        follow=True,
    )


def test_submitted_returned_revised_compared_and_approved(world, login, plan, task, monkeypatch):
    monkeypatch.setattr("changxiao.targets.implementation.local_today", lambda: date(2026, 3, 20))
    member = login(world.member)
    response = submit(
        member, plan, unit=world.member_unit, measures=[("足额安排免费开放资金", task.pk, "2026-06-30")]
    )
    implementation = ImplementationPlan.objects.get()
    assert response.redirect_chain[-1][0] == implementation.get_absolute_url()
    assert (implementation.state, implementation.on_time, implementation.versions.count()) == (
        "submitted",
        True,
        1,
    )
    version = implementation.versions.get()
    assert Attachment.objects.for_object(version).get().original_name == "实施方案.pdf"
    assert KeyMeasure.objects.get().task == task
    assert Notification.objects.filter(recipient=world.office, title__contains="市财政局").exists()

    # While the office has not reviewed it, no second version can be sent.
    response = submit(member, plan, unit=world.member_unit, title="再次提交")
    assert "等待办公室审核" in response.content.decode()
    assert implementation.versions.count() == 1

    office = login(world.office)
    response = review(office, implementation, "return", "")
    assert "请说明需要修改的内容" in response.content.decode()
    implementation.refresh_from_db()
    assert implementation.state == "submitted"
    review(office, implementation, "return", "请补充资金安排时间表")
    implementation.refresh_from_db()
    assert implementation.state == "returned"

    member = login(world.member)
    page = member.get(reverse("targets:implementation_submit", args=[plan.pk])).content.decode()
    assert "足额安排免费开放资金" in page  # revising starts from the last version
    submit(
        member,
        plan,
        unit=world.member_unit,
        summary="一、目标\n二、措施\n三、时间表",
        measures=[("足额安排免费开放资金", task.pk, "2026-06-30"), ("6月底前下达专项资金", "", "2026-06-30")],
    )
    implementation.refresh_from_db()
    assert (implementation.state, implementation.versions.count()) == ("submitted", 2)

    compare = member.get(reverse("targets:implementation_compare", args=[implementation.pk]))
    comparison = compare.context["comparison"]
    assert [line.text for line in comparison.summary if line.change == "added"] == ["三、时间表"]
    assert [line.text for line in comparison.measures if line.change == "added"] == [
        "6月底前下达专项资金 · 到期 2026-06-30"
    ]
    assert not [line for line in comparison.measures if line.change == "removed"]

    review(login(world.office), implementation, "approve", "同意")
    implementation.refresh_from_db()
    assert implementation.state == "approved"
    assert [v.state for v in implementation.versions.all()] == ["approved", "returned"]
    verbs = list(TimelineEvent.objects.for_object(implementation).values_list("verb", flat=True))
    assert sorted(verbs) == sorted(
        [
            "implementation_submitted",
            "implementation_returned",
            "implementation_revised",
            "implementation_approved",
        ]
    )
    # The task shows the measure serving it, from the current version.
    detail = login(world.office).get(task.get_absolute_url()).content.decode()
    assert "足额安排免费开放资金" in detail


def test_a_late_first_submission_is_recorded_as_late(world, login, plan, task, monkeypatch):
    monkeypatch.setattr("changxiao.targets.implementation.local_today", lambda: date(2026, 4, 8))
    submit(login(world.member), plan, unit=world.member_unit)
    assert ImplementationPlan.objects.get().on_time is False


@pytest.mark.parametrize(
    "change, message",
    [
        ({"document": False}, "必填项"),
        ({"measures": [("", "", "")]}, "请至少列出一项重点举措"),
        ({"measures": [("提前谋划", "", "2025-12-01")]}, "早于计划年度"),
        ({"measures": [("", "", "2026-05-01")]}, "请描述该举措"),
        ({"title": ""}, "必填项"),
    ],
)
def test_bad_submissions_are_refused_and_nothing_is_stored(world, login, plan, task, change, message):
    response = submit(login(world.member), plan, unit=world.member_unit, **change)
    assert message in response.content.decode()
    assert not ImplementationPlan.objects.exists()
    assert not Attachment.objects.exists()


def test_a_measure_cannot_serve_a_task_of_another_plan(world, login, plan, task):
    other_plan = PlanFactory(by=world.office, year=2027, title="另一计划", report_schedule="monthly")
    foreign = TaskFactory(plan=other_plan, lead_unit=world.member_unit, title="别的计划任务")
    response = submit(login(world.member), plan, unit=world.member_unit, measures=[("举措", foreign.pk, "")])
    assert "选择一个有效的选项" in response.content.decode()
    assert not ImplementationPlan.objects.exists()


def test_a_script_disguised_as_the_document_is_refused(world, login, plan, task):
    client = login(world.member)
    response = client.post(
        reverse("targets:implementation_submit", args=[plan.pk]),
        {
            "unit": world.member_unit.pk,
            "title": "方案",
            "measures-TOTAL_FORMS": 1,
            "measures-INITIAL_FORMS": 0,
            "measures-0-text": "举措",
            "document": SimpleUploadedFile("方案.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 200 and not ImplementationPlan.objects.exists()
    assert "方案.pdf" in response.content.decode()


def test_more_rows_keeps_what_was_typed_and_saves_nothing(world, login, plan, task):
    response = login(world.member).post(
        reverse("targets:implementation_submit", args=[plan.pk]),
        {
            "unit": world.member_unit.pk,
            "title": "草稿标题",
            "measures-TOTAL_FORMS": 1,
            "measures-INITIAL_FORMS": 0,
            "measures-0-text": "已填写的举措",
            "more_rows": "1",
        },
    )
    assert response.context["formset"].total_form_count() == 4
    page = response.content.decode()
    assert "草稿标题" in page and "已填写的举措" in page
    assert not ImplementationPlan.objects.exists()


def test_units_without_a_part_cannot_submit_or_see(world, login, plan, task):
    submit(login(world.member), plan, unit=world.member_unit)
    implementation = ImplementationPlan.objects.get()
    # 市教育局 has no task in the plan: it may not submit for it, nor for another unit.
    other = login(world.outsider)
    assert other.get(implementation.get_absolute_url()).status_code == 404
    assert other.get(reverse("targets:implementation_submit", args=[plan.pk])).status_code == 404
    venue = login(world.venue)
    assert venue.get(implementation.get_absolute_url()).status_code == 404
    assert venue.get(reverse("targets:implementation_submit", args=[plan.pk])).status_code in (403, 404)
    # The rectifying unit cannot approve its own plan.
    review(login(world.member), implementation, "approve")
    implementation.refresh_from_db()
    assert implementation.state == "submitted"


def test_list_shows_missing_units_counts_and_exports(world, login, plan, task):
    TaskFactory(plan=plan, lead_unit=world.district_unit, title="区级任务")
    submit(login(world.member), plan, unit=world.member_unit)
    office = login(world.office)
    response = office.get(reverse("targets:implementation_list", args=[plan.pk]))
    assert response.context["counts"] == {"missing": 1, "submitted": 1, "returned": 0, "approved": 0}
    page = response.content.decode()
    assert "姑苏区文体旅局" in page and "未提交" in page
    export = office.get(reverse("core:export_start", args=["targets-implementation"]) + f"?plan={plan.pk}")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert {(r[0], r[1]) for r in rows[1:]} == {("市财政局", "已报送"), ("姑苏区文体旅局", "未提交")}
    # A unit sees only its own row.
    rows = login(world.district).get(reverse("targets:implementation_list", args=[plan.pk])).context["rows"]
    assert [r.name for r in rows] == ["姑苏区文体旅局"]


def test_implementation_list_uses_a_constant_number_of_queries(
    world, login, plan, django_assert_max_num_queries
):
    from changxiao.orgs.models import Unit

    for i in range(40):
        unit = Unit.objects.create(code=f"D{i}", name=f"部门{i}", kind="department", region=world.city)
        TaskFactory(plan=plan, lead_unit=unit, title=f"任务{i}")
    client = login(world.office)
    client.get(reverse("targets:implementation_list", args=[plan.pk]))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("targets:implementation_list", args=[plan.pk]))
    assert len(response.context["rows"]) == 40


def test_sweep_reminds_missing_units_once_before_and_once_after_the_due_date(world, plan, task, monkeypatch):
    def titles():
        return list(
            Notification.objects.filter(recipient=world.member).order_by("pk").values_list("title", flat=True)
        )

    monkeypatch.setattr("changxiao.targets.sweep_steps.local_today", lambda: date(2026, 3, 27))
    for _ in range(3):
        run_sweep(only=["targets.implementation_due"])
    assert titles() == ["实施方案将于2026-03-31到期：2026年长效管理工作计划"]
    monkeypatch.setattr("changxiao.targets.sweep_steps.local_today", lambda: date(2026, 4, 7))
    run_sweep(only=["targets.implementation_due"])
    run_sweep(only=["targets.implementation_due"])
    assert len(titles()) == 2 and "逾期" in titles()[1]


def test_workbench_lists_plans_to_submit_and_to_review(world, login, plan, task, monkeypatch):
    monkeypatch.setattr("changxiao.targets.workbench.local_today", lambda: date(2026, 3, 1))
    todos = login(world.member).get(reverse("cockpit:workbench")).context["todos"]
    assert any("提交实施方案" in t.title for t in todos)
    submit(login(world.member), plan, unit=world.member_unit)
    todos = login(world.member).get(reverse("cockpit:workbench")).context["todos"]
    assert not any("提交实施方案" in t.title for t in todos)
    todos = login(world.office).get(reverse("cockpit:workbench")).context["todos"]
    assert any("审核市财政局的实施方案" in t.title for t in todos)
