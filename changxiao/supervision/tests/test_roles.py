"""Roles that hold: a read-only leader is offered no write form and has no write accepted, by the pages or the
services; a unit never verifies or closes a finding against itself."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.supervision import services
from changxiao.supervision.tests.factories import FindingFactory

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def office_finding(world):
    """A finding against the office's own unit (the leader belongs to it, without acting for it)."""
    return FindingFactory(
        by=world.inspector, lead_unit=world.office_unit, description="办公室台账不全", requirement="补齐台账"
    )


def write_forms(page: str) -> list[str]:
    """The POST forms of a page but the language switch and signing out, which every page has."""
    forms = re.findall(r'<form[^>]*method="post"[^>]*>', page)
    return [f for f in forms if "/i18n/" not in f and "logout" not in f]


def test_a_unit_never_verifies_or_closes_a_finding_against_itself(world, login, office_finding):
    office = login(world.office)
    office.post(
        reverse("supervision:rectification_submit", args=[office_finding.pk]),
        {"measures": "已补齐", "evidence": [SimpleUploadedFile("台账.pdf", PDF)]},
    )
    rectification = office_finding.rectifications.get()
    page = office.get(office_finding.get_absolute_url()).content.decode()
    assert reverse("supervision:rectification_review", args=[rectification.pk]) not in page
    assert reverse("supervision:finding_close", args=[office_finding.pk]) not in page
    review = reverse("supervision:rectification_review", args=[rectification.pk])
    assert office.post(review, {"decision": "accept"}).status_code == 403
    close = reverse("supervision:finding_close", args=[office_finding.pk])
    assert office.post(close, {"outcome": "duplicate", "reason": "重复"}).status_code == 403
    office_finding.refresh_from_db()
    assert office_finding.state == "submitted"
    # The inspector, who is not of the unit, verifies it.
    assert login(world.inspector).post(review, {"decision": "accept"}).status_code == 302
    office_finding.refresh_from_db()
    assert office_finding.state == "verified"


def test_the_leader_is_offered_no_form_and_no_write_is_accepted(world, login, office_finding):
    bulletin = services.bulletin_generate(
        by=world.office,
        region=world.city,
        period_start=local_today() - timedelta(days=30),
        period_end=local_today(),
    )
    services.bulletin_issue(bulletin=bulletin, by=world.office, confirmed=True)
    leader = login(world.leader)
    for url in (
        reverse("supervision:inspection_list"),
        office_finding.inspection.get_absolute_url(),
        office_finding.get_absolute_url(),
        reverse("supervision:finding_list"),
        reverse("supervision:my_findings"),
        bulletin.get_absolute_url(),
        reverse("supervision:bulletin_list"),
        reverse("supervision:statistics"),
    ):
        response = leader.get(url)
        assert response.status_code == 200, url
        assert not write_forms(response.content.decode()), url
    todos = leader.get(reverse("cockpit:workbench")).context["todos"]
    assert not any(t.url == office_finding.get_absolute_url() for t in todos)
    # Posts are refused, and the services refuse the leader whoever calls them.
    assert (
        leader.post(reverse("supervision:finding_acknowledge", args=[office_finding.pk])).status_code == 403
    )
    for step in (
        lambda: services.finding_acknowledge(finding=office_finding, by=world.leader),
        lambda: services.rectification_submit(
            finding=office_finding, by=world.leader, measures="x", evidence=[SimpleUploadedFile("a.pdf", PDF)]
        ),
        lambda: services.inspection_create(
            by=world.leader, region=world.city, kind="routine", title="督查", date=local_today()
        ),
        lambda: services.bulletin_publish(bulletin=bulletin, by=world.leader, confirmed=True),
        lambda: services.accountability_record(
            by=world.leader,
            region=world.city,
            unit=world.venue_unit,
            ground="other",
            ground_detail="x",
            measure="other",
            decided_by="x",
            decided_on=local_today(),
        ),
        lambda: services.inspection_cancel(
            inspection=office_finding.inspection, by=world.leader, reason="x", confirmed=True
        ),
    ):
        with pytest.raises(PermissionDenied):
            step()
    office_finding.refresh_from_db()
    assert office_finding.state == "open"
