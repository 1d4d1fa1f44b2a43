"""Records that can be corrected: an inspection's details edited with the changes on its timeline, an inspection
recorded by mistake cancelled with a reason (its open findings with it), an accountability record corrected or
cancelled, duplicates caught before they are saved; cancelled records leave every count and figure."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.extensions import extension_request
from changxiao.core.metrics import get_metric
from changxiao.core.models import Attachment, TimelineEvent
from changxiao.supervision import services
from changxiao.supervision.metrics import ACCOUNTABILITY_ACTIONS, FINDINGS_OVERDUE
from changxiao.supervision.models import Accountability
from changxiao.supervision.tests.factories import FindingFactory, InspectionFactory

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)


def events(obj):
    return list(TimelineEvent.objects.for_object(obj).order_by("pk"))


@pytest.fixture
def inspection(world):
    return InspectionFactory(
        by=world.inspector, title="免费开放常态督查", date=local_today() - timedelta(days=3)
    )


def edit_data(world, **extra):
    return {
        "region": world.city.pk,
        "kind": "special",
        "title": "免费开放专项督查",
        "date": (local_today() - timedelta(days=2)).isoformat(),
        "observers": "",
        "checklist": "",
        "notes": "",
    } | extra


# --- Inspections ------------------------------------------------------------------------------------------------


def test_an_inspection_is_edited_with_the_changes_on_its_timeline(world, login, inspection):
    FindingFactory(inspection=inspection, lead_unit=world.venue_unit)
    url = reverse("supervision:inspection_edit", args=[inspection.pk])
    for person in (world.office, world.inspector):
        assert login(person).get(url).status_code == 200
    inspector = login(world.inspector)
    # Bad input comes back with everything typed, and changes nothing.
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    response = inspector.post(url, edit_data(world, date=tomorrow, notes="现场检查记录"))
    page = response.content.decode()
    assert response.status_code == 200 and "免费开放专项督查" in page and "现场检查记录" in page
    inspection.refresh_from_db()
    assert inspection.title == "免费开放常态督查"
    response = inspector.post(url, edit_data(world))
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert (inspection.title, inspection.kind) == ("免费开放专项督查", "special")
    comment = events(inspection)[-1].comment
    assert "免费开放常态督查 → 免费开放专项督查" in comment and "常态督查 → 专项督查" in comment
    # Sent again unchanged, as a browser sends a textarea (CRLF): no phantom change on the timeline.
    services.inspection_update(
        inspection=inspection,
        by=world.inspector,
        region=world.city,
        kind="special",
        title="免费开放专项督查",
        date=inspection.date,
        team=list(inspection.team.all()),
        checklist="开放时间公示\n无障碍设施",
    )
    before = len(events(inspection))
    assert inspector.post(url, edit_data(world, checklist="开放时间公示\r\n无障碍设施")).status_code == 302
    assert len(events(inspection)) == before
    # The unit the finding is against reads the inspection but does not edit it; others do not see it.
    assert login(world.venue).get(url).status_code == 403
    assert login(world.venue).post(url, edit_data(world, title="改")).status_code == 403
    assert login(world.outsider).post(url, edit_data(world, title="改")).status_code == 404
    inspection.refresh_from_db()
    assert inspection.title == "免费开放专项督查"


def test_cancelling_an_inspection_closes_its_open_findings_and_leaves_every_count(
    world, login, inspection, client
):
    open_finding = FindingFactory(inspection=inspection, lead_unit=world.venue_unit)
    earlier = FindingFactory(inspection=inspection, lead_unit=world.venue_unit, description="重复登记")
    services.finding_close(finding=earlier, by=world.office, outcome="duplicate", reason="重复")
    office = login(world.office)
    url = reverse("supervision:inspection_cancel", args=[inspection.pk])
    # A reason is required; the confirmation page then says what happens to the findings.
    assert "请填写理由" in office.post(url, {"reason": ""}).content.decode()
    page = office.post(url, {"reason": "重复录入"}).content.decode()
    assert "姑苏区文化馆" in page and 'name="confirmed" value="1"' in page
    inspection.refresh_from_db()
    assert not inspection.is_cancelled
    assert office.post(url, {"reason": "重复录入", "confirmed": "1"}).status_code == 302
    inspection.refresh_from_db()
    open_finding.refresh_from_db()
    earlier.refresh_from_db()
    assert inspection.is_cancelled and inspection.cancel_reason == "重复录入"
    assert (open_finding.state, open_finding.closing_reason) == ("cancelled", "重复录入")
    assert earlier.state == "duplicate"
    assert any(e.verb == "cancelled" for e in events(inspection))
    assert world.venue.notifications.filter(title__contains="作废").exists()
    # Still on record, shown as cancelled; out of every list, count and figure.
    page = office.get(inspection.get_absolute_url()).content.decode()
    assert "重复录入" in page and reverse("supervision:finding_add", args=[inspection.pk]) not in page
    listing = office.get(reverse("supervision:inspection_list"))
    assert inspection not in listing.context["page"].object_list
    cancelled = office.get(reverse("supervision:inspection_list"), {"show": "cancelled"})
    assert inspection in cancelled.context["page"].object_list
    board = office.get(reverse("supervision:finding_list"))
    assert board.context["counts"]["open"] == 0 and not board.context["page"].object_list
    stats = office.get(reverse("supervision:statistics"), {"year": local_today().year})
    assert stats.context["overall"].found == 0
    assert get_metric(FINDINGS_OVERDUE).value_for(world.venue_unit, local_today().year).value == 0
    todos = login(world.venue).get(reverse("cockpit:workbench")).context["todos"]
    assert not any(t.url == open_finding.get_absolute_url() for t in todos)
    bulletin = services.bulletin_generate(
        by=world.office, region=world.city, period_start=inspection.date, period_end=local_today()
    )
    assert bulletin.figures == [] and not bulletin.findings.exists()
    # Nothing more is recorded on it.
    with pytest.raises(ValidationError):
        FindingFactory(inspection=inspection, lead_unit=world.venue_unit)
    # A cancelled inspection offers no step to anyone.
    with pytest.raises(PermissionDenied):
        services.inspection_cancel(inspection=inspection, by=world.office, reason="再次", confirmed=True)


def test_an_inspection_with_rectification_on_record_is_not_cancelled(world, login, inspection):
    finding = FindingFactory(inspection=inspection, lead_unit=world.venue_unit)
    services.rectification_submit(
        finding=finding, by=world.venue, measures="已整改", evidence=[SimpleUploadedFile("a.pdf", PDF)]
    )
    office = login(world.office)
    url = reverse("supervision:inspection_cancel", args=[inspection.pk])
    page = office.post(url, {"reason": "误录", "confirmed": "1"}).content.decode()
    assert "等待核查" in page
    inspection.refresh_from_db()
    finding.refresh_from_db()
    assert not inspection.is_cancelled and finding.state == "submitted"


def test_the_team_cancels_its_own_inspection_only_before_any_finding(world, login, inspection):
    url = reverse("supervision:inspection_cancel", args=[inspection.pk])
    inspector = login(world.inspector)
    assert url in inspector.get(inspection.get_absolute_url()).content.decode()
    FindingFactory(inspection=inspection, lead_unit=world.venue_unit)
    assert url not in inspector.get(inspection.get_absolute_url()).content.decode()
    assert inspector.post(url, {"reason": "误录", "confirmed": "1"}).status_code == 403
    other = InspectionFactory(by=world.inspector, title="误录")
    url = reverse("supervision:inspection_cancel", args=[other.pk])
    assert inspector.post(url, {"reason": "误录", "confirmed": "1"}).status_code == 302
    other.refresh_from_db()
    assert other.is_cancelled


# --- Accountability ---------------------------------------------------------------------------------------------


def record_data(world, finding, **extra):
    return {
        "region": world.city.pk,
        "unit": world.venue_unit.pk,
        "person_name": "赵某",
        "person_post": "副馆长",
        "ground": "poor_execution",
        "ground_detail": "督办后仍未落实整改",
        "findings": [finding.pk],
        "measure": "interview",
        "decided_by": "领导小组办公室",
        "decided_on": local_today().isoformat(),
    } | extra


@pytest.fixture
def record(world, inspection):
    finding = FindingFactory(inspection=inspection, lead_unit=world.venue_unit)
    return services.accountability_record(
        by=world.office,
        region=world.city,
        unit=world.venue_unit,
        person_name="赵某",
        person_post="副馆长",
        ground="poor_execution",
        ground_detail="督办后仍未落实整改",
        measure="interview",
        decided_by="领导小组办公室",
        decided_on=local_today(),
        findings=[finding],
    )


def test_the_office_corrects_an_accountability_record_with_a_reason(world, login, record):
    url = reverse("supervision:accountability_correct", args=[record.pk])
    office = login(world.office)
    form = office.get(url).context["form"]
    assert form.initial["person_name"] == "赵某"
    finding = record.findings.get()
    data = record_data(world, finding, person_post="馆长", measure="criticism")
    del data["region"]
    response = office.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and "请填写理由" in page and "馆长" in page
    record.refresh_from_db()
    assert record.measure == "interview"
    assert office.post(url, data | {"reason": "职务录入有误"}).status_code == 302
    record.refresh_from_db()
    assert (record.person_post, record.measure) == ("馆长", "criticism")
    comment = events(record)[-1].comment
    assert "副馆长 → 馆长" in comment and "职务录入有误" in comment
    assert world.venue.notifications.filter(title__contains="更正").exists()
    # The unit concerned reads it but corrects nothing; nobody else sees it.
    assert login(world.venue).post(url, data | {"reason": "x"}).status_code == 403
    assert login(world.district).post(url, data | {"reason": "x"}).status_code == 404


def test_a_cancelled_accountability_record_leaves_the_list_and_the_figure(world, login, record):
    year = local_today().year
    metric = get_metric(ACCOUNTABILITY_ACTIONS)
    assert metric.value_for(world.venue_unit, year).value == 1
    office = login(world.office)
    url = reverse("supervision:accountability_cancel", args=[record.pk])
    assert "请填写理由" in office.post(url, {"reason": " "}).content.decode()
    page = office.post(url, {"reason": "重复录入"}).content.decode()
    assert 'name="confirmed" value="1"' in page
    assert office.post(url, {"reason": "重复录入", "confirmed": "1"}).status_code == 302
    record.refresh_from_db()
    assert record.is_cancelled and record.cancelled_by == world.office
    assert metric.value_for(world.venue_unit, year).value == 0
    assert not office.get(reverse("supervision:accountability_list")).context["page"].object_list
    listed = office.get(reverse("supervision:accountability_list"), {"show": "cancelled"})
    assert [r.pk for r in listed.context["page"]] == [record.pk]
    page = login(world.venue).get(record.get_absolute_url()).content.decode()
    assert "重复录入" in page
    finding = record.findings.get()
    assert any(e.verb == "accountability_cancelled" for e in events(finding))


def test_a_duplicate_accountability_record_is_caught_before_it_is_saved(world, login, record):
    finding = record.findings.get()
    office = login(world.office)
    url = reverse("supervision:accountability_create")
    # The same decision again: refused, the standing record shown.
    response = office.post(url, record_data(world, finding))
    page = response.content.decode()
    assert response.status_code == 200 and record.get_absolute_url() in page and "已经登记" in page
    assert Accountability.objects.count() == 1
    # Another person of the same unit, same ground and day, same finding: possibly a duplicate; saved only when the
    # office confirms it is a separate decision.
    data = record_data(world, finding, person_name="钱某", person_post="馆员")
    page = office.post(url, data).content.decode()
    assert record.get_absolute_url() in page and "钱某" in page and 'name="confirmed"' in page
    assert Accountability.objects.count() == 1
    assert office.post(url, data | {"confirmed": "1"}).status_code == 302
    assert Accountability.objects.count() == 2
    # The service refuses the same without the confirmation, whoever calls it.
    with pytest.raises(ValidationError):
        services.accountability_record(
            by=world.office,
            region=world.city,
            unit=world.venue_unit,
            ground="perfunctory",
            ground_detail="另案",
            measure="reminder_talk",
            decided_by="办公室",
            decided_on=local_today() - timedelta(days=1),
            findings=[finding],
        )
    # A cancelled record is no longer a duplicate of anything: the same decision as the cancelled one is now only
    # similar to the second record (same unit, ground, day and finding), saved once confirmed.
    services.accountability_cancel(record=record, by=world.office, reason="误录", confirmed=True)
    assert office.post(url, record_data(world, finding) | {"confirmed": "1"}).status_code == 302
    assert Accountability.objects.current().count() == 2


# --- Evidence ---------------------------------------------------------------------------------------------------


def test_each_submission_keeps_its_own_evidence(world, login, inspection):
    finding = FindingFactory(inspection=inspection, lead_unit=world.venue_unit)
    venue = login(world.venue)
    submit = reverse("supervision:rectification_submit", args=[finding.pk])
    venue.post(submit, {"measures": "第一次", "evidence": [SimpleUploadedFile("第一次.png", PNG)]})
    first = finding.rectifications.get()
    login(world.inspector).post(
        reverse("supervision:rectification_review", args=[first.pk]),
        {"decision": "return", "comment": "不清晰"},
    )
    venue = login(world.venue)
    venue.post(submit, {"measures": "第二次", "evidence": [SimpleUploadedFile("第二次.pdf", PDF)]})
    second = finding.rectifications.exclude(pk=first.pk).get()
    login(world.inspector).post(
        reverse("supervision:rectification_review", args=[second.pk]), {"decision": "accept"}
    )
    assert [a.original_name for a in Attachment.objects.for_object(first)] == ["第一次.png"]
    assert [a.original_name for a in Attachment.objects.for_object(second)] == ["第二次.pdf"]
    shown = login(world.office).get(finding.get_absolute_url()).context["rectifications"]
    assert {r.measures: [a.original_name for a in r.evidence] for r in shown} == {
        "第一次": ["第一次.png"],
        "第二次": ["第二次.pdf"],
    }
    finding.refresh_from_db()
    assert finding.state == "verified"


def test_closing_a_finding_answers_its_pending_extension_request(world, login, inspection):
    finding = FindingFactory(inspection=inspection, lead_unit=world.venue_unit)
    extension = extension_request(
        workflow=services.FINDING_EXTENSIONS,
        target=finding,
        by=world.venue,
        requested_due_date=finding.due_date + timedelta(days=20),
        reason="采购",
    )
    services.finding_close(finding=finding, by=world.office, outcome="duplicate", reason="与第2号重复")
    extension.refresh_from_db()
    assert extension.state == "refused" and "与第2号重复" in extension.decision_comment
    todos = login(world.office).get(reverse("cockpit:workbench")).context["todos"]
    assert not any(t.url == finding.get_absolute_url() for t in todos)
