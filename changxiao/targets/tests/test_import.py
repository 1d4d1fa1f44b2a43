"""Importing a plan's task breakdown table: all rows or none, row-by-row errors in Chinese."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.core.tests.import_helpers import error_table
from changxiao.targets.models import Task
from changxiao.targets.tests.factories import PlanFactory
from conftest import YEAR_START, as_of

HEADERS = [
    "序号",
    "任务名称",
    "上级任务序号",
    "所属机制",
    "牵头单位",
    "配合单位",
    "完成时限",
    "权重",
    "工作成果",
    "任务说明",
]


@pytest.fixture
def plan(world):
    return PlanFactory(by=world.office, title="2026年计划")


def xlsx(rows, headers=HEADERS) -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("任务分解表.xlsx", buffer.getvalue())


def upload(client, plan, file, *, today=YEAR_START):
    """Import as on `today` (the plan's first days unless said otherwise)."""
    url = reverse("core:import_upload", args=["targets-tasks"]) + f"?into={plan.pk}"
    with as_of(today):
        return client.post(url, {"file": file}, follow=True)


GOOD = [
    [
        "2.3",
        "开展免费开放专项督查",
        "",
        "督查",
        "市督查组",
        "市财政局、姑苏区文化馆",
        "2026-09-30",
        2,
        "督查通报",
        "",
    ],
    ["2.3.1", "姑苏区自查", "2.3", "督查机制", "GS-WHG", "", "2026-08-31", 1, "", ""],
    [
        "1.1",
        "召开领导小组全体会议",
        "",
        "组织机制",
        "领导小组办公室",
        "",
        "2026-03-31",
        "",
        "",
        "部署全年工作",
    ],
]


def test_a_good_table_creates_the_tasks_with_parents_first(world, login, plan):
    response = upload(login(world.office), plan, xlsx(GOOD))
    assert not error_table(response)
    assert Task.objects.count() == 3
    child = Task.objects.get(number="2.3.1")
    assert child.parent.number == "2.3" and child.lead_unit == world.venue_unit
    parent = Task.objects.get(number="2.3")
    assert {u.code for u in parent.cooperating_units.all()} == {"SZ-CZJ", "GS-WHG"}
    assert parent.mechanism == "supervision" and parent.weight == 2
    assert Task.objects.get(number="1.1").weight == 1


def test_deadlines_already_past_are_refused_row_by_row(world, login, plan):
    from datetime import date

    response = upload(login(world.office), plan, xlsx(GOOD), today=date(2026, 9, 1))
    assert [row[:3] for row in error_table(response)] == [
        ("3", "完成时限", "2026-08-31"),
        ("4", "完成时限", "2026-03-31"),
    ]
    assert not Task.objects.exists()


def test_errors_are_listed_row_by_row_and_nothing_is_imported(world, login, plan):
    rows = [
        *GOOD,
        ["3.1", "未知单位的任务", "", "考核", "不存在的局", "另一个不存在的单位", "2026-05-31", 1, "", ""],
        ["3.2", "上级不存在", "9.9", "考核", "市财政局", "", "2026-05-31", 1, "", ""],
        ["3.3", "时限早于年度", "", "考核", "市财政局", "", "2025-12-31", 1, "", ""],
        ["2.3", "重复序号", "", "考核", "市财政局", "", "2026-05-31", 1, "", ""],
        ["3.4", "错误机制", "", "宣传", "市财政局", "", "2026-05-31", 1, "", ""],
        ["3.5", "错误日期", "", "考核", "市财政局", "", "下个月", 1, "", ""],
    ]
    response = upload(login(world.office), plan, xlsx(rows))
    errors = {(row, column) for row, column, *_ in error_table(response)}
    assert {
        ("5", "牵头单位"),
        ("5", "配合单位"),
        ("6", "上级任务序号"),
        ("7", "完成时限"),
        ("8", "序号"),
        ("9", "所属机制"),
        ("10", "完成时限"),
    } <= errors
    assert "不存在的局" in response.content.decode()
    assert not Task.objects.exists()


def test_a_unit_outside_the_jurisdiction_is_unknown(world, login):
    district_plan = PlanFactory(by=world.district, title="姑苏区计划", report_schedule="monthly")
    rows = [["1", "昆山的任务", "", "联动", "KS-LIB", "", "2026-05-31", 1, "", ""]]
    response = upload(login(world.district), district_plan, xlsx(rows))
    assert error_table(response) and not Task.objects.exists()


def test_only_the_plans_office_imports(world, login, plan):
    url = reverse("core:import_upload", args=["targets-tasks"])
    assert (
        login(world.district).get(url + f"?into={plan.pk}").status_code == 404
    )  # the city plan is not theirs
    assert login(world.outsider).get(url + f"?into={plan.pk}").status_code == 404
    assert login(world.office).get(url).status_code == 404  # no plan named
    assert login(world.office).get(url + "?into=abc").status_code == 404
    response = login(world.office).get(
        reverse("core:import_template", args=["targets-tasks"]) + f"?into={plan.pk}"
    )
    headers = [c.value for c in openpyxl.load_workbook(io.BytesIO(response.content)).active[1]]
    assert [h.rstrip("*") for h in headers] == [
        "序号",
        "任务",
        "上级任务序号",
        "所属机制",
        "牵头单位",
        "配合单位",
        "完成时限",
        "权重",
        "工作成果",
        "说明",
    ]
