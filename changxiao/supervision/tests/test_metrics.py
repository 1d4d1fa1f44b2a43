"""Figures supervision publishes: rectification on-time rate, findings overdue, accountability actions."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.core.metrics import get_metric
from changxiao.supervision import services
from changxiao.supervision.metrics import ACCOUNTABILITY_ACTIONS, FINDINGS_OVERDUE, RECTIFIED_ON_TIME
from changxiao.supervision.tests.factories import FindingFactory, InspectionFactory

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def findings(world, monkeypatch):
    today = {"value": date(2026, 3, 2)}
    for module in ("services", "metrics"):
        monkeypatch.setattr(f"changxiao.supervision.{module}.local_today", lambda: today["value"])
    inspection = InspectionFactory(by=world.inspector, date=date(2026, 3, 2))

    def add(unit, due):
        return FindingFactory(inspection=inspection, lead_unit=unit, due_date=due)

    on_time, late, open_overdue, not_due, duplicate = (
        add(world.venue_unit, date(2026, 3, 10)),
        add(world.venue_unit, date(2026, 3, 10)),
        add(world.venue_unit, date(2026, 3, 10)),
        add(world.venue_unit, date(2026, 12, 31)),
        add(world.venue_unit, date(2026, 3, 10)),
    )
    member = add(world.member_unit, date(2026, 3, 10))

    def rectify(finding, day):
        today["value"] = day
        r = services.rectification_submit(
            finding=finding,
            by=world.venue if finding.lead_unit == world.venue_unit else world.member,
            measures="已整改",
            evidence=[SimpleUploadedFile("x.pdf", PDF)],
        )
        services.rectification_accept(rectification=r, by=world.inspector)

    rectify(on_time, date(2026, 3, 9))
    rectify(member, date(2026, 3, 9))
    rectify(late, date(2026, 3, 20))
    services.finding_close(finding=duplicate, by=world.office, outcome="duplicate", reason="重复")
    today["value"] = date(2026, 4, 1)
    return {"on_time": on_time, "late": late, "open_overdue": open_overdue, "not_due": not_due}


def test_rectification_on_time_rate(world, findings):
    metric = get_metric(RECTIFIED_ON_TIME)
    venue = metric.value_for(world.venue_unit, 2026)
    # Counted: on time, late, open overdue; not the one not yet due nor the duplicate.
    assert (venue.numerator, venue.denominator, venue.value) == (1, 3, Decimal("33.3"))
    city = metric.value_for(world.city, 2026)
    assert (city.numerator, city.denominator) == (2, 4)
    assert metric.value_for(world.city, 2025).value is None


def _interview(world, day, finding):
    """The office's accountability action of the day: an interview of the venue over the finding."""
    return services.accountability_record(
        by=world.office,
        region=world.city,
        unit=world.venue_unit,
        ground="poor_execution",
        ground_detail="逾期",
        measure="interview",
        decided_by="办公室",
        decided_on=day,
        findings=[finding],
    )


def test_findings_overdue_and_accountability(world, findings):
    assert get_metric(FINDINGS_OVERDUE).value_for(world.venue_unit, 2026).value == 2
    _interview(world, date(2026, 3, 25), findings["open_overdue"])
    assert get_metric(ACCOUNTABILITY_ACTIONS).value_for(world.gusu, 2026).value == 1
    assert get_metric(ACCOUNTABILITY_ACTIONS).value_for(world.member_unit, 2026).value == 0


def test_records_pages_list_the_counted_rows(world, login, findings):
    office = login(world.office)
    value = get_metric(RECTIFIED_ON_TIME).value_for(world.venue_unit, 2026)
    response = office.get(value.records_url)
    assert {f.pk for f in response.context["page"]} == {
        findings["on_time"].pk,
        findings["late"].pk,
        findings["open_overdue"].pk,
    }
    assert response.context["on_time_ids"] == {findings["on_time"].pk}
    value = get_metric(FINDINGS_OVERDUE).value_for(world.venue_unit, 2026)
    assert len(office.get(value.records_url).context["page"]) == 2
    page = office.get(reverse("cockpit:metrics"), {"subject": f"unit-{world.venue_unit.pk}", "year": 2026})
    assert RECTIFIED_ON_TIME in [m.code for m, _v in page.context["rows"]]
    assert login(world.outsider).get(value.records_url).status_code == 404


def test_records_pages_go_on_page_by_page_with_their_subject_and_year(world, login, findings, monkeypatch):
    """Each page of records links to the next of the same figure (the subject and year kept), accountability actions
    included (they were cut at the first hundred, without pages)."""
    monkeypatch.setattr("changxiao.supervision.views_statistics.RECORDS_PAGE_SIZE", 1)
    _interview(world, date(2026, 3, 25), findings["open_overdue"])
    _interview(world, date(2026, 3, 26), findings["late"])
    office = login(world.office)
    url = get_metric(ACCOUNTABILITY_ACTIONS).value_for(world.gusu, 2026).records_url
    first = office.get(url)
    assert [r.decided_on for r in first.context["page"]] == [date(2026, 3, 26)]
    assert f"region={world.gusu.pk}&amp;year=2026&amp;page=2" in first.content.decode()
    second = office.get(f"{url}&page=2")
    assert [r.decided_on for r in second.context["page"]] == [date(2026, 3, 25)]
    url = get_metric(RECTIFIED_ON_TIME).value_for(world.venue_unit, 2026).records_url
    pages = [office.get(f"{url}&page={n}").context for n in (1, 2, 3)]
    assert [[f.pk for f in page["page"]] for page in pages] == [
        [findings["on_time"].pk],
        [findings["late"].pk],
        [findings["open_overdue"].pk],
    ]
    assert [page["on_time_ids"] for page in pages] == [{findings["on_time"].pk}, set(), set()]


def test_the_accountability_records_read_a_fixed_number_of_queries(world, login, findings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _interview(world, date(2026, 3, 25), findings["open_overdue"])
    office = login(world.office)
    url = get_metric(ACCOUNTABILITY_ACTIONS).value_for(world.gusu, 2026).records_url
    office.get(url)
    with CaptureQueriesContext(connection) as one:
        office.get(url)
    _interview(world, date(2026, 3, 26), findings["late"])
    with CaptureQueriesContext(connection) as two:
        assert len(office.get(url).context["page"]) == 2
    assert len(two) == len(one)
    assert login(world.outsider).get(url).status_code == 404
