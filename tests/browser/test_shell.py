"""The application shell in a real browser: sign-in, lock-out, menu, language, scope, a unit's life."""

import re
import struct
import zlib

import pytest
from django.urls import reverse

from changxiao.core.models import Notification
from changxiao.orgs.choices import UnitKind
from conftest import PASSWORD, PERSONAS

from .conftest import login, screenshot, url

CJK = re.compile(r"[\u4e00-\u9fff]")


def _png_1x1() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)  # 1x1, 8-bit RGB
    pixels = zlib.compress(b"\x00\xc0\x39\x2b")  # filter byte + one red pixel
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_stylesheets_and_scripts_load(page, live_server):
    page.goto(url(live_server, "login"))
    header = page.eval_on_selector("header.app-header", "el => getComputedStyle(el).backgroundImage")
    assert "linear-gradient" in header, "changxiao.css did not load"
    scripts_loaded = page.evaluate("typeof bootstrap !== 'undefined' && typeof htmx !== 'undefined'")
    assert scripts_loaded, "the vendored scripts did not load"


@pytest.mark.parametrize("username", PERSONAS)
def test_each_role_signs_in_and_out(page, live_server, browser_world, username):
    login(page, live_server, username)

    assert page.locator("main h1").inner_text() == "我的工作台"
    user_menu = page.locator("header .dropdown-toggle")
    assert getattr(browser_world, username).full_name in user_menu.inner_text()
    sidebar = page.locator("#sidebar")
    assert sidebar.get_by_role("link", name="单位", exact=True).count() == 1

    user_menu.click()
    page.locator("header .dropdown-menu").get_by_role("button").click()
    page.wait_for_url(url(live_server, "login"))
    assert page.locator("#id_username").is_visible()
    assert page.locator("#sidebar").count() == 0


def test_wrong_password_is_refused_in_chinese(page, live_server, browser_world):
    page.goto(url(live_server, "login"))
    page.fill("#id_username", "office")
    page.fill("#id_password", "not-the-password")
    page.click("main form button[type=submit]")

    error = page.locator("main .alert-danger")
    assert CJK.search(error.inner_text()), error.inner_text()
    assert page.url.startswith(url(live_server, "login"))
    assert page.locator("#id_username").input_value() == "office"


def test_five_wrong_passwords_lock_the_account(page, live_server, browser_world):
    def sign_in(password):
        page.goto(url(live_server, "login"))
        page.fill("#id_username", "member")
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.click("main form button[type=submit]")

    for _attempt in range(5):
        sign_in("not-the-password")
    sign_in(PASSWORD)

    assert "锁定" in page.locator("main").inner_text()
    assert not page.url.startswith(url(live_server, "cockpit:workbench"))
    # The lock holds on the next visit too: the workbench still asks for a sign-in.
    page.goto(url(live_server, "cockpit:workbench"))
    assert page.url.startswith(url(live_server, "login"))


def test_language_switch(page, live_server, browser_world):
    login(page, live_server, "office")

    # Selected by value, not by label: the label is the language name in the current language (英语).
    page.locator("header .lang-switch button[value=en]").click()
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.locator("main h1").inner_text() == "My workbench"
    assert page.url == url(live_server, "cockpit:workbench")

    page.locator("header .lang-switch button[value=zh-hans]").click()
    page.wait_for_function("document.documentElement.lang === 'zh-CN'")
    assert page.locator("main h1").inner_text() == "我的工作台"


def test_office_workbench_shows_todos(page, live_server, browser_world):
    Notification.objects.create(recipient=browser_world.office, title="请报送2025年度人口数据")

    login(page, live_server, "office")

    assert page.locator("main .stat-card").count() == 4
    todos = page.locator("section[aria-labelledby=todo-heading] .todo-item")
    assert todos.count() >= 1
    assert todos.locator(f"a[href='{reverse('core:inbox')}']").count() == 1


@pytest.mark.parametrize("username", ["outsider", "member"])
def test_another_units_page_is_not_found(page, live_server, browser_world, username):
    login(page, live_server, username)

    response = page.goto(url(live_server, "orgs:unit_detail", browser_world.venue_unit.pk))

    assert response.status == 404
    heading = page.locator("main h1").inner_text()
    assert heading in {"未找到", "Not found"} or CJK.search(heading), heading
    assert browser_world.venue_unit.name not in page.content()


def test_office_opens_the_venues_unit_page(page, live_server, browser_world):
    login(page, live_server, "office")

    response = page.goto(url(live_server, "orgs:unit_detail", browser_world.venue_unit.pk))

    assert response.status == 200
    assert browser_world.venue_unit.name in page.locator("main h1").inner_text()


def test_region_page_charts_the_population_of_its_sub_regions(page, live_server, browser_world):
    from changxiao.orgs.models import PopulationRecord

    PopulationRecord.objects.create(region=browser_world.gusu, year=2023, resident=926100)
    PopulationRecord.objects.create(region=browser_world.kunshan, year=2023, resident=2148500)
    login(page, live_server, "office")
    page.goto(url(live_server, "orgs:region_detail", browser_world.city.pk))
    chart = page.locator("[data-chart] svg")
    chart.wait_for()
    labels = chart.text_content()
    assert "昆山市" in labels and "姑苏区" in labels
    assert page.locator("main table").first.inner_text().count("2,148,500") == 1


def test_office_edits_a_unit_and_attaches_documents(page, live_server, browser_world, tmp_path):
    venue = browser_world.venue_unit
    login(page, live_server, "office")

    page.locator("#sidebar").get_by_role("link", name="单位", exact=True).click()
    page.wait_for_url(url(live_server, "orgs:unit_list"))
    page.select_option("#id_kind", UnitKind.VENUE)
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r"kind=venue"))
    results = page.locator("main table tbody")
    assert results.get_by_role("link", name=venue.name).count() == 1
    assert results.get_by_role("link", name=browser_world.member_unit.name).count() == 0

    results.get_by_role("link", name=venue.name).click()
    page.wait_for_url(url(live_server, "orgs:unit_detail", venue.pk))
    page.locator(f"main a[href='{reverse('orgs:unit_edit', args=[venue.pk])}']").click()
    page.wait_for_url(url(live_server, "orgs:unit_edit", venue.pk))
    page.fill("#id_contact_phone", "0512-65221234")
    page.locator("main form button[type=submit].btn-primary").click()

    page.wait_for_url(url(live_server, "orgs:unit_detail", venue.pk))
    assert page.locator("main .alert-success").is_visible()
    assert "0512-65221234" in page.locator("section[aria-labelledby=timeline-heading]").inner_text()
    venue.refresh_from_db()
    assert venue.contact_phone == "0512-65221234"

    attachments = page.locator("section[aria-labelledby=attachments-heading]")
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ\x90\x00" + b"\x00" * 60)
    attachments.locator("#attach-files").set_input_files(program)
    attachments.locator("button[type=submit]").click()
    page.wait_for_load_state()
    error = page.locator("main .alert-danger")
    assert "setup.exe" in error.inner_text()
    assert attachments.get_by_role("link", name="setup.exe").count() == 0

    picture = tmp_path / "门牌.png"
    picture.write_bytes(_png_1x1())
    attachments.locator("#attach-files").set_input_files(picture)
    attachments.locator("#attach-description").fill("场馆门牌照片")
    attachments.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("main .alert-success").is_visible()
    assert attachments.get_by_role("link", name="门牌.png").count() == 1
    assert page.locator("main .alert-danger").count() == 0


def _main_pages(live_server, world):
    return [
        ("workbench", url(live_server, "cockpit:workbench")),
        ("region-list", url(live_server, "orgs:region_list")),
        ("region-detail-city", url(live_server, "orgs:region_detail", world.city.pk)),
        ("unit-list", url(live_server, "orgs:unit_list")),
        ("unit-detail", url(live_server, "orgs:unit_detail", world.venue_unit.pk)),
        ("people-list", url(live_server, "orgs:people_list")),
        ("api-tokens", url(live_server, "orgs:token_list")),
        ("notifications", url(live_server, "core:inbox")),
    ]


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshots_of_the_main_pages(request, live_server, browser_world, size):
    page = request.getfixturevalue("page" if size == "desktop" else "phone_page")
    Notification.objects.create(
        recipient=browser_world.office, title="请报送2025年度人口数据", body="请按时报送。"
    )

    page.goto(url(live_server, "login"))
    screenshot(page, f"{size}-login")
    login(page, live_server, "office")
    for name, address in _main_pages(live_server, browser_world):
        response = page.goto(address)
        assert response.status == 200, f"{name}: {address} answered {response.status}"
        screenshot(page, f"{size}-{name}")


def test_two_step_sign_in_from_set_up_to_sign_in(page, live_server, browser_world):
    import pyotp

    login(page, live_server, "member")
    page.goto(url(live_server, "account_security"))
    page.locator("form input[name=action][value=start] + button").click()
    qr = page.locator("img[src^='data:image/svg+xml']")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    secret = page.locator("#totp-key").inner_text().strip()
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.locator("form input[name=action][value=confirm] ~ button").click()
    assert "两步验证登录已开启" in page.locator(".alert-success").inner_text()

    page.locator("header .dropdown-toggle").click()
    page.locator("header form[action$='/logout/'] button").click()
    page.fill("#id_username", "member")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/login/code/")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/workbench/")
