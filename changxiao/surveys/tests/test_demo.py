"""`manage.py load_demo`: two campaigns with synthetic responses, written suggestions, and the districts told."""

from django.urls import reverse

from changxiao.core.models import Notification
from changxiao.orgs.models import User
from changxiao.surveys.models import Campaign, Response


def test_demo_surveys(demo, client):
    assert Campaign.objects.count() == 2 and Response.objects.count() == 2400
    assert Response.objects.filter(suspicious=True).count() == 26
    written = Response.objects.filter(answers__has_key="suggestion")
    assert 300 < written.count() < 500  # about one in six
    # The 姑苏区 bureau was told of both campaigns and of its links, and reads its residents' suggestions.
    district = User.objects.get(username="district")
    assert Notification.objects.filter(recipient=district, url__contains="/surveys/campaigns/").count() >= 4
    client.force_login(district)
    campaign = Campaign.objects.order_by("starts_on").first()
    page = client.get(reverse("surveys:text_answers", args=[campaign.pk]))
    assert page.context["share"] is not None and page.context["page"].paginator.count > 20
    gusu = district.memberships.get().unit.region.path
    for response, _text in page.context["rows"]:  # its residents, or about one of its venues
        assert response.region.path.startswith(gusu) or response.venue.region.path.startswith(gusu)
