"""Funding in a real browser (issue 22): the city finance bureau enters 姑苏区's final accounts of 2024; the seed's
growth rule turns red with its numbers (+6.1% against +7.4%, 1.3 points short) and a supervision finding opens for
姑苏区人民政府 by itself; the bureau corrects the figure by a revision with its reason and the rule turns green; the
government submits the revision as the evidence of its rectification and the office verifies it, closing the finding,
whose outcome the funding page shows. The funding pages pass the axe check."""

from decimal import Decimal

from changxiao.core.documents import render_docx
from changxiao.funding.documents import funding_section
from changxiao.funding.models import FiscalRecord, RuleCheck
from changxiao.funding.tests.factories import RecordFactory, RuleFactory, setup_city
from changxiao.supervision.models import Finding

from .conftest import force_login, login, screenshot, url
from .test_accessibility import accessibility_problems
from .test_targets_flow import sign_out


def _city(w):
    setup_city(w)
    w.rule = RuleFactory(owner=w.city, by=w.office, code="seed-growth")
    RecordFactory(
        region=w.gusu,
        by=w.member,
        year=2023,
        regular_revenue=Decimal("1000000000"),
        culture_spending=Decimal("100000000"),
    )
    return w


def _fill_figures(page, culture: str, reason: str = "") -> None:
    page.fill("#id_year", "2024")
    page.fill("#id_regular_revenue", "1074000000")
    page.fill("#id_general_expenditure", "1200000000")
    page.fill("#id_culture_spending", culture)
    page.fill("#id_population", "900000")
    page.fill("#id_population_source", "姑苏区2024年国民经济和社会发展统计公报")
    page.fill("#id_source_document", "姑苏区2024年财政决算")
    if reason:
        page.fill("#id_reason", reason)
    page.locator("main form button[type=submit]").click()


def test_actuals_turn_a_rule_red_open_a_finding_and_a_revision_closes_it(
    page, live_server, browser_world, tmp_path
):
    w = _city(browser_world)
    region_url = url(live_server, "funding:region", w.gusu.pk)

    login(page, live_server, "member")
    page.goto(region_url)
    page.get_by_role("link", name="录入决算").click()
    # Money with three decimals is refused in words, nothing saved.
    _fill_figures(page, "106100000.005")
    assert "两位小数" in page.locator("main").inner_text()
    assert not FiscalRecord.objects.filter(year=2024).exists()
    _fill_figures(page, "106100000")
    page.wait_for_url(region_url + "?year=2024")
    row = page.locator("tr[data-year='2024'][data-rule='seed-growth']")
    text = row.inner_text()
    assert "未达标" in text and "+6.1%" in text and "+7.4%" in text and "低1.3个百分点" in text
    check = RuleCheck.objects.get(region=w.gusu, year=2024)
    finding = Finding.objects.get(pk=check.finding_id)
    assert finding.lead_unit == w.government_unit
    assert row.locator(f"a[href='{finding.get_absolute_url()}']").inner_text() == f"督查问题 #{finding.pk}"
    screenshot(page, "funding-rule-red")

    # The correction: a revision with its reason; the older figures stay as version 1.
    page.get_by_role("link", name="修改").first.click()
    _fill_figures(page, "108000000", reason="决算调整：补录文化惠民工程专项资金1,900万元")
    page.wait_for_url(region_url + "?year=2024")
    text = page.locator("tr[data-year='2024'][data-rule='seed-growth']").inner_text()
    assert "达标" in text and "未达标" not in text and "+8.0%" in text
    revision = FiscalRecord.objects.current().get(region=w.gusu, year=2024)
    assert revision.version == 2
    screenshot(page, "funding-rule-green")
    sign_out(page)

    # The government submits the revision as its evidence; the office verifies and the finding closes.
    evidence = tmp_path / "姑苏区2024年经费保障情况（决算修订）.docx"
    evidence.write_bytes(render_docx("funding/funding_section.docx", funding_section(w.gusu, 2024)))
    login(page, live_server, "gusu_gov")
    page.goto(live_server.url + finding.get_absolute_url())
    page.fill(
        "#id_measures",
        f"2024年决算已修订（第{revision.version}版，{revision.reason}），文化支出增幅+8.0%，不低于经常性收入增幅+7.4%",
    )
    page.set_input_files("#id_evidence", str(evidence))
    page.get_by_role("button", name="提交核查").click()
    assert "整改情况已提交核查" in page.locator(".alert-success").inner_text()
    sign_out(page)

    login(page, live_server, "office")
    page.goto(live_server.url + finding.get_absolute_url())
    page.get_by_role("button", name="核查通过").click()
    finding.refresh_from_db()
    assert finding.state == "verified"
    check.refresh_from_db()
    assert check.finding_outcome == "rectified"
    page.goto(region_url)
    assert page.locator("tr[data-year='2024'][data-rule='seed-growth']").count() == 1
    page.goto(url(live_server, "funding:overview") + "?year=2024")
    assert "姑苏区" in page.locator("main").inner_text()
    screenshot(page, "funding-overview")


PAGES = {
    "funding-overview": lambda w: url_of("funding:overview") + "?year=2024",
    "funding-region": lambda w: url_of("funding:region", w.gusu.pk),
    "funding-figures": lambda w: url_of("funding:figures_enter", w.gusu.pk, "final"),
    "funding-record": lambda w: url_of(
        "funding:record", FiscalRecord.objects.filter(region=w.gusu).first().pk
    ),
    "funding-settings": lambda w: url_of("funding:settings"),
    "funding-resources": lambda w: url_of("funding:resources"),
    "funding-public": lambda w: url_of("public:funding_public"),
}


def url_of(name, *args):
    from django.urls import reverse

    return reverse(name, args=args)


def test_funding_pages_have_no_serious_accessibility_violations(page, live_server, browser_world):
    w = _city(browser_world)
    force_login(page, live_server, w.office)
    found = []
    for name, address in PAGES.items():
        found += accessibility_problems(page, name, live_server.url + address(w))
    assert not found, "\n".join(found)
