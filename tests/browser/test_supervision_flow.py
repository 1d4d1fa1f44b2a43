"""Supervision in a real browser: an inspector records an inspection with two findings for two units, each unit
submits its rectification with evidence, one is returned and resubmitted, both are verified; the Word notices
read back; another unit is kept out."""

import io

import docx

from changxiao.supervision.models import Finding, Inspection

from .conftest import login, screenshot, url
from .test_targets_flow import PNG, sign_out


def add_finding(page, *, unit_name: str, description: str) -> None:
    page.fill("#id_description", description)
    page.select_option("#id_severity", "major")
    page.fill(
        "input[aria-controls=id_lead_unit]", unit_name
    )  # a searchable choice (core.widgets.SearchSelect)
    page.select_option("#id_lead_unit", label=unit_name)
    page.fill("#id_requirement", "立即整改并报送整改情况")
    page.fill("#id_due_workdays", "5")
    page.get_by_role("button", name="登记该问题").click()
    assert "问题已登记" in page.locator(".alert-success").inner_text()


def rectify(page, live_server, finding, evidence, measures: str) -> None:
    page.goto(live_server.url + finding.get_absolute_url())
    page.fill("#id_measures", measures)
    page.set_input_files("#id_evidence", str(evidence))
    page.get_by_role("button", name="提交核查").click()
    assert "整改情况已提交核查" in page.locator(".alert-success").inner_text()


def test_inspection_to_verified_rectifications(page, live_server, browser_world, tmp_path):
    w = browser_world
    evidence = tmp_path / "整改照片.png"
    evidence.write_bytes(PNG)

    login(page, live_server, "inspector")
    page.goto(url(live_server, "supervision:inspection_create"))
    page.select_option("#id_region", str(w.city.pk))
    page.select_option("#id_kind", "special")
    page.fill("#id_title", "公共文化设施专项督查")
    page.locator("main form button[type=submit]").click()
    inspection = Inspection.objects.get()
    page.wait_for_url(live_server.url + inspection.get_absolute_url())
    add_finding(page, unit_name="姑苏区文化馆", description="无障碍通道被占用")
    add_finding(page, unit_name="市财政局", description="免费开放资金拨付滞后")
    first, second = Finding.objects.order_by("number")

    # The rectification notice opens as a Word document.
    page.goto(live_server.url + first.get_absolute_url())
    with page.expect_download() as download:
        page.get_by_role("link", name="整改通知书（Word）").click()
    document = docx.Document(io.BytesIO(download.value.path().read_bytes()))
    assert "整改通知书" in "\n".join(p.text for p in document.paragraphs)

    sign_out(page)
    login(page, live_server, "venue")
    page.goto(url(live_server, "supervision:my_findings"))
    assert "无障碍通道被占用" in page.locator("main").inner_text()
    rectify(page, live_server, first, evidence, "已清理通道")

    sign_out(page)
    login(page, live_server, "member")
    rectify(page, live_server, second, evidence, "资金已全部拨付")

    sign_out(page)
    login(page, live_server, "inspector")
    page.goto(live_server.url + first.get_absolute_url())
    page.get_by_label("意见（退回时必填）").fill("未建立巡查制度")
    page.get_by_role("button", name="退回", exact=True).click()
    assert "整改情况已退回责任单位" in page.locator(".alert-success").inner_text()
    page.goto(live_server.url + second.get_absolute_url())
    page.get_by_role("button", name="核查通过").click()
    assert "整改核查通过" in page.locator(".alert-success").inner_text()

    sign_out(page)
    login(page, live_server, "venue")
    rectify(page, live_server, first, evidence, "已清理通道并建立每日巡查制度")

    sign_out(page)
    login(page, live_server, "inspector")
    page.goto(live_server.url + first.get_absolute_url())
    page.get_by_role("button", name="核查通过").click()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("verified", "verified")
    timeline = page.locator("section[aria-labelledby=timeline-heading]").inner_text()
    for step in ("登记了督查问题", "提交了整改情况", "退回了整改情况", "核查通过整改"):
        assert step in timeline
    screenshot(page, "supervision-finding-verified")

    sign_out(page)
    login(page, live_server, "outsider")
    assert page.goto(live_server.url + first.get_absolute_url()).status == 404
