"""The portal's demonstration data: the two districts' directory down to village centres, the closure announced 3 days
ahead flagged, the emergency one accepted, a season of activities with attendance; twice changes nothing."""

import io

from changxiao.core.demo import load_demo_data
from changxiao.portal.models import Activity, Facility, RuleBreach


def test_demo_loads_and_is_idempotent(demo):
    facilities = Facility.objects.count()
    assert facilities >= 8
    assert set(Facility.objects.values_list("level", flat=True)) >= {"county", "township", "village"}
    assert RuleBreach.objects.filter(rule__rule="notice", facility__name="平江街道综合文化站").exists()
    assert not RuleBreach.objects.filter(rule__rule="notice", facility__name="昆山市图书馆").exists()
    assert Activity.objects.filter(attendance__isnull=False).exists()
    assert Activity.objects.filter(capacity__isnull=False).exists()
    load_demo_data(io.StringIO())
    assert Facility.objects.count() == facilities
