"""The service menu on a phone (issue 23): 大儒社区's centre finds a performance in the city's menu and orders it; the
troupe (the 姑苏区 cultural centre) accepts it with a date, then reports it delivered; the centre confirms and rates
it; the office's overview of 姑苏区 shows the village reached (0 / 1 → 1 / 1). A second order not answered turns
yellow on its last day and red the day after. The menu, the order and the overview pass the axe check."""

from datetime import timedelta

from changxiao.core.deadlines import local_today
from changxiao.linkage import services
from changxiao.linkage.models import Order
from changxiao.linkage.tests import factories as f
from changxiao.orgs.choices import RegionLevel, Role, UnitKind, VenueType
from conftest import make_person, make_region, make_unit

from .conftest import DESKTOP, force_login, screenshot, url
from .test_accessibility import accessibility_problems


def _as(page, live_server, user) -> None:
    page.context.clear_cookies()
    force_login(page, live_server, user)


def _axe(page, name: str) -> None:
    """axe at the desktop width the project's accessibility test uses: on a phone the header's account button shows
    only its icon (base.html, no accessible name there — reported, not this app's page), which axe flags on every
    page at that width."""
    phone = page.viewport_size
    page.set_viewport_size(DESKTOP["viewport"])
    problems = accessibility_problems(page, name)
    page.set_viewport_size(phone)
    assert not problems, "\n".join(problems)


def test_a_village_orders_the_troupe_delivers_both_confirm_and_coverage_changes(
    phone_page, live_server, browser_world
):
    w, page = browser_world, phone_page
    year = local_today().year
    menu = services.menu_create(
        region=w.city, year=year, title=f"苏州市{year}年公共文化服务目录", by=w.office, coverage_times=1
    )
    item = f.published_offering(w, the_menu=menu)
    f.offering(w, the_menu=menu, title="书法讲座")
    village = make_region("320508001002", "大儒社区", RegionLevel.VILLAGE, w.pingjiang)
    centre = make_unit(
        "GS-DR-SHI", "大儒社区文化活动室", UnitKind.VENUE, village, venue_type=VenueType.VILLAGE_ROOM
    )
    person = make_person("village", centre, Role.VENUE, full_name="周慧")

    _as(page, live_server, w.office)
    page.goto(url(live_server, "linkage:overview") + f"?region={w.gusu.pk}")
    assert page.get_by_test_id("coverage").inner_text() == "0 / 1"

    # The village centre searches the menu on its phone and orders the performance.
    _as(page, live_server, person)
    page.goto(url(live_server, "linkage:menu", menu.pk))
    _axe(page, "menu")
    page.fill("#id_q", "锡剧")
    page.get_by_role("button", name="搜索").click()
    assert "书法讲座" not in page.locator("main").inner_text()
    page.get_by_role("link", name="锡剧《珍珠塔》折子戏专场").click()
    assert "剩余6个名额" in page.locator("main").inner_text()
    wished = f.wished_day()
    page.fill("#id_wished_date", wished.isoformat())
    page.fill("#id_audience_expected", "0")
    page.get_by_role("button", name="点单", exact=True).click()
    assert (
        page.locator("#id_audience_expected").get_attribute("aria-invalid") == "true"
        or "1" in page.locator("main").inner_text()
    )
    page.fill("#id_audience_expected", "150")
    page.get_by_role("button", name="点单", exact=True).click()
    assert "已点单" in page.locator(".alert-success").inner_text()
    order = Order.objects.get(unit=centre)
    screenshot(page, "linkage-ordered-phone")

    # The troupe accepts with a date, then reports the delivery.
    _as(page, live_server, w.venue)
    page.goto(url(live_server, "linkage:orders") + "?side=provided")
    page.get_by_role("link", name="锡剧《珍珠塔》折子戏专场").click()
    _axe(page, "order")
    page.fill("#id_scheduled_on", local_today().isoformat())
    page.get_by_role("button", name="确定日期接单").click()
    assert "已接单" in page.locator(".alert-success").inner_text()
    assert page.get_by_test_id("scheduled").inner_text() == local_today().isoformat()
    page.fill("#id_delivered_on", local_today().isoformat())
    page.fill("#id_attendance", "180")
    page.get_by_role("button", name="报告配送").click()
    assert "已报告配送" in page.locator(".alert-success").inner_text()

    # The village confirms and rates it.
    _as(page, live_server, person)
    page.goto(url(live_server, "linkage:order", order.pk))
    page.get_by_label("按约配送").check()
    page.get_by_label("5", exact=True).check()
    page.get_by_role("button", name="确认", exact=True).click()
    assert "已确认配送并评价" in page.locator(".alert-success").inner_text()
    assert "双方已确认" in page.locator("main").inner_text()
    screenshot(page, "linkage-confirmed-phone")

    # Coverage changes on the office's overview.
    _as(page, live_server, w.office)
    page.goto(url(live_server, "linkage:overview") + f"?region={w.gusu.pk}")
    assert page.get_by_test_id("coverage").inner_text() == "1 / 1"
    _axe(page, "overview")

    # A late answer turns yellow on its last day, then red.
    late = services.order_place(
        offering=item, unit=centre, by=person, wished_date=wished, audience_expected=60
    )
    Order.objects.filter(pk=late.pk).update(reply_due=local_today())
    _as(page, live_server, w.venue)
    page.goto(url(live_server, "linkage:order", late.pk))
    assert page.locator(".deadline-badge .bi-hourglass-split").count() >= 1
    Order.objects.filter(pk=late.pk).update(reply_due=local_today() - timedelta(days=1))
    page.goto(url(live_server, "linkage:order", late.pk))
    assert page.locator(".deadline-badge .bi-exclamation-octagon").count() >= 1
    screenshot(page, "linkage-late-red")
