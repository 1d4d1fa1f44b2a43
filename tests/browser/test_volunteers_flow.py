"""Culture volunteers in a real browser, on a phone (issue 21): a citizen signs in with a code sent by text
message, registers, signs up, checks in and out with the activity's QR code, sees the hours, requests a certificate;
the venue issues it; anyone opening its QR address sees it confirmed and a forged number says not found. Then the
volunteers' pages pass axe (WCAG 2 A/AA), on the phone and as the venue sees them."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from changxiao.core.sms import MemorySmsBackend, get_sms_backend
from changxiao.volunteers import services
from changxiao.volunteers.models import Certificate, HourRecord, Volunteer
from changxiao.volunteers.tests.factories import TeamFactory

from .conftest import force_login, screenshot, url
from .test_accessibility import assert_accessible


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "changxiao.core.sms.MemorySmsBackend"
    get_sms_backend.cache_clear()
    MemorySmsBackend.outbox = []
    yield MemorySmsBackend.outbox
    get_sms_backend.cache_clear()


def _activity_under_way(w):
    """An activity of the 姑苏区 cultural centre that began three hours ago and ends in ten minutes."""
    team = TeamFactory(unit=w.venue_unit, by=w.venue, name="姑苏区文化馆文化志愿服务队")
    now = timezone.now()
    activity = services.activity_create(
        team=team,
        by=w.venue,
        title="周末古籍修复体验导览",
        kind="venue",
        place="姑苏区文化馆二楼",
        starts_at=now - timedelta(hours=3),
        ends_at=now + timedelta(minutes=10),
        capacity=5,
        roles="导览员5名",
        terms="服务内容、时间和地点；权利义务；风险保障；变更和解除；责任和争议；其他事项。",
    )
    return services.activity_open(activity=activity, by=w.venue, confirmed=True)


def test_a_citizen_volunteers_on_a_phone_and_anyone_verifies_the_certificate(
    phone_page, page, live_server, browser_world, sms
):
    w = browser_world
    activity = _activity_under_way(w)
    phone = phone_page
    phone.goto(url(live_server, "public:volunteers_home"))
    assert_accessible(phone, "volunteers-public-home")
    phone.get_by_role("link", name=re.compile("周末古籍修复体验导览")).click()
    assert_accessible(phone, "volunteers-public-activity")
    phone.get_by_role("link", name="登录后报名").click()
    # The citizens' sign-in: a code by text message.
    assert_accessible(phone, "citizen-sign-in")
    phone.fill("#id_phone", "138 1234 5678")
    phone.get_by_role("button", name="获取验证码").click()
    assert "138****5678" in phone.locator("main").inner_text()
    code = re.search(r"\d{6}", sms[-1][1]).group(0)
    phone.fill("#id_code", code)
    phone.get_by_role("button", name="登录").click()
    phone.get_by_role("link", name="注册文化志愿者").click()
    phone.fill("#id_name", "李小文")
    phone.fill("#id_id_number", "11010519491231002X")
    phone.select_option("#id_region", label="平江街道")
    phone.fill("#id_skills", "讲解")
    phone.check("#id_public_hours")
    # Without the agreement: refused, what was typed kept.
    phone.get_by_role("button", name="提交注册").click()
    assert "同意志愿服务协议" in phone.locator("main").inner_text()
    assert phone.input_value("#id_name") == "李小文"
    phone.check("#id_consent")
    phone.get_by_role("button", name="提交注册").click()
    assert "您已注册为文化志愿者" in phone.locator("main").inner_text()
    phone.get_by_role("button", name="报名").click()
    assert "已确认" in phone.locator("main").inner_text()
    volunteer = Volunteer.objects.get()
    assert volunteer.name_masked == "李*文"

    # At the activity: the QR code's address on the phone (the organizer's page shows the same address as a QR).
    phone.goto(live_server.url + reverse("public:volunteers_check", args=[services.checkin_token(activity)]))
    phone.get_by_role("button", name="签到").click()
    assert "签到成功" in phone.locator("main").inner_text()
    assert_accessible(phone, "volunteers-check")
    screenshot(phone, "volunteers-phone-checked-in")
    # Two and a half hours of service: the check-in moved back to 2.5 h before now stands for the time passing.
    HourRecord.objects.filter(volunteer=volunteer).update(
        checked_in_at=timezone.now() - timedelta(hours=2, minutes=30)
    )
    phone.reload()
    phone.get_by_role("button", name="签退").click()
    assert "签退成功" in phone.locator("main").inner_text()
    assert "2.5" in phone.locator("#check-state").inner_text()
    # A second scan changes nothing.
    assert phone.get_by_role("button", name="签到").count() == 0

    phone.get_by_role("link", name="我的志愿服务").click()
    assert phone.locator("#total-hours").inner_text() == "2.5"
    phone.select_option("#id_unit", label="姑苏区文化馆")
    phone.fill("#id_purpose", "升学材料")
    phone.get_by_role("button", name="申请证明").click()
    assert "无偿出具" in phone.locator("main").inner_text()
    assert_accessible(phone, "volunteers-me")
    certificate = Certificate.objects.get()

    # The venue issues it (a confirmed step).
    force_login(page, live_server, w.venue)
    page.goto(url(live_server, "volunteers:certificate", certificate.pk))
    assert_accessible(page, "volunteers-certificate")
    page.fill("#id_responsible_person", "王馆长")
    page.fill("#id_handler", "陈静")
    page.get_by_role("button", name="出具证明").click()
    assert "2.5" in page.locator("main").inner_text()
    page.get_by_role("button", name="确认").click()
    assert "证明已出具" in page.locator("main").inner_text()
    page.goto(url(live_server, "volunteers:activity", activity.pk))
    assert_accessible(page, "volunteers-activity")
    page.goto(url(live_server, "volunteers:overview"))
    assert_accessible(page, "volunteers-overview")

    # The volunteer sees it; anyone opening its QR address sees it confirmed, without the name (not consented).
    phone.goto(url(live_server, "public:volunteers_me"))
    certificate.refresh_from_db()
    phone.get_by_role("link", name=certificate.number).click()
    main = phone.locator("main").inner_text()
    assert "真实有效" in main and "2.5" in main and "李" not in main
    assert_accessible(phone, "volunteers-verify")
    screenshot(phone, "volunteers-phone-verified")
    phone.goto(url(live_server, "public:volunteers_verify", "ZM2026-FORGED2345"))
    assert "查无编号" in phone.locator("main").inner_text()
