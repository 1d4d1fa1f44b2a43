"""The public portal in a phone's browser (issue 24): a resident finds the nearest library open this Sunday (their
township's, listed by county and township), books a lecture after signing in with a code sent to their phone, is
reminded the day before, and subscribes to the district's calendar (the feed validates as iCalendar). A venue
announces a closure 3 days ahead: the 7-day rule flags it with its source; an emergency with its reason is accepted
and shown to the public. axe checks the portal's and publicity's pages."""

import re
from datetime import time, timedelta

import icalendar
import pytest
from django.utils import timezone

from changxiao.core.deadlines import local_today
from changxiao.core.sms import MemorySmsBackend, get_sms_backend
from changxiao.portal.services import bookings_remind, hours_add
from changxiao.portal.tests.factories import ActivityFactory, FacilityFactory, week
from changxiao.publicity.tests.factories import ArticleFactory, png, published

from .conftest import force_login, login, screenshot, url
from .test_accessibility import accessibility_problems

PHONE = "13812345678"


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "changxiao.core.sms.MemorySmsBackend"
    get_sms_backend.cache_clear()
    MemorySmsBackend.outbox = []
    yield MemorySmsBackend.outbox
    get_sms_backend.cache_clear()


def _libraries(w):
    sunday = week(
        FacilityFactory(
            unit=w.station_unit, region=w.pingjiang, by=w.office, name="平江街道图书分馆", level="township"
        ),
        by=w.office,
    )
    weekdays = week(
        FacilityFactory(
            unit=w.venue_unit, region=w.pingjiang, by=w.office, name="平江工作日阅览室", level="township"
        ),
        by=w.office,
        days=(1, 2, 3, 4, 5),
    )
    far = week(
        FacilityFactory(unit=w.outsider_unit, region=w.kunshan, by=w.office, name="昆山远方图书馆"),
        by=w.office,
    )
    starts = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0) + timedelta(days=3)
    lecture = ActivityFactory(
        facility=sunday,
        by=w.office,
        title="苏州园林与诗词讲座",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=30,
    )
    return sunday, weekdays, far, lecture


def test_a_resident_finds_a_library_open_this_sunday_books_and_subscribes(
    phone_page, live_server, browser_world, sms
):
    w = browser_world
    sunday, weekdays, far, lecture = _libraries(w)
    page = phone_page
    page.goto(url(live_server, "public:home"))
    assert page.locator("nav[aria-label='公众服务']").count() == 1
    page.get_by_role("link", name="公共文化设施目录").first.click()
    page.select_option("#id_county", label="姑苏区")
    page.get_by_role("button", name="搜索").click()
    page.select_option("#id_township", label="平江街道")
    page.select_option("#id_kind", "library")
    page.select_option("#id_open", "sunday")
    page.get_by_role("button", name="搜索").click()
    main = page.locator("main").inner_text()
    assert "平江街道图书分馆" in main and "平江工作日阅览室" not in main and "昆山远方图书馆" not in main
    screenshot(page, "portal-directory-sunday-phone")

    page.get_by_role("link", name="平江街道图书分馆").click()
    assert "未来七天" in page.locator("main").inner_text()
    page.get_by_role("link", name="苏州园林与诗词讲座").click()
    page.get_by_role("link", name="用手机号登录后预约").click()
    page.fill("#id_phone", PHONE)
    page.get_by_role("button", name="获取验证码").click()
    code = re.search(r"\d{6}", sms[-1][1]).group(0)
    page.fill("#id_code", code)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_url(re.compile(rf".*{lecture.get_public_url()}$"))
    page.get_by_role("button", name="预约名额").click()
    assert "预约成功" in page.locator("main").inner_text()
    screenshot(page, "portal-booked-phone")
    page.goto(url(live_server, "public:portal_bookings"))
    assert "苏州园林与诗词讲座" in page.locator("main").inner_text()

    assert bookings_remind(now=lecture.starts_at - timedelta(hours=20)) == 1
    assert sms[-1][0] == PHONE and "苏州园林与诗词讲座" in sms[-1][1]

    page.goto(url(live_server, "public:portal_calendar"))
    page.select_option("#cal-region", label="姑苏区")
    page.get_by_role("button", name="查看").click()
    link = page.get_by_role("link", name=re.compile("订阅姑苏区的活动日历"))
    feed = page.request.get(
        link.get_attribute("href")
        if link.get_attribute("href").startswith("http")
        else live_server.url + link.get_attribute("href")
    )
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(feed.body())
    titles = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert titles == ["苏州园林与诗词讲座"]


def test_a_closure_announced_3_days_ahead_is_flagged_and_an_emergency_accepted(
    page, live_server, browser_world
):
    w = browser_world
    library = week(
        FacilityFactory(unit=w.venue_unit, region=w.gusu, by=w.office, name="姑苏区图书馆"), by=w.office
    )
    login(page, live_server, "venue")
    day = local_today() + timedelta(days=3)
    page.goto(url(live_server, "portal:closure_announce", library.pk))
    page.fill("#id_starts_on", day.isoformat())
    page.fill("#id_ends_on", day.isoformat())
    page.fill("#id_reason", "空调检修")
    page.locator("main form button[type=submit]").click()
    assert page.locator(".alert-warning").count(), page.locator("main").inner_text()
    warning = page.locator(".alert-warning").first.inner_text()
    assert "提前3天" in warning and "7" in warning and "公共文化体育设施条例 第18条" in warning
    screenshot(page, "portal-closure-flagged")

    tomorrow = local_today() + timedelta(days=1)
    page.goto(url(live_server, "portal:closure_announce", library.pk))
    page.fill("#id_starts_on", tomorrow.isoformat())
    page.fill("#id_ends_on", tomorrow.isoformat())
    page.fill("#id_reason", "停水")
    page.fill("#id_emergency_reason", "市政水管爆裂")
    page.locator("main form button[type=submit]").click()
    assert "闭馆公告已在公众目录发布" in page.locator(".alert-success").inner_text()
    page.goto(url(live_server, "public:portal_facility", library.pk))
    assert "市政水管爆裂" in page.locator("main").inner_text()


def _portal_world(w):
    library = week(
        FacilityFactory(unit=w.venue_unit, region=w.gusu, by=w.office, name="姑苏区图书馆"), by=w.office
    )
    hours_add(facility=library, by=w.office, kind="regular", weekdays=[1], opens=time(9), closes=time(11))
    activity = ActivityFactory(facility=library, by=w.office, capacity=10)
    article = published(
        ArticleFactory(unit=w.venue_unit, by=w.venue, image=png()), writer=w.venue, office=w.office
    )
    return library, activity, article


PAGES = {
    "portal-home": lambda w, lib, act, art: ("public:portal_home",),
    "portal-directory": lambda w, lib, act, art: ("public:portal_directory",),
    "portal-facility": lambda w, lib, act, art: ("public:portal_facility", lib.pk),
    "portal-calendar": lambda w, lib, act, art: ("public:portal_calendar",),
    "portal-activity": lambda w, lib, act, art: ("public:portal_activity", act.pk),
    "publicity-news": lambda w, lib, act, art: ("public:publicity_news",),
    "publicity-article": lambda w, lib, act, art: ("public:publicity_article", art.pk),
    "staff-facility": lambda w, lib, act, art: ("portal:facility", lib.pk),
    "staff-facilities": lambda w, lib, act, art: ("portal:facilities",),
    "staff-breaches": lambda w, lib, act, art: ("portal:breaches",),
    "staff-rules": lambda w, lib, act, art: ("portal:rules",),
    "staff-activity": lambda w, lib, act, art: ("portal:activity", act.pk),
    "staff-article": lambda w, lib, act, art: ("publicity:article", art.pk),
    "staff-articles": lambda w, lib, act, art: ("publicity:articles",),
    "staff-reports": lambda w, lib, act, art: ("publicity:reports",),
}


def test_portal_pages_have_no_serious_accessibility_violations(page, phone_page, live_server, browser_world):
    """The public pages as a phone shows them, the staff's as the office's desktop does: one world, each page opened in
    turn, every problem listed."""
    w = browser_world
    made = _portal_world(w)
    force_login(page, live_server, w.office)
    found = []
    for name, address in PAGES.items():
        url_name, *args = address(w, *made)
        on = phone_page if url_name.startswith("public:") else page
        found += accessibility_problems(on, name, url(live_server, url_name, *args))
    assert not found, "\n".join(found)
