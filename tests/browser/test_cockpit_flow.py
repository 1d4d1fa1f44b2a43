"""The leaders' cockpit in a real browser (issue 25). As the read-only leader: the city's cockpit, a drill-down to a
township, a red warning opened to its record, the wall screen pausing its refresh while someone uses it, the phone
layout. As the office: a layout arranged for the leading group, the cockpit frozen for a meeting, a decision recorded
and turned into a task of the city's work plan. axe checks the cockpit, the layout and the snapshot."""

from changxiao.cockpit.models import Decision, Layout, Snapshot
from changxiao.cockpit.tests.stories import supervision_story
from changxiao.targets.models import Task
from changxiao.targets.tests.factories import PlanFactory

from .conftest import force_login, login, screenshot, url
from .test_accessibility import assert_accessible
from .test_targets_flow import sign_out


def test_the_leader_reads_the_cockpit_drills_down_and_opens_a_red_warning(
    page, phone_page, live_server, browser_world, monkeypatch
):
    from changxiao.assessment.indicator_data import load_shipped

    w = browser_world
    load_shipped()  # the indicator sets: the tiles' targets, thresholds and sources
    story = supervision_story(w, monkeypatch)
    login(page, live_server, "leader")
    page.goto(url(live_server, "cockpit:cockpit") + "?year=2026")
    assert page.locator(".cockpit-tile").count() >= 3
    overdue = page.locator(".cockpit-tile", has_text="逾期")
    screenshot(page, "cockpit-city-leader")
    assert "3" in overdue.first.locator(".tile-value").inner_text()
    # 3 overdue against a pass level of at most 2: red, with its source.
    assert "state-red" in overdue.first.get_attribute("class")
    assert "指标2.2" in overdue.first.locator(".tile-source").inner_text()
    overdue.first.locator(".tile-source summary").click()  # the citation, folded until asked for
    assert "三（二）" in overdue.first.locator(".tile-source").inner_text()
    assert page.locator("main form[method=post]").count() == 0  # read-only: nothing to change
    screenshot(page, "cockpit-city-leader")
    assert_accessible(page, "cockpit")

    # Drill down by place: 苏州市 → 姑苏区 → 平江街道, then the township's station.
    page.get_by_role("link", name="姑苏区", exact=True).first.click()
    page.get_by_role("link", name="平江街道", exact=True).first.click()
    assert "平江街道" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="平江街道综合文化站").count() == 1
    screenshot(page, "cockpit-township")

    # A red warning to its record.
    page.goto(url(live_server, "cockpit:cockpit") + "?year=2026")
    red = page.locator(".todo-item.red a.warning-link").first
    red.click()
    page.wait_for_url("**/supervision/findings/**")
    assert any(page.url.endswith(story[key].get_absolute_url()) for key in ("venue_open", "station_open"))

    # The wall screen reloads on its own, but not while someone uses it.
    page.goto(url(live_server, "cockpit:cockpit") + "?year=2026&mode=wall")
    assert page.locator("body.cockpit-wall").count() == 1
    page.mouse.move(200, 200)
    assert page.locator("body.paused").count() == 1
    assert "暂停" in page.locator("#wall-state").inner_text()
    screenshot(page, "cockpit-wall")

    # The phone layout: tiles one under the other, no sideways scrolling.
    force_login(phone_page, live_server, w.leader)
    phone_page.goto(url(live_server, "cockpit:cockpit") + "?year=2026")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone_page, "cockpit-phone")


def test_the_office_arranges_tiles_takes_a_snapshot_and_follows_a_decision_up(
    page, live_server, browser_world, monkeypatch
):
    w = browser_world
    supervision_story(w, monkeypatch)
    plan = PlanFactory(by=w.office)
    login(page, live_server, "office")

    page.goto(url(live_server, "cockpit:layout_list"))
    page.fill("#id_name", "领导小组驾驶舱")
    page.select_option("#id_audience", "leading_group")
    page.check("#id_is_default")
    page.locator("main form button[type=submit]").click()
    layout = Layout.objects.get()
    page.wait_for_url(f"**{layout.get_absolute_url()}")
    for code in ("supervision.findings_overdue", "supervision.rectification_on_time_rate"):
        page.select_option("#id_metric_code", code)
        page.locator("form[action$='/tiles/'] button[type=submit]").click()
    assert page.locator(".tile-row").count() == 2
    page.locator(".tile-row").nth(1).get_by_role("button", name="上移").click()
    assert (
        page.locator(".tile-row").first.get_attribute("data-metric")
        == "supervision.rectification_on_time_rate"
    )
    assert_accessible(page, "layout")
    screenshot(page, "cockpit-layout")
    page.goto(url(live_server, "cockpit:cockpit") + "?year=2026")
    titles = page.locator(".cockpit-tile h3").all_inner_texts()
    assert len(titles) == 2 and "整改" in titles[0]

    page.goto(url(live_server, "cockpit:snapshot_list"))
    page.fill("#id_title", "领导小组第一次联席会议")
    page.fill("#id_meeting_date", "2026-12-01")
    page.locator("main form button[type=submit]").click()
    snapshot = Snapshot.objects.get()
    page.wait_for_url(f"**{snapshot.get_absolute_url()}")
    page.fill("#id_text", "逾期问题由责任单位一周内整改到位")
    page.get_by_role("button", name="记录会议决定").click()
    decision = Decision.objects.get()
    page.locator(f"#decision-{decision.number} summary").first.click()
    prefix = f"#id_d{decision.pk}-"
    page.fill(prefix + "title", "督促逾期问题整改到位")
    page.select_option(prefix + "lead_unit", str(w.district_unit.pk))
    page.fill(prefix + "due_date", "2026-12-31")
    page.get_by_role("button", name="创建任务").click()
    assert "落实任务" in page.locator(".alert-success").inner_text()
    task = Task.objects.get(plan=plan, title="督促逾期问题整改到位")
    page.get_by_role("link", name=str(task)).click()
    page.wait_for_url(f"**{task.get_absolute_url()}")
    page.go_back()
    assert_accessible(page, "snapshot")
    screenshot(page, "cockpit-snapshot")
    sign_out(page)
