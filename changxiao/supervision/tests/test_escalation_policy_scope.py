"""The escalation ladder belongs to its jurisdiction: the second city's office (office2, 无锡市) neither reads nor sets
苏州市's, and 无锡市's findings climb by 无锡市's ladder (or the province's), never 苏州市's."""

from django.urls import reverse

from changxiao.supervision.escalation import policy_for
from changxiao.supervision.models import EscalationPolicy


def test_each_city_keeps_its_own_ladder(world, login):
    EscalationPolicy.objects.create(
        region=world.city,
        remind_workdays_before=5,
        bulletin_after_workdays=3,
        accountability_after_workdays=6,
    )
    office2 = login(world.office2)
    page = office2.get(reverse("supervision:escalation_policy"))
    assert page.status_code == 200 and page.context["region"] == world.city2
    assert office2.get(reverse("supervision:escalation_policy"), {"region": world.city.pk}).status_code == 404
    refused = office2.post(
        reverse("supervision:escalation_policy") + f"?region={world.city.pk}",
        {"remind_workdays_before": 1, "bulletin_after_workdays": 20, "accountability_after_workdays": 40},
    )
    assert refused.status_code == 404
    assert EscalationPolicy.objects.get(region=world.city).bulletin_after_workdays == 3
    # 无锡市 follows the defaults until its office sets its own ladder; 苏州市's never applies there.
    assert policy_for(world.city2).pk is None and policy_for(world.city2).bulletin_after_workdays == 5
    office2.post(
        reverse("supervision:escalation_policy"),
        {"remind_workdays_before": 2, "bulletin_after_workdays": 8, "accountability_after_workdays": 16},
    )
    assert policy_for(world.city2).bulletin_after_workdays == 8
    assert policy_for(world.gusu).bulletin_after_workdays == 3
    assert list(EscalationPolicy.objects.visible_to(world.office2)) == [policy_for(world.city2)]
    assert set(EscalationPolicy.objects.visible_to(world.district)) == {policy_for(world.city)}
    # The province's ladder applies in every city that keeps none of its own.
    EscalationPolicy.objects.filter(region=world.city2).delete()
    EscalationPolicy.objects.create(
        region=world.province,
        remind_workdays_before=4,
        bulletin_after_workdays=10,
        accountability_after_workdays=20,
    )
    assert policy_for(world.city2).bulletin_after_workdays == 10
    assert policy_for(world.gusu).bulletin_after_workdays == 3
