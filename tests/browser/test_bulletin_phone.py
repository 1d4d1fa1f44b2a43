"""A public supervision bulletin read on a phone: the table of rectification by unit stacks, one unit a block with
each figure named, instead of seven columns squeezed or scrolled out of sight."""

from datetime import date

from changxiao.supervision import services
from changxiao.supervision.escalation import run_ladder
from changxiao.supervision.tests.factories import FindingFactory

from .conftest import screenshot, url


def test_the_bulletin_table_stacks_on_a_phone(phone_page, live_server, browser_world, monkeypatch):
    w = browser_world
    monkeypatch.setattr("changxiao.supervision.services.local_today", lambda: date(2026, 10, 9))
    FindingFactory(
        by=w.inspector,
        inspection__date=date(2026, 10, 9),
        lead_unit=w.venue_unit,
        requirement="修复空调",
        due_date=date(2026, 10, 16),
    )
    run_ladder(date(2026, 10, 26))
    monkeypatch.undo()
    bulletin = services.bulletin_generate(
        by=w.office, region=w.city, period_start=date(2026, 10, 1), period_end=date(2026, 10, 31)
    )
    services.bulletin_update(
        bulletin=bulletin,
        by=w.office,
        title=bulletin.title,
        number=bulletin.number,
        body=bulletin.body,
        is_public=True,
    )
    services.bulletin_issue(bulletin=bulletin, by=w.office, confirmed=True)

    page = phone_page
    assert page.goto(url(live_server, "public:public_bulletin_detail", bulletin.pk)).status == 200
    screenshot(page, "bulletin-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    table = page.locator("table.table-stack")
    box = table.bounding_box()
    assert box is not None and box["width"] <= 390
    # Each figure of the unit's block says what it is, beside its number.
    row = table.locator("tbody tr").filter(has_text=w.venue_unit.name)
    overdue = row.locator("td[data-label='已逾期']")
    label = overdue.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert label == '"已逾期"'
    assert overdue.bounding_box()["width"] > 200  # a line of the block, not a squeezed column
