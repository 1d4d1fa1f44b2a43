"""The office runs campaigns: a link per target with its QR code, and the review of flagged responses."""

from datetime import date, timedelta

from django.urls import reverse

from changxiao.surveys.models import Campaign, Response
from changxiao.surveys.questionnaires import load_shipped


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
        suspicion="answered in 3s",
    )
    office.post(
        reverse("surveys:campaign_detail", args=[campaign.pk]), {"action": "include", "response": flagged.pk}
    )
    flagged.refresh_from_db()
    assert flagged.included is True
    assert login(world.venue).post(
        reverse("surveys:campaign_detail", args=[campaign.pk]), {"action": "exclude", "response": flagged.pk}
    ).status_code in (403, 404)
