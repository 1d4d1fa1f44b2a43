"""An assessment round from self-report to publication: values checked by type, scores reviewed with reasons,
objections answered, results frozen when published, corrections only through a formal re-review."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.assessment import services, values
from changxiao.assessment.models import Submission
from changxiao.assessment.tests.factories import RoundFactory
from changxiao.core.models import Attachment, TimelineEvent
from changxiao.core.tests.generated import fetch_generated
from changxiao.surveys.models import Response
from conftest import make_survey_target

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def assessment_round(world):
    return RoundFactory(by=world.office, units=[world.district_unit, world.member_unit])


def submission(participant_unit, code, assessment_round):
    return Submission.objects.get(
        participant__assessment_round=assessment_round,
        participant__unit=participant_unit,
        indicator__code=code,
    )


def advance(assessment_round, office):
    """The office moves the round on, having seen and confirmed the step's check."""
    return services.round_advance(assessment_round=assessment_round, by=office, confirmed=True)


def submit(assessment_round, unit, person):
    participant = assessment_round.participants.get(unit=unit)
    return services.participant_submit(participant=participant, by=person, confirmed=True)


def fill_reported(world, assessment_round, unit, person, *, veto_ok=True, activities="30", submitted=True):
    values = {
        "3.1": veto_ok,
        "4.1": True,
        "4.2": True,
        "5.1": activities,
        "5.2": "4",
    }
    for code, value in values.items():
        services.submission_report(
            submission=submission(unit, code, assessment_round),
            by=person,
            value=value,
            evidence=[SimpleUploadedFile(f"{code}.pdf", PDF)],
        )
    if submitted:
        submit(assessment_round, unit, person)


def test_a_round_from_self_report_to_publication(world, assessment_round, monkeypatch):
    advance(assessment_round, world.office)
    assessment_round.refresh_from_db()
    assert assessment_round.phase == "self_report"
    metric = submission(world.district_unit, "1.1", assessment_round)
    assert metric.metric_url.startswith(
        "/targets/metrics/"
    )  # filled from the registry, linked to its records

    fill_reported(world, assessment_round, world.district_unit, world.district)
    fill_reported(world, assessment_round, world.member_unit, world.member, veto_ok=False, activities="8")
    reported = submission(world.district_unit, "5.1", assessment_round)
    assert (reported.value, reported.self_points) == (Decimal("30.000"), Decimal("10.00"))
    assert Attachment.objects.for_object(reported).count() == 1

    advance(assessment_round, world.office)  # → review
    with pytest.raises(ValidationError, match="自评分"):
        services.submission_score(submission=reported, by=world.office, points="8")
    with pytest.raises(PermissionDenied):  # the unit never reviews its own values
        services.submission_score(submission=reported, by=world.district, points="10")
    services.submission_score(submission=reported, by=world.office, points="8", comment="部分活动无佐证")
    with pytest.raises(ValidationError):
        services.submission_score(submission=reported, by=world.office, points="11", comment="超出满分")

    advance(assessment_round, world.office)  # verification skipped → publicity
    assessment_round.refresh_from_db()
    assert assessment_round.phase == "publicity"
    objection = services.objection_file(
        assessment_round=assessment_round,
        text="姑苏区的活动场次与实际不符",
        participant=assessment_round.participants.first(),
    )
    with pytest.raises(ValidationError, match="公示"):
        advance(assessment_round, world.office)
    monkeypatch.setattr("changxiao.assessment.services.local_today", lambda: date.today() + timedelta(days=8))
    with pytest.raises(ValidationError, match="异议"):
        advance(assessment_round, world.office)
    services.objection_answer(objection=objection, by=world.office, answer="经核实，已按佐证扣分")
    advance(assessment_round, world.office)  # → final
    advance(assessment_round, world.office)  # → published
    district, member = (
        assessment_round.participants.get(unit=u) for u in (world.district_unit, world.member_unit)
    )
    assert (district.final_rank, member.final_rank) == (1, 2)
    assert member.final_grade == "fail"  # the veto indicator failed
    assert district.final_total == sum(s.points for s in district.submissions.all())

    with pytest.raises(ValidationError, match="正式复审"):
        services.submission_score(submission=reported, by=world.office, points="9", comment="更正")
    services.round_reopen(assessment_round=assessment_round, by=world.office, reason="异议复核发现计分错误")
    assert TimelineEvent.objects.for_object(assessment_round).filter(verb="round_reopened").exists()


@pytest.mark.parametrize(
    "code, value, message",
    [
        ("5.1", "很多", "数字"),
        ("3.1", "也许", "是或否"),
        ("5.2", "9", "5"),
        ("5.1", "-1", "零"),
        (
            "5.1",
            "1e20",
            "数字",
        ),  # exponent notation: the value that broke a round (DECIMAL(14, 3) gave it back as 500)
        ("5.1", "1E+5", "数字"),
        ("5.1", "2.5", "整数"),  # a count of activities is whole
        ("5.1", "99999999999", "999,999,999"),
        ("5.1", "NaN", "数字"),
        ("5.1", "Infinity", "数字"),
        ("5.2", "4.555", "2位小数"),  # a rating is within the maximum, two decimals
    ],
)
def test_values_of_the_wrong_type_or_range_are_refused(world, assessment_round, code, value, message):
    advance(assessment_round, world.office)
    item = submission(world.district_unit, code, assessment_round)
    with pytest.raises(ValidationError, match=message):
        services.submission_report(submission=item, by=world.district, value=value)
    item.refresh_from_db()
    assert item.value is None


@pytest.mark.parametrize(
    "code, value, stored",
    [
        ("5.1", "1,200", Decimal(1200)),
        ("5.1", "３０", Decimal(30)),  # full-width digits from a Chinese keyboard
        ("5.1", "12.0", Decimal(12)),
        ("5.2", "4.25", Decimal("4.25")),
    ],
)
def test_values_written_as_people_write_them_are_read(world, assessment_round, code, value, stored):
    advance(assessment_round, world.office)
    item = submission(world.district_unit, code, assessment_round)
    services.submission_report(submission=item, by=world.district, value=value)
    item.refresh_from_db()
    assert item.value == stored


@pytest.mark.parametrize(("value", "message"), [("120", "100"), ("98.25", "1位小数")])
def test_a_percentage_is_checked_whatever_its_source(world, assessment_round, value, message):
    """4.3 (持证上岗率) is computed by the workforce since version 3 of the set: its value is still a percentage,
    within 0–100 with one decimal, as a reported one is."""
    indicator = submission(world.district_unit, "4.3", assessment_round).indicator
    with pytest.raises(ValidationError, match=message):
        values.parse_value(indicator, value)
    assert values.parse_value(indicator, "98.5") == Decimal("98.5")


def test_reports_only_by_the_participant_and_only_while_open(world, assessment_round):
    item = submission(world.district_unit, "5.1", assessment_round)
    with pytest.raises(ValidationError, match="已关闭"):
        services.submission_report(submission=item, by=world.district, value="10")
    advance(assessment_round, world.office)
    with pytest.raises(PermissionDenied):
        services.submission_report(submission=item, by=world.member, value="10")
    metric = submission(world.district_unit, "1.1", assessment_round)
    with pytest.raises(ValidationError, match="平台计算"):
        services.submission_report(submission=metric, by=world.district, value="100")
    with pytest.raises(PermissionDenied):
        services.round_advance(assessment_round=assessment_round, by=world.district)


def test_the_word_report_reads_back_with_the_right_totals(world, login, assessment_round, monkeypatch):
    import io

    import docx
    from django.urls import reverse

    advance(assessment_round, world.office)
    fill_reported(world, assessment_round, world.district_unit, world.district)
    fill_reported(world, assessment_round, world.member_unit, world.member, activities="6")
    advance(assessment_round, world.office)  # review
    services.submission_score(
        submission=submission(world.district_unit, "5.2", assessment_round), by=world.office, points="4"
    )
    advance(assessment_round, world.office)  # publicity (no on-site verification)
    monkeypatch.setattr("changxiao.assessment.services.local_today", lambda: date.today() + timedelta(days=8))
    for _ in range(2):  # final, then published
        advance(assessment_round, world.office)
    office = login(world.office)
    page = office.get(assessment_round.get_absolute_url())
    assert page.context["radar"]["series"][0]["data"]
    content = fetch_generated(office, reverse("assessment:round_report", args=[assessment_round.pk]))
    document = docx.Document(io.BytesIO(content))
    ranking = [[cell.text for cell in row.cells] for row in document.tables[0].rows[1:]]
    expected = [
        # Points as the report writes them (core.numbers.points): 49, 92.5, never 49.00 or 1E+2.
        [str(p.final_rank), p.unit.name, f"{p.final_total.normalize():f}"]
        for p in assessment_round.participants.select_related("unit").order_by("final_rank")
    ]
    assert [row[:3] for row in ranking] == expected
    assert ranking[0][4] in {"优秀", "良好", "合格", "不合格"}
    details = document.tables[1].rows
    assert len(details) == 1 + 2 * 16  # version 3 of the set: 16 indicators
    assert (
        login(world.district).get(reverse("assessment:round_report", args=[assessment_round.pk])).status_code
        == 403
    )


def test_workbench_and_reminders(world, login, assessment_round, monkeypatch):
    from django.urls import reverse

    from changxiao.core.models import Notification
    from changxiao.core.sweep import run_sweep

    advance(assessment_round, world.office)
    todos = login(world.district).get(reverse("cockpit:workbench")).context["todos"]
    assert any("自评申报" in t.title and t.due == date(2027, 1, 15) for t in todos)
    monkeypatch.setattr("changxiao.assessment.sweep_steps.local_today", lambda: date(2027, 1, 13))
    for _ in range(3):
        run_sweep(only=["assessment.self_report_due"])
    assert Notification.objects.filter(recipient=world.district, title__contains="2027-01-15").count() == 1
    advance(assessment_round, world.office)
    todos = login(world.office).get(reverse("cockpit:workbench")).context["todos"]
    assert any("评审" in t.title for t in todos)


def test_api_reads_sets_and_writes_my_values_while_open(world, client, assessment_round):
    client.force_login(world.district)
    sets = client.get("/api/v1/indicator-sets").json()
    detail = client.get(f"/api/v1/indicator-sets/{sets[0]['id']}").json()
    assert detail["indicators"] and "citation" in detail["indicators"][0]
    mine = client.get("/api/v1/assessment/submissions", {"round_id": assessment_round.pk}).json()
    assert len(mine) == 16
    target = next(s for s in mine if s["indicator"] == "5.1")
    url = f"/api/v1/assessment/submissions/{target['id']}"
    assert (
        client.put(url, {"value": "12"}, content_type="application/json").status_code == 422
    )  # phase closed
    advance(assessment_round, world.office)
    response = client.put(url, {"value": "12"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["self_points"] == "6.00"
    assert client.put(url, {"value": "x"}, content_type="application/json").status_code == 422
    client.force_login(world.member)
    assert client.put(url, {"value": "1"}, content_type="application/json").status_code == 404
    client.logout()
    assert client.get(f"/api/v1/public/assessment/{assessment_round.pk}/results").status_code == 404


def test_public_satisfaction_is_the_survey_index_of_the_participants_jurisdiction(
    world, assessment_round, settings
):
    settings.SURVEY_MIN_CELL = 5
    target = make_survey_target(world.city)
    likert = ["fac_nearby", "con_activities", "ser_attitude", "cov_hours", "inf_notice", "overall"]
    for i in range(6):
        Response.objects.create(
            campaign=target.campaign,
            target=target,
            questionnaire=target.campaign.questionnaire,
            client_id=uuid.uuid4(),
            answers=dict.fromkeys(likert, 4 if i % 2 else 2),  # 75 and 25 points: the index is 50
            content_hash=str(i),
            region=world.gusu,
        )
    advance(assessment_round, world.office)  # self-report: figures taken
    computed = submission(world.district_unit, "6.3", assessment_round)
    assert computed.value == Decimal("50")
    assert computed.self_points == Decimal("3.75")  # 50 of the required 80: 5/8 of the 6 points
    assert computed.metric_url.startswith(reverse("surveys:metric_records"))
    with pytest.raises(ValidationError, match="平台"):
        services.submission_report(submission=computed, by=world.district, value="95")
    # A department is not surveyed: no value, the office scores it in review.
    assert submission(world.member_unit, "6.3", assessment_round).value is None


def test_the_office_refreshes_platform_figures_while_open(world, assessment_round):
    with pytest.raises(ValidationError):
        services.round_refresh(assessment_round=assessment_round, by=world.office)  # still being prepared
    advance(assessment_round, world.office)
    assert services.round_refresh(assessment_round=assessment_round, by=world.office) == 2 * 11
    with pytest.raises(PermissionDenied):
        services.round_refresh(assessment_round=assessment_round, by=world.district)
