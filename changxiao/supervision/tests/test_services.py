"""Inspections, findings and rectification through the services: who may do what, and what bad input gets."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from changxiao.core.deadlines import add_workdays
from changxiao.core.models import Attachment, TimelineEvent
from changxiao.orgs.choices import Role
from changxiao.orgs.models import Membership
from changxiao.supervision import services
from changxiao.supervision.models import Finding, Rectification
from changxiao.supervision.tests.factories import FindingFactory, InspectionFactory

TODAY = date(2026, 11, 20)  # a Friday
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr("changxiao.supervision.services.local_today", lambda: TODAY)


def photo(name="整改后.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture
def inspection(world):
    return InspectionFactory(
        by=world.inspector,
        title="免费开放常态督查",
        date=date(2026, 11, 18),
        scope_units=[world.venue_unit, world.member_unit],
    )


def test_two_findings_rectified_one_returned_then_both_verified(world, inspection):
    first = FindingFactory(inspection=inspection, lead_unit=world.venue_unit, due_workdays=10)
    second = FindingFactory(inspection=inspection, lead_unit=world.member_unit, description="经费未按时拨付")
    assert (first.number, second.number) == (1, 2)
    assert first.due_date == add_workdays(TODAY, 10)
    assert world.venue.notifications.filter(title__contains="免费开放常态督查").exists()

    services.finding_acknowledge(finding=first, by=world.venue)
    r1 = services.rectification_submit(
        finding=first, by=world.venue, measures="已设置公示牌", evidence=[photo()]
    )
    r2 = services.rectification_submit(finding=second, by=world.member, measures="已拨付", evidence=[photo()])
    assert Attachment.objects.for_object(r1).count() == 1
    services.rectification_return(rectification=r1, by=world.inspector, comment="照片不清晰")
    first.refresh_from_db()
    assert first.state == "rectifying" and first.submitted_late is False
    r1b = services.rectification_submit(
        finding=first, by=world.venue, measures="补充清晰照片", evidence=[photo()]
    )
    services.rectification_accept(rectification=r1b, by=world.inspector, reinspected=True)
    services.rectification_accept(rectification=r2, by=world.office)
    for finding in (first, second):
        finding.refresh_from_db()
        assert (finding.state, finding.rectified_on, finding.rectified_on_time) == ("verified", TODAY, True)
    verbs = list(TimelineEvent.objects.for_object(first).order_by("pk").values_list("verb", flat=True))
    assert verbs == [
        "finding_added",
        "finding_acknowledged",
        "rectification_submitted",
        "rectification_returned",
        "rectification_submitted",
        "rectification_accepted",
    ]


def test_a_deadline_in_the_past_is_refused(world, inspection):
    for due in (TODAY, date(2026, 1, 1)):
        with pytest.raises(ValidationError, match="不在今天之后"):
            FindingFactory(inspection=inspection, lead_unit=world.venue_unit, due_date=due)
    with pytest.raises(ValidationError):
        FindingFactory(inspection=inspection, lead_unit=world.venue_unit, due_workdays=0)
    assert not Finding.objects.exists()


def test_the_rectifying_unit_never_verifies_its_own_rectification(world, inspection):
    finding = FindingFactory(inspection=inspection, lead_unit=world.venue_unit)
    rectification = services.rectification_submit(
        finding=finding, by=world.venue, measures="已整改", evidence=[photo()]
    )
    with pytest.raises(PermissionDenied):
        services.rectification_accept(rectification=rectification, by=world.venue)
    # Even an inspector who also belongs to the responsible unit may not.
    Membership.objects.create(user=world.inspector, unit=world.venue_unit, role=Role.VENUE)
    from changxiao.orgs.scope import clear_scope

    clear_scope(world.inspector)
    with pytest.raises(PermissionDenied):
        services.rectification_accept(rectification=rectification, by=world.inspector)
    finding.refresh_from_db()
    assert finding.state == "submitted"


def test_nothing_is_submitted_for_a_closed_finding(world, inspection):
    finding = FindingFactory(inspection=inspection, lead_unit=world.venue_unit)
    with pytest.raises(ValidationError):
        services.finding_close(finding=finding, by=world.office, outcome="duplicate", reason="  ")
    services.finding_close(finding=finding, by=world.office, outcome="duplicate", reason="与第3号问题重复")
    with pytest.raises(ValidationError, match="已关闭"):
        services.rectification_submit(finding=finding, by=world.venue, measures="已整改", evidence=[photo()])
    assert not Rectification.objects.exists()


def test_evidence_of_a_disallowed_type_stores_nothing(world, inspection):
    finding = FindingFactory(inspection=inspection, lead_unit=world.venue_unit)
    bad = SimpleUploadedFile("整改.exe", b"MZ\x90\x00")
    with pytest.raises(ValidationError):
        services.rectification_submit(
            finding=finding, by=world.venue, measures="已整改", evidence=[photo(), bad]
        )
    finding.refresh_from_db()
    assert finding.state == "open"
    assert not Rectification.objects.exists() and not Attachment.objects.exists()


def test_another_unit_cannot_touch_the_finding(world, inspection):
    finding = FindingFactory(inspection=inspection, lead_unit=world.venue_unit)
    assert not Finding.objects.visible_to(world.outsider).exists()
    assert not Finding.objects.visible_to(world.member).exists()
    with pytest.raises(PermissionDenied):
        services.rectification_submit(finding=finding, by=world.member, measures="越权", evidence=[photo()])


def test_a_late_submission_is_stored_as_late(world, inspection, monkeypatch):
    finding = FindingFactory(inspection=inspection, lead_unit=world.venue_unit, due_workdays=1)
    monkeypatch.setattr("changxiao.supervision.services.local_today", lambda: date(2026, 12, 1))
    rectification = services.rectification_submit(
        finding=finding, by=world.venue, measures="已整改", evidence=[photo()]
    )
    services.rectification_accept(rectification=rectification, by=world.inspector)
    finding.refresh_from_db()
    assert (finding.submitted_late, finding.rectified_on_time) == (True, False)


def test_only_inspectors_and_offices_start_inspections(world):
    with pytest.raises(PermissionDenied):
        services.inspection_create(by=world.venue, region=world.city, kind="routine", title="x", date=TODAY)
    with pytest.raises(ValidationError):
        services.inspection_create(
            by=world.inspector, region=world.city, kind="routine", title="未来", date=date(2027, 1, 1)
        )


def test_a_reassigned_finding_opens_one_for_the_right_unit(world, inspection):
    finding = FindingFactory(inspection=inspection, lead_unit=world.venue_unit)
    with pytest.raises(ValidationError):
        services.finding_close(
            finding=finding,
            by=world.office,
            outcome="duplicate",
            reason="重复",
            reassign_to=world.station_unit,
        )
    services.finding_close(
        finding=finding,
        by=world.office,
        outcome="reassigned",
        reason="该设施由街道文化站管理",
        reassign_to=world.station_unit,
    )
    finding.refresh_from_db()
    successor = finding.reassigned_to.get()
    assert finding.state == "reassigned"
    assert (successor.lead_unit, successor.description, successor.due_date) == (
        world.station_unit,
        finding.description,
        finding.due_date,
    )
    assert successor.state == "open" and successor.number == 2
