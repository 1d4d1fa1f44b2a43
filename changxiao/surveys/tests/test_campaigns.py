"""The office runs campaigns: a link per target with its QR code, and the review of flagged responses."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from changxiao.surveys.models import UNSIGNED_START, Campaign, Response, answered_fast
from changxiao.surveys.questionnaires import load_shipped
from conftest import make_survey_target


def test_campaign_with_targets_qr_codes_and_review(world, login, client):
    questionnaire = load_shipped()[0][0]
    office = login(world.office)
    office.post(
        reverse("surveys:campaign_list"),
        {
            "title": "2026年满意度测评",
            "questionnaire": questionnaire.pk,
            "region": world.city.pk,
            "starts_on": date.today().isoformat(),
            "ends_on": (date.today() + timedelta(days=30)).isoformat(),
            "min_seconds": 20,
        },
        follow=True,
    )
    campaign = Campaign.objects.get()
    assert campaign.targets.count() == 1  # the whole jurisdiction
    office.post(
        reverse("surveys:campaign_detail", args=[campaign.pk]),
        {"action": "target", "venue": world.venue_unit.pk},
    )
    venue_target = campaign.targets.get(venue=world.venue_unit)
    assert venue_target.label == "姑苏区文化馆"
    png = office.get(reverse("surveys:target_qr", args=[venue_target.pk, "png"]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = office.get(reverse("surveys:target_qr", args=[venue_target.pk, "svg"]))
    assert b"<svg" in svg.content
    bad = office.post(
        reverse("surveys:campaign_detail", args=[campaign.pk]), {"action": "target", "label": ""}
    )
    assert bad.status_code == 200 and campaign.targets.count() == 2

    page = office.get(reverse("surveys:campaign_detail", args=[campaign.pk])).content.decode()
    assert venue_target.get_public_url() in page
    flagged = Response.objects.create(
        campaign=campaign,
        target=venue_target,
        questionnaire=questionnaire,
        client_id="6f1c2a1e-0000-4000-8000-000000000001",
        answers={"overall": 5},
        content_hash="x",
        suspicious=True,
        suspicion=f"{UNSIGNED_START}; {answered_fast(3)}",
    )
    page = office.get(reverse("surveys:campaign_detail", args=[campaign.pk])).content.decode()
    assert "未经测评页面开始作答（无签名的开始时间）; 用时3秒" in page and "answered in" not in page
    office.post(
        reverse("surveys:campaign_detail", args=[campaign.pk]), {"action": "include", "response": flagged.pk}
    )
    flagged.refresh_from_db()
    assert flagged.included is True
    assert login(world.venue).post(
        reverse("surveys:campaign_detail", args=[campaign.pk]), {"action": "exclude", "response": flagged.pk}
    ).status_code in (403, 404)


def _responses(campaign, target, count):
    for n in range(count):
        Response.objects.create(
            campaign=campaign,
            target=target,
            questionnaire=campaign.questionnaire,
            client_id=f"6f1c2a1e-0000-4000-8000-{n + 100:012d}",
            answers={"overall": 4, "fac_nearby": 5},
            content_hash="x",
            region=target.region,
            suspicious=n % 2 == 0,
            suspicion=answered_fast(3) if n % 2 == 0 else "",
            included=True if n % 2 == 0 else None,
        )


def _campaign(world):
    target = make_survey_target(
        world.city,
        world.gusu,
        "姑苏区",
        title="c",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        results_published_at=timezone.now(),
    )
    return target.campaign, target


def _queries(client, url) -> int:
    client.get(url)  # caches warmed
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_campaign_pages_and_records_take_as_many_queries_for_many_rows(world, login, client):
    """The campaign page (links, flagged responses), the records behind the satisfaction index and the public list
    of published results read a fixed number of queries however many rows they show."""
    office = login(world.office)
    campaign, target = _campaign(world)
    _responses(campaign, target, 2)
    detail = reverse("surveys:campaign_detail", args=[campaign.pk])
    records = reverse("surveys:metric_records") + f"?region={world.city.pk}&year=2026"
    published = reverse("public:survey_results_list")
    few = [_queries(office, detail), _queries(office, records), _queries(client, published)]

    Response.objects.all().delete()
    _responses(campaign, target, 12)
    for n in range(3):
        campaign.targets.create(label=f"venue {n}", venue=world.venue_unit, region=world.gusu)
    assert [_queries(office, detail), _queries(office, records)] == few[:2]
    for _n in range(3):
        _campaign(world)  # more published campaigns
    assert _queries(client, published) == few[2]
