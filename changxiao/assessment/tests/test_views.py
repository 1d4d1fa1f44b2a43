"""The assessment screens: the office opens a round, a district self-reports with evidence, the office reviews,
the public files an objection during the announcement; other units are kept out."""

from datetime import date

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.assessment import services
from changxiao.assessment.indicator_data import load_shipped
from changxiao.assessment.models import AssessmentRound, IndicatorSet, Objection, Submission


def test_round_through_the_screens(world, login, client, django_assert_max_num_queries):
    load_shipped()
    indicator_set = IndicatorSet.objects.get(code="long-term-management")
    office = login(world.office)
    response = office.post(
        reverse("assessment:round_create"),
        {
            "title": "2026年度考核",
            "year": 2026,
            "region": world.city.pk,
            "indicator_set": indicator_set.pk,
            "self_report_due": "2027-01-15",
            "review_due": "2027-01-31",
            "publicity_days": 7,
            "final_due": "2027-02-28",
            "units": [world.district_unit.pk, world.member_unit.pk],
        },
        follow=True,
    )
    assessment_round = AssessmentRound.objects.get()
    assert response.redirect_chain[-1][0] == assessment_round.get_absolute_url()
    office.post(reverse("assessment:round_advance", args=[assessment_round.pk]))
    participant = assessment_round.participants.get(unit=world.district_unit)
    item = Submission.objects.get(participant=participant, indicator__code="5.1")

    district = login(world.district)
    sheet = district.post(
        participant.get_absolute_url(),
        {
            "submission": item.pk,
            "value": "20",
            "note": "全年活动",
            "evidence": [SimpleUploadedFile("活动.pdf", b"%PDF-1.4\n%%EOF\n")],
        },
        follow=True,
    )
    assert "活动.pdf" in sheet.content.decode()
    bad = district.post(participant.get_absolute_url(), {"submission": item.pk, "value": "许多"}, follow=True)
    assert "请填写数字" in bad.content.decode()
    item.refresh_from_db()
    assert item.value == 20
    district.get(participant.get_absolute_url())
    with django_assert_max_num_queries(20):
        assert district.get(participant.get_absolute_url()).status_code == 200
    # Another participant's sheet is not for the district; an outsider sees nothing of the round.
    other = assessment_round.participants.get(unit=world.member_unit)
    assert district.get(other.get_absolute_url()).status_code == 404
    assert login(world.outsider).get(assessment_round.get_absolute_url()).status_code == 404

    office = login(world.office)
    office.post(reverse("assessment:round_advance", args=[assessment_round.pk]))  # review
    office.post(
        participant.get_absolute_url(),
        {"submission": item.pk, "action": "review", "points": "7", "comment": "佐证不全"},
    )
    item.refresh_from_db()
    assert item.reviewer_points == 7
    office.post(reverse("assessment:round_advance", args=[assessment_round.pk]))  # publicity
    page = office.get(assessment_round.get_absolute_url())
    assert [p.unit for _rank, _r, p in page.context["ranking"]]

    cache.clear()
    client.logout()
    public = client.get(reverse("public:assessment_announcement", args=[assessment_round.pk]))
    assert public.status_code == 200 and "姑苏区文体旅局" in public.content.decode()
    client.post(
        reverse("public:assessment_announcement", args=[assessment_round.pk]),
        {"participant": participant.pk, "text": "<b>活动场次</b>与实际不符"},
    )
    objection = Objection.objects.get()
    assert objection.participant == participant
    office = login(world.office)
    office.post(reverse("assessment:objection_answer", args=[objection.pk]), {"answer": "已核实并扣分"})
    objection.refresh_from_db()
    assert objection.answer == "已核实并扣分"


def test_public_page_only_from_the_announcement_on(world, client):
    load_shipped()
    assessment_round = services.round_create(
        by=world.office,
        title="草稿",
        year=2026,
        region=world.city,
        indicator_set=IndicatorSet.objects.first(),
        units=[world.district_unit],
        self_report_due=date(2027, 1, 1),
        review_due=date(2027, 1, 2),
        final_due=date(2027, 1, 3),
    )
    assert (
        client.get(reverse("public:assessment_announcement", args=[assessment_round.pk])).status_code == 404
    )
