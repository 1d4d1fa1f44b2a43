"""The assessment screens: the office opens a round (each phase after its check), a district fills its sheet as drafts
and submits it, the office reviews the submitted sheet or returns it, the public objects during the announcement;
bad input comes back with what was typed and changes nothing; other units are kept out."""

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from changxiao.assessment import services
from changxiao.assessment.indicator_data import load_shipped
from changxiao.assessment.models import AssessmentRound, IndicatorSet, Objection, Submission
from changxiao.assessment.tests.factories import RoundFactory
from changxiao.core.models import TimelineEvent

ROUND = {
    "title": "2026年度考核",
    "year": 2026,
    "self_report_due": "2027-01-15",
    "review_due": "2027-01-31",
    "publicity_days": 7,
    "final_due": "2027-02-28",
}


def _value(sheet_owner, participant, submission, value, note="", **files):
    data = {"action": "report", "submission": submission.pk, f"s{submission.pk}-value": value}
    data[f"s{submission.pk}-note"] = note
    data.update({f"s{submission.pk}-evidence": f for f in files.values()})
    return sheet_owner.post(participant.get_absolute_url(), data, follow=True)


def test_round_through_the_screens(world, login, client, django_assert_max_num_queries):
    load_shipped()
    indicator_set = IndicatorSet.objects.get(code="long-term-management")
    office = login(world.office)
    response = office.post(
        reverse("assessment:round_create"),
        {
            **ROUND,
            "region": world.city.pk,
            "indicator_set": indicator_set.pk,
            "units": [world.district_unit.pk, world.member_unit.pk],
        },
        follow=True,
    )
    assessment_round = AssessmentRound.objects.get()
    assert response.redirect_chain[-1][0] == assessment_round.get_absolute_url()
    # Advancing first shows what will happen; only the confirmed step is taken.
    check = office.post(reverse("assessment:round_advance", args=[assessment_round.pk]))
    assert check.status_code == 200 and "2个被考核单位" in check.content.decode()
    assessment_round.refresh_from_db()
    assert assessment_round.phase == "draft"
    office.post(reverse("assessment:round_advance", args=[assessment_round.pk]), {"confirmed": "1"})
    assessment_round.refresh_from_db()
    assert assessment_round.phase == "self_report"
    participant = assessment_round.participants.get(unit=world.district_unit)
    item = Submission.objects.get(participant=participant, indicator__code="5.1")

    district = login(world.district)
    sheet = _value(
        district,
        participant,
        item,
        "20",
        "全年活动",
        evidence=SimpleUploadedFile("活动.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    assert "活动.pdf" in sheet.content.decode() and "已保存" in sheet.content.decode()
    # Bad values are refused where they were typed, the page keeps them, nothing changes.
    for typed, message in (
        ("许多", "阿拉伯数字"),
        ("1e20", "阿拉伯数字"),
        ("2.5", "整数"),
        ("99999999999", "999,999,999"),
    ):
        bad = _value(district, participant, item, typed, "写错了")
        page = bad.content.decode()
        assert bad.status_code == 200 and not bad.redirect_chain
        assert message in page and f'value="{typed}"' in page and "写错了" in page, typed
        item.refresh_from_db()
        assert item.value == 20 and item.note == "全年活动"
    district.get(participant.get_absolute_url())
    with django_assert_max_num_queries(24):
        page = district.get(participant.get_absolute_url())
    assert page.status_code == 200 and "未提交" in page.content.decode()
    # Another participant's sheet is not for the district; an outsider sees nothing of the round.
    other = assessment_round.participants.get(unit=world.member_unit)
    assert district.get(other.get_absolute_url()).status_code == 404
    assert login(world.outsider).get(assessment_round.get_absolute_url()).status_code == 404

    # 提交自评: the check lists what is still empty; confirmed, the values lock.
    district = login(world.district)
    check = district.post(participant.get_absolute_url(), {"action": "submit"})
    assert check.status_code == 200 and "3.1" in check.content.decode() and "未填写" in check.content.decode()
    district.post(participant.get_absolute_url(), {"action": "submit", "confirmed": "1"})
    participant.refresh_from_db()
    assert participant.self_report_state == "submitted"
    locked = _value(district, participant, item, "25")
    assert "已锁定" in locked.content.decode()
    item.refresh_from_db()
    assert item.value == 20
    assert login(world.office).get(assessment_round.get_absolute_url()).content.decode().count("已提交") >= 1

    office = login(world.office)
    office.post(reverse("assessment:round_advance", args=[assessment_round.pk]), {"confirmed": "1"})  # review
    review = {"action": "review", "submission": item.pk, f"r{item.pk}-points": "7", f"r{item.pk}-comment": ""}
    refused = office.post(participant.get_absolute_url(), {**review, f"r{item.pk}-points": "7.555"})
    assert refused.status_code == 200 and "2位小数" in refused.content.decode()
    refused = office.post(participant.get_absolute_url(), {**review, f"r{item.pk}-points": "NaN"})
    assert refused.status_code == 200 and 'value="NaN"' in refused.content.decode()
    refused = office.post(participant.get_absolute_url(), review)
    assert refused.status_code == 200 and "自评分" in refused.content.decode()
    office.post(participant.get_absolute_url(), {**review, f"r{item.pk}-comment": "佐证不全"})
    item.refresh_from_db()
    assert item.reviewer_points == 7
    office.post(
        reverse("assessment:round_advance", args=[assessment_round.pk]), {"confirmed": "1"}
    )  # publicity
    page = office.get(assessment_round.get_absolute_url())
    assert [p.unit for _rank, _r, p in page.context["ranking"]]

    cache.clear()
    client.logout()
    public = client.get(reverse("public:assessment_announcement", args=[assessment_round.pk]))
    assert public.status_code == 200 and "姑苏区文体旅局" in public.content.decode()
    too_long = client.post(
        reverse("public:assessment_announcement", args=[assessment_round.pk]),
        {"participant": participant.pk, "text": "长" * 2001},
    )
    assert too_long.status_code == 200 and not Objection.objects.exists()
    client.post(
        reverse("public:assessment_announcement", args=[assessment_round.pk]),
        {"participant": participant.pk, "text": "<b>活动场次</b>与实际不符"},
    )
    objection = Objection.objects.get()
    assert objection.participant == participant
    office = login(world.office)
    empty = office.post(
        reverse("assessment:objection_answer", args=[objection.pk]), {f"answer-{objection.pk}-answer": ""}
    )
    assert empty.status_code == 200
    office.post(
        reverse("assessment:objection_answer", args=[objection.pk]),
        {f"answer-{objection.pk}-answer": "已核实并扣分"},
    )
    objection.refresh_from_db()
    assert objection.answer == "已核实并扣分"


def test_the_office_returns_a_submitted_sheet_with_a_reason(world, login):
    assessment_round = RoundFactory(by=world.office, units=[world.district_unit])
    services.round_advance(assessment_round=assessment_round, by=world.office, confirmed=True)
    participant = assessment_round.participants.get()
    item = participant.submissions.get(indicator__code="5.1")
    district = login(world.district)
    _value(district, participant, item, "30")
    district.post(participant.get_absolute_url(), {"action": "submit", "confirmed": "1"})
    # The unit cannot return its own sheet; the office must give a reason, which is kept if refused.
    assert (
        district.post(participant.get_absolute_url(), {"action": "return", "return-reason": "x"}).status_code
        == 403
    )
    office = login(world.office)
    assert (
        office.post(participant.get_absolute_url(), {"action": "return", "return-reason": " "}).status_code
        == 200
    )
    office.post(participant.get_absolute_url(), {"action": "return", "return-reason": "活动场次缺少佐证"})
    participant.refresh_from_db()
    assert (participant.self_report_state, participant.return_reason) == ("returned", "活动场次缺少佐证")
    page = login(world.district).get(participant.get_absolute_url()).content.decode()
    assert "已退回" in page and "活动场次缺少佐证" in page
    _value(login(world.district), participant, item, "28")
    item.refresh_from_db()
    assert item.value == 28
    login(world.district).post(participant.get_absolute_url(), {"action": "submit", "confirmed": "1"})
    participant.refresh_from_db()
    assert participant.self_report_state == "submitted"
    verbs = list(TimelineEvent.objects.for_object(assessment_round).values_list("verb", flat=True))
    assert verbs.count("self_report_submitted") == 2 and "self_report_returned" in verbs
    page = login(world.office).get(assessment_round.get_absolute_url()).content.decode()
    assert "已提交 → 已退回" in page and "已退回 → 已提交" in page


def test_public_page_only_from_the_announcement_on(world, client):
    assessment_round = RoundFactory(by=world.office, title="草稿", units=[world.district_unit])
    assert (
        client.get(reverse("public:assessment_announcement", args=[assessment_round.pk])).status_code == 404
    )


def test_objections_count_what_is_accepted_and_say_the_real_wait(world, client):
    """Typing mistakes do not use up an address's objections; over the budget the page comes back with what was
    typed, 429 and the real wait (issue 19: rate limits that stop robots and not residents)."""
    from changxiao.assessment.tests.matrix import _round_objection
    from changxiao.assessment.views_public import OBJECTION_LIMITS

    cache.clear()
    url = reverse("public:assessment_announcement", args=[_round_objection(world).assessment_round_id])
    for _ in range(OBJECTION_LIMITS.per_address + 5):
        mistake = client.post(url, {"text": ""})
        assert mistake.status_code == 200
    for n in range(OBJECTION_LIMITS.per_address):
        client.cookies.clear()  # residents behind one address, each on a device of their own
        assert client.post(url, {"text": f"第{n}条：活动场次与实际不符"}).status_code == 302
    client.cookies.clear()
    refused = client.post(url, {"text": "又一条：活动场次与实际不符"})
    page = refused.content.decode()
    wait = int(refused["Retry-After"])
    assert refused.status_code == 429 and 1 <= wait <= 600
    minutes = -(-wait // 60)
    told = f"请等待{wait}秒后再试" if wait < 90 else f"请等待{minutes}分钟后再试"
    assert "又一条：活动场次与实际不符" in page and told in page
    assert Objection.objects.filter(text__startswith="第").count() == OBJECTION_LIMITS.per_address
    cache.clear()
