"""12345 hotline work orders imported into the feedback queue: template, row-by-row errors, duplicates skipped."""

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from changxiao.feedback.models import Category, FeedbackItem, RoutingRule

HEADERS = ["工单编号", "受理时间", "诉求类型", "类别", "所属地区", "涉及场馆", "诉求内容", "联系电话"]


@pytest.fixture
def setup(world):
    Category.objects.create(name="开放时间")
    RoutingRule.objects.create(owner=world.city, region=world.gusu, unit=world.district_unit)


def upload(client, rows):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "12345工单.xlsx"
    return client.post(
        reverse("core:import_upload", args=["feedback-hotline"]), {"file": buffer}, follow=True
    )


def test_import_routes_work_orders_and_skips_known_numbers(world, login, setup):
    office = login(world.office)
    template = office.get(reverse("core:import_template", args=["feedback-hotline"]))
    assert template.status_code == 200
    rows = [
        [
            "2026112700001",
            "2026-11-20",
            "投诉举报",
            "开放时间",
            "姑苏区",
            "",
            "文化站周末不开门",
            "13812345678",
        ],
        ["2026112700002", "2026/11/21", "咨询", "开放时间", "平江街道", "", "图书馆几点闭馆", ""],
    ]
    response = upload(office, rows)
    assert "导入完成" in response.content.decode()
    items = FeedbackItem.objects.order_by("hotline_order_no")
    assert [(i.kind, i.source, i.unit) for i in items] == [
        ("complaint", "hotline", world.district_unit),
        ("demand", "hotline", world.district_unit),
    ]
    assert timezone.localtime(items[0].submitted_at).date().isoformat() == "2026-11-20"
    rows.append(["2026112700003", "2026-11-22", "建议", "开放时间", "姑苏区", "", "建议延长开放", ""])
    response = upload(office, rows)
    page = response.content.decode()
    assert "2026112700001" in page and "跳过" in page
    assert FeedbackItem.objects.count() == 3


def test_bad_rows_are_listed_and_nothing_is_imported(world, login, setup):
    response = upload(
        login(world.office),
        [
            ["A1", "2026-11-20", "投诉", "开放时间", "火星区", "", "内容", "12"],
            ["A1", "2026-11-21", "建议", "不存在的类别", "姑苏区", "无此场馆", "内容", ""],
            ["A2", "明天", "闲聊", "开放时间", "姑苏区", "", "内容", ""],
        ],
    )
    page = response.content.decode()
    for message in (
        "没有这个名称的区县",
        "11位手机号",
        "出现两次",
        "类别不存在",
        "没有这个名称的场馆",
        "2026-06-30",
    ):
        assert message in page, message
    assert not FeedbackItem.objects.exists()


def test_only_the_office_imports(world, login, setup):
    assert login(world.venue).get(reverse("core:import_upload", args=["feedback-hotline"])).status_code == 403


def test_a_work_orders_deadlines_count_from_its_accepted_time_not_the_import(world, login, setup):
    """An order the hotline accepted four working days before the import has already used four of its working days:
    its acknowledgement (2 working days) is overdue on arrival and its answer is due 15 working days after it was
    accepted, as the citizen was told when calling."""
    from changxiao.core.deadlines import DeadlineStatus, add_workdays, deadline_status, local_today

    accepted = add_workdays(local_today(), -4)
    upload(
        login(world.office),
        [["2026120100007", accepted.isoformat(), "投诉", "开放时间", "姑苏区", "", "文化站周末不开门", ""]],
    )
    item = FeedbackItem.objects.get()
    assert timezone.localtime(item.submitted_at).date() == accepted
    assert (item.acknowledge_due, item.answer_due) == (add_workdays(accepted, 2), add_workdays(accepted, 15))
    assert item.acknowledge_due < local_today()
    assert deadline_status(item.acknowledge_due) == DeadlineStatus.OVERDUE
