"""A work plan in a real browser: the office builds it, the lead unit reports, another unit is kept out."""

from changxiao.targets.models import Task, WorkPlan

from .conftest import login, url


def test_office_builds_a_plan_and_the_lead_unit_completes_its_task(page, live_server, browser_world):
    w = browser_world
    login(page, live_server, "office")
    page.goto(url(live_server, "targets:plan_create"))
    page.select_option("#id_region", str(w.city.pk))
    page.fill("#id_year", "2026")
    page.fill("#id_title", "2026年示范区长效管理工作计划")
    page.locator("main form button[type=submit]").click()
    plan = WorkPlan.objects.get()
    page.wait_for_url(live_server.url + plan.get_absolute_url())

    page.get_by_role("link", name="新增任务").click()
    page.fill("#id_number", "1.1")
    page.fill("#id_title", "开展公共文化设施免费开放自查")
    page.select_option("#id_mechanism", "supervision")
    page.select_option("#id_lead_unit", str(w.venue_unit.pk))
    page.select_option("#id_cooperating_units", [str(w.station_unit.pk)])
    page.fill("#id_due_date", "2026-12-31")
    page.locator("main form button[type=submit]").click()
    task = Task.objects.get()
    page.wait_for_url(live_server.url + task.get_absolute_url())
    assert "开展公共文化设施免费开放自查" in page.locator("main h1").inner_text()

    page.locator("header .dropdown-toggle").click()
    page.locator("header form[action$='/logout/'] button").click()
    login(page, live_server, "venue")
    page.goto(url(live_server, "targets:my_tasks"))
    page.get_by_role("link", name="开展公共文化设施免费开放自查").click()
    page.fill("#id_percent", "120")
    page.fill("#id_note", "超出范围")
    page.locator("#progress-form-heading").scroll_into_view_if_needed()
    page.get_by_role("button", name="保存进度").click()
    assert page.locator(".alert-danger").count() == 1
    page.fill("#id_percent", "100")
    page.fill("#id_note", "全部场馆完成自查并整改")
    page.get_by_role("button", name="保存进度").click()
    assert "进度已保存" in page.locator(".alert-success").inner_text()
    task.refresh_from_db()
    assert (task.percent, task.status) == (100, "completed")
    assert "全部场馆完成自查并整改" in page.locator("section[aria-labelledby=timeline-heading]").inner_text()

    page.locator("header .dropdown-toggle").click()
    page.locator("header form[action$='/logout/'] button").click()
    login(page, live_server, "outsider")
    response = page.goto(url(live_server, "targets:task_detail", task.pk))
    assert response.status == 404
