"""What an office must be able to trust in the assessment: consequential steps show their check and refuse what
would publish nothing, dates and periods are bounded, mistakes are corrected with a trail, the public sees only what
stands, and nobody decides their own results."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from changxiao.assessment import commendations, services
from changxiao.assessment.indicator_data import load_shipped
from changxiao.assessment.models import AssessmentRound, HonourList, IndicatorSet, Nomination
from changxiao.assessment.tests.factories import RoundFactory
from changxiao.core.deadlines import local_today
from changxiao.core.models import TimelineEvent
from changxiao.orgs.choices import Role
from changxiao.orgs.models import Membership


def _advance(assessment_round, world):
    services.round_advance(assessment_round=assessment_round, by=world.office, confirmed=True)
    assessment_round.refresh_from_db()


def test_a_round_cannot_rush_to_publication_without_data(world):
    """The reported case: 准备中 → 已发布 in five clicks, before the deadline, with no data, every unit 不合格."""
    assessment_round = RoundFactory(by=world.office, units=[world.district_unit, world.member_unit])
    check = services.round_advance_check(assessment_round)
    assert check.allowed and any("2个被考核单位" in line for line in check.consequences)
    with pytest.raises(ValidationError, match="确认"):  # never without confirmation
        services.round_advance(assessment_round=assessment_round, by=world.office)
    _advance(assessment_round, world)  # self-report
    check = services.round_advance_check(assessment_round)
    assert any("尚未到" in line for line in check.missing)  # the self-report deadline lies ahead
    assert any("未提交自评" in line and "姑苏区文体旅局" in line for line in check.missing)
    _advance(assessment_round, world)  # review, acknowledged
    check = services.round_advance_check(assessment_round)
    assert not check.allowed and any("没有任何单位提交自评" in line for line in check.refusals)
    with pytest.raises(ValidationError, match="没有任何单位提交自评"):
        _advance(assessment_round, world)
    assessment_round.refresh_from_db()
    assert assessment_round.phase == "review"


def test_publishing_needs_a_submitted_sheet_and_a_reviewed_score(world):
    assessment_round = RoundFactory(by=world.office, units=[world.district_unit, world.member_unit])
    _advance(assessment_round, world)
    participant = assessment_round.participants.get(unit=world.district_unit)
    item = participant.submissions.get(indicator__code="5.1")
    services.submission_report(submission=item, by=world.district, value="30")
    services.participant_submit(participant=participant, by=world.district, confirmed=True)
    _advance(assessment_round, world)  # review
    with pytest.raises(ValidationError, match="尚未评审任何得分"):
        _advance(assessment_round, world)
    services.submission_score(submission=item, by=world.office, points="10")
    check = services.round_advance_check(assessment_round)
    assert check.allowed and any("公示" in line for line in check.consequences)
    # The department never submitted: its reported indicators count nothing, and the check says so.
    ranking = {p.unit_id: r for _rank, r, p in services.results(assessment_round)}
    member_scores = {s.code: s for s in ranking[world.member_unit.pk].scores}
    assert member_scores["5.1"].points == 0 and "未提交" in member_scores["5.1"].explanation


def test_a_participant_may_not_be_reviewed_by_someone_acting_for_it(world):
    """An office worker who also acts for the participant's unit reviews neither its sheet nor returns it."""
    Membership.objects.create(user=world.office, unit=world.district_unit, role=Role.DISTRICT)
    assessment_round = RoundFactory(by=world.office, units=[world.district_unit, world.member_unit])
    _advance(assessment_round, world)
    participant = assessment_round.participants.get(unit=world.district_unit)
    services.participant_submit(participant=participant, by=world.office, confirmed=True)
    with pytest.raises(PermissionDenied):
        services.participant_return(participant=participant, by=world.office, reason="自己退回自己")
    _advance(assessment_round, world)
    with pytest.raises(PermissionDenied):
        services.submission_score(
            submission=participant.submissions.get(indicator__code="5.2"), by=world.office, points="5"
        )


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"publicity_days": 99999}, "5至30天"),
        ({"publicity_days": 0}, "5至30天"),
        ({"self_report_due": date(2020, 1, 15)}, "早于今天"),
        ({"final_due": date(2099, 2, 28)}, "年后"),
        ({"review_due": date(2027, 1, 10)}, "依次递进"),
        ({"year": 1999}, "年份"),
        ({"title": "题" * 201}, "200"),
    ],
)
def test_round_dates_and_periods_are_bounded(world, overrides, message):
    with pytest.raises(ValidationError, match=message):
        RoundFactory(by=world.office, units=[world.district_unit, world.member_unit], **overrides)
    assert not AssessmentRound.objects.exists()


def test_the_round_form_keeps_what_was_typed(world, login):
    load_shipped()
    office = login(world.office)
    data = {
        "title": "2026年度考核",
        "year": 2026,
        "region": world.city.pk,
        "indicator_set": IndicatorSet.objects.get(code="long-term-management").pk,
        "self_report_due": "2020-01-15",
        "review_due": "2027-01-31",
        "final_due": "2027-02-28",
        "publicity_days": 99999,
        "units": [world.district_unit.pk],
    }
    response = office.post(reverse("assessment:round_create"), data)
    page = response.content.decode()
    assert response.status_code == 200 and not AssessmentRound.objects.exists()
    assert 'value="2026年度考核"' in page and 'value="2020-01-15"' in page and 'value="99999"' in page
    assert set(response.context["form"].errors) >= {"self_report_due", "publicity_days"}


def test_the_office_edits_a_round_being_prepared_with_a_trail(world, login):
    assessment_round = RoundFactory(by=world.office, units=[world.district_unit, world.member_unit])
    office = login(world.office)
    url = reverse("assessment:round_edit", args=[assessment_round.pk])
    form = office.get(url)
    assert form.status_code == 200
    data = {
        "title": "2026年度示范区长效管理考核",
        "year": 2026,
        "self_report_due": "2027-01-20",
        "review_due": "2027-01-31",
        "final_due": "2027-02-28",
        "publicity_days": 10,
        "units": [world.district_unit.pk],
    }
    bad = office.post(url, {**data, "review_due": "2027-01-10"})
    assert bad.status_code == 200 and "依次递进" in bad.content.decode()
    office.post(url, data)
    assessment_round.refresh_from_db()
    assert (assessment_round.title, assessment_round.publicity_days) == ("2026年度示范区长效管理考核", 10)
    assert list(assessment_round.participants.values_list("unit", flat=True)) == [world.district_unit.pk]
    event = TimelineEvent.objects.for_object(assessment_round).get(verb="round_edited")
    assert "2027-01-15 → 2027-01-20" in event.comment and "市财政局" in event.comment
    assert (
        login(world.district).post(url, data).status_code == 403
    )  # a participant sees the round, edits nothing
    assert login(world.outsider).post(url, data).status_code == 404
    _advance(assessment_round, world)
    with pytest.raises(ValidationError, match="准备阶段"):
        services.round_edit(assessment_round=assessment_round, by=world.office, units=[world.district_unit])


def test_a_mistaken_round_is_cancelled_not_deleted(world, login, client):
    assessment_round = RoundFactory(by=world.office, units=[world.district_unit, world.member_unit])
    _advance(assessment_round, world)
    office = login(world.office)
    url = reverse("assessment:round_cancel", args=[assessment_round.pk])
    refused = office.post(url, {"cancel-reason": ""})
    assert refused.status_code == 200
    assessment_round.refresh_from_db()
    assert not assessment_round.is_cancelled
    office.post(url, {"cancel-reason": "重复创建"})
    assessment_round.refresh_from_db()
    assert assessment_round.is_cancelled and assessment_round.cancel_reason == "重复创建"
    listing = office.get(reverse("assessment:round_list"))
    assert list(listing.context["rounds"]) == [] and list(listing.context["cancelled"]) == [assessment_round]
    page = office.get(assessment_round.get_absolute_url()).content.decode()
    assert "已作废" in page and "重复创建" in page
    # Nothing moves in a cancelled round, and nobody owes anything for it.
    with pytest.raises(ValidationError):
        _advance(assessment_round, world)
    participant = assessment_round.participants.get(unit=world.district_unit)
    with pytest.raises(ValidationError):
        services.submission_report(
            submission=participant.submissions.get(indicator__code="5.1"), by=world.district, value="3"
        )
    todos = login(world.district).get(reverse("cockpit:workbench")).context["todos"]
    assert not any(assessment_round.title in t.title for t in todos)


def test_cancelled_rounds_never_reach_the_public(world, client):
    assessment_round = RoundFactory(by=world.office, units=[world.district_unit, world.member_unit])
    AssessmentRound.objects.filter(pk=assessment_round.pk).update(
        phase="published", cancelled_at=assessment_round.created_at, cancel_reason="误建"
    )
    assert (
        client.get(reverse("public:assessment_announcement", args=[assessment_round.pk])).status_code == 404
    )
    assert client.get(f"/api/v1/public/assessment/{assessment_round.pk}/results").status_code == 404
    index = client.get(reverse("public:assessment_results"))
    assert index.status_code == 200 and assessment_round.title not in index.content.decode()
    AssessmentRound.objects.filter(pk=assessment_round.pk).update(cancelled_at=None)
    index = client.get(reverse("public:assessment_results")).content.decode()
    assert assessment_round.title in index
    assert reverse("public:assessment_announcement", args=[assessment_round.pk]) in index


def test_public_index_of_honour_lists_and_the_landing_entries(world, client):
    from changxiao.core.navigation import public_entries

    honours = commendations.honour_list_create(
        by=world.office,
        region=world.city,
        year=2026,
        title="2026年度文化惠民表彰",
        nominations_due=local_today(),
    )
    assert "2026年度文化惠民表彰" not in client.get(reverse("public:honours_index")).content.decode()
    HonourList.objects.filter(pk=honours.pk).update(published_at=timezone.now())
    page = client.get(reverse("public:honours_index")).content.decode()
    assert reverse("public:honours", args=[honours.pk]) in page
    urls = {entry["url"] for entry in public_entries()}
    assert {reverse("public:assessment_results"), reverse("public:honours_index")} <= urls


def test_honour_list_deadline_and_publication_are_guarded(world, login):
    with pytest.raises(ValidationError, match="早于今天"):
        commendations.honour_list_create(
            by=world.office, region=world.city, year=2026, title="表彰", nominations_due=date(2020, 1, 1)
        )
    office = login(world.office)
    response = office.post(
        reverse("assessment:honour_list_index"),
        {"region": world.city.pk, "year": 2026, "title": "表彰", "nominations_due": "2020-01-01"},
    )
    assert response.status_code == 200 and 'value="2020-01-01"' in response.content.decode()
    honours = commendations.honour_list_create(
        by=world.office,
        region=world.city,
        year=2026,
        title="表彰",
        nominations_due=local_today() + timedelta(days=9),
    )
    with pytest.raises(ValidationError, match="尚无表彰对象"):
        commendations.honour_list_publish(honour_list=honours, by=world.office, confirmed=True)
    page = login(world.district).get(honours.get_absolute_url()).content.decode()
    assert "表彰类别" in page and "单位类型" not in page


def test_a_unit_withdraws_its_nomination_before_it_is_judged(world, login):
    honours = commendations.honour_list_create(
        by=world.office,
        region=world.city,
        year=2026,
        title="表彰",
        nominations_due=local_today() + timedelta(days=9),
    )
    nomination = commendations.nomination_submit(
        honour_list=honours,
        by=world.district,
        unit=world.district_unit,
        kind="team",
        nominee="志愿服务队",
        achievements="全年开展志愿服务120次",
    )
    district = login(world.district)
    data = {"action": "withdraw", "nomination": nomination.pk, f"w{nomination.pk}-reason": ""}
    assert district.post(honours.get_absolute_url(), data).status_code == 200
    nomination.refresh_from_db()
    assert nomination.state == "submitted"
    assert (
        login(world.outsider)
        .post(honours.get_absolute_url(), {**data, f"w{nomination.pk}-reason": "x"})
        .status_code
        == 404
    )
    district = login(world.district)
    district.post(honours.get_absolute_url(), {**data, f"w{nomination.pk}-reason": "材料不全，下次再报"})
    nomination.refresh_from_db()
    assert (nomination.state, nomination.withdraw_reason) == ("withdrawn", "材料不全，下次再报")
    with pytest.raises(ValidationError):
        commendations.nomination_decide(nomination=nomination, by=world.office, outcome="recommended")
    page = login(world.office).get(honours.get_absolute_url()).content.decode()
    assert "已报送 → 已由推荐单位撤回" in page
    assert Nomination.objects.filter(pk=nomination.pk).exists()  # kept for the record


def test_the_api_refuses_what_the_sheet_refuses(world, client):
    assessment_round = RoundFactory(by=world.office, units=[world.district_unit, world.member_unit])
    _advance(assessment_round, world)
    participant = assessment_round.participants.get(unit=world.district_unit)
    item = participant.submissions.get(indicator__code="5.1")
    client.force_login(world.district)
    url = f"/api/v1/assessment/submissions/{item.pk}"
    for value in ("1e20", "2.5", "NaN", "Infinity", "99999999999", "-3"):
        response = client.put(url, {"value": value}, content_type="application/json")
        assert response.status_code == 422, value
    assert client.put(url, {"value": "1" * 41}, content_type="application/json").status_code == 422
    assert (
        client.put(url, {"value": "3", "note": "注" * 2001}, content_type="application/json").status_code
        == 422
    )
    item.refresh_from_db()
    assert item.value is None
    assert client.put(url, {"value": "12"}, content_type="application/json").status_code == 200
    submit = f"/api/v1/assessment/participants/{participant.pk}/submit"
    unconfirmed = client.post(submit, {}, content_type="application/json")
    assert unconfirmed.status_code == 422 and "3.1" in unconfirmed.json()["detail"]
    confirmed = client.post(submit, {"confirmed": True}, content_type="application/json")
    assert confirmed.status_code == 200 and confirmed.json()["self_report_state"] == "submitted"
    assert client.put(url, {"value": "13"}, content_type="application/json").status_code == 422  # locked
    client.force_login(world.office)
    assert client.post(submit, {"confirmed": True}, content_type="application/json").status_code == 403
