"""A work plan in a real browser: the office builds it, the lead unit reports with evidence, the office returns
the report, the unit revises it, the office accepts it; the unit asks for completion (申请销号) with its evidence and the
office accepts it, and only then is the task completed; another unit is kept out."""

from datetime import date, timedelta

import openpyxl

from changxiao.targets.models import Task, WorkPlan

from .conftest import login, url

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def sign_out(page) -> None:
    page.locator("header .dropdown-toggle").click()
    page.locator("header form[action$='/logout/'] button").click()


def test_office_builds_a_plan_and_the_lead_unit_completes_its_task(
    page, live_server, browser_world, tmp_path
):
    w = browser_world
    login(page, live_server, "office")
    page.goto(url(live_server, "targets:plan_create"))
    page.select_option("#id_region", str(w.city.pk))
    page.fill("#id_year", str(date.today().year))
    page.fill("#id_title", "2026年示范区长效管理工作计划")
    page.locator("main form button[type=submit]").click()
    plan = WorkPlan.objects.get()
    page.wait_for_url(live_server.url + plan.get_absolute_url())

    page.get_by_role("link", name="导入任务分解表").click()
    workbook = openpyxl.Workbook()
    workbook.active.append(
        [
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
    )
    workbook.active.append(
        [
            "1.1",
            "开展公共文化设施免费开放自查",
            "",
            "督查",
            "姑苏区文化馆",
            "平江街道综合文化站",
            (date.today() + timedelta(days=30)).isoformat(),
            1,
            "自查报告",
            "",
        ]
    )
    breakdown = tmp_path / "任务分解表.xlsx"
    workbook.save(breakdown)
    page.set_input_files("main form input[type=file]", str(breakdown))
    page.locator("main form button[type=submit]").click()
    assert "导入完成" in page.locator(".alert-success").inner_text()
    page.goto(live_server.url + plan.get_absolute_url())
    page.get_by_role("link", name="开展公共文化设施免费开放自查").click()
    task = Task.objects.get()
    page.wait_for_url(live_server.url + task.get_absolute_url())
    assert "开展公共文化设施免费开放自查" in page.locator("main h1").inner_text()

    sign_out(page)
    login(page, live_server, "venue")
    page.goto(url(live_server, "targets:my_tasks"))
    page.get_by_role("link", name="开展公共文化设施免费开放自查").click()
    page.fill("#id_report-percent", "120")
    page.fill("#id_report-narrative", "超出范围")
    page.get_by_role("button", name="报送", exact=True).click()
    assert page.locator("#id_report-percent_error").count() == 1
    assert page.locator("#id_report-narrative").input_value() == "超出范围"  # what was typed comes back
    page.fill("#id_report-percent", "100")  # a unit does not complete its own task by typing 100
    page.fill("#id_report-narrative", "全部场馆完成自查")
    page.get_by_role("button", name="报送", exact=True).click()
    assert "申请销号" in page.locator("#id_report-percent_error").inner_text()
    page.fill("#id_report-percent", "90")
    page.fill("#id_report-narrative", "全部场馆基本完成自查")
    evidence = tmp_path / "现场照片.png"
    evidence.write_bytes(PNG)
    page.set_input_files("#report-files", str(evidence))
    page.get_by_role("button", name="报送", exact=True).click()
    assert "进度报告已报送" in page.locator(".alert-success").inner_text()
    assert (
        page.locator("section[aria-labelledby=reports-heading]")
        .get_by_role("link", name="现场照片.png")
        .count()
        == 1
    )

    sign_out(page)
    login(page, live_server, "office")
    page.goto(url(live_server, "targets:task_detail", task.pk))
    page.get_by_label("审核意见").fill("请补充整改佐证")
    page.get_by_role("button", name="退回修改").click()
    assert "报告已退回修改" in page.locator(".alert-success").inner_text()

    sign_out(page)
    login(page, live_server, "venue")
    page.goto(url(live_server, "targets:task_detail", task.pk))
    page.fill("#id_report-percent", "95")
    page.fill("#id_report-narrative", "已补充整改佐证，基本完成")
    page.get_by_role("button", name="报送", exact=True).click()
    assert "第2版" in page.locator("section[aria-labelledby=reports-heading]").inner_text()

    sign_out(page)
    login(page, live_server, "office")
    page.goto(url(live_server, "targets:task_detail", task.pk))
    page.get_by_role("button", name="通过").click()
    assert "报告已审核通过" in page.locator(".alert-success").inner_text()
    task.refresh_from_db()
    assert (task.percent, task.status) == (95, "in_progress")

    sign_out(page)
    login(page, live_server, "venue")
    page.goto(url(live_server, "targets:task_detail", task.pk))
    page.fill("#id_completion-summary", "自查报告已报送，全部场馆问题已整改")
    page.set_input_files("#completion-evidence", str(evidence))
    page.get_by_role("button", name="提交销号申请").click()
    assert "已提交销号申请" in page.locator(".alert-success").inner_text()
    task.refresh_from_db()
    assert task.status == "awaiting_acceptance"

    sign_out(page)
    login(page, live_server, "office")
    page.goto(url(live_server, "targets:task_detail", task.pk))
    page.get_by_role("button", name="同意销号").click()
    assert "已同意销号" in page.locator(".alert-success").inner_text()
    task.refresh_from_db()
    assert (task.percent, task.status) == (100, "completed")
    timeline = page.locator("section[aria-labelledby=timeline-heading]").inner_text()
    for step in (
        "报送进度报告",
        "退回进度报告",
        "修改后重新报送进度报告",
        "审核通过进度报告",
        "提交了销号申请",
        "同意销号",
    ):
        assert step in timeline

    sign_out(page)
    login(page, live_server, "outsider")
    response = page.goto(url(live_server, "targets:task_detail", task.pk))
    assert response.status == 404
