"""Pairs: set up by the managers of a jurisdiction holding both units, agreed by the supported unit, an activity
recorded by one side and confirmed by the other only, the yearly summary and the pairs short of their commitments
flagged; programmes and their activities placed down to the village, listed publicly; bad values refused."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.linkage import services
from changxiao.linkage.models import OutreachActivity, Pair
from changxiao.linkage.tests import factories as f


def _pair(world, **kwargs):
    return services.pair_create(
        year=local_today().year,
        supporter=world.venue_unit,
        supported=world.station_unit,
        commitments="全年送戏4场",
        activities_planned=kwargs.pop("activities_planned", 2),
        by=kwargs.pop("by", world.office),
    )


def test_a_pair_is_agreed_and_its_activities_confirmed_by_the_other_side(world, client):
    station = f.station_staff(world)
    with pytest.raises(PermissionDenied):
        _pair(world, by=world.venue)  # a venue does not pair itself
    pair = _pair(world)
    with pytest.raises(PermissionDenied):
        services.pair_agree(pair=pair, by=world.venue)  # the supported side agrees
    with pytest.raises(ValidationError):
        services.pair_activity_record(
            pair=pair, by=world.venue, title="送戏", held_on=local_today(), kind="performance", audience=100
        )
    services.pair_agree(pair=pair, by=station)
    activity = services.pair_activity_record(
        pair=pair, by=world.venue, title="送戏进社区", held_on=local_today(), kind="performance", audience=150
    )
    with pytest.raises(PermissionDenied):
        services.pair_activity_confirm(activity=activity, by=world.venue)  # not the side that recorded it
    services.pair_activity_confirm(activity=activity, by=station)
    with pytest.raises(ValidationError):
        services.pair_activity_confirm(activity=activity, by=station)
    client.force_login(world.office)
    page = client.get(reverse("linkage:pairs")).content.decode()
    assert "1/2次活动" in page and "未完成年度承诺" in page  # short of its commitments: flagged
    services.pair_activity_confirm(
        activity=services.pair_activity_record(
            pair=pair, by=station, title="骨干培训", held_on=local_today(), kind="training", audience=30
        ),
        by=world.venue,
    )
    page = client.get(pair.get_absolute_url()).content.decode()
    assert "已确认2次活动（承诺2次），服务群众180人次" in page
    assert "未完成年度承诺" not in page


def test_bad_pair_values_are_refused(world):
    with pytest.raises(ValidationError):
        services.pair_create(
            year=local_today().year,
            supporter=world.venue_unit,
            supported=world.venue_unit,
            commitments="x",
            activities_planned=2,
            by=world.office,
        )
    with pytest.raises(ValidationError):
        _pair(world, activities_planned=0)
    _pair(world)
    with pytest.raises(ValidationError):
        _pair(world)  # once a year
    assert Pair.objects.count() == 1


def test_bad_offering_values_are_refused(world):
    menu = f.menu(world)
    base = {
        "title": "锡剧",
        "kind": "performance",
        "description": "演出",
        "capacity": 100,
        "cost_borne": "government",
        "available_from": date(menu.year, 1, 1),
        "available_until": date(menu.year, 12, 31),
        "places": 5,
    }
    for field, value in [
        ("capacity", 0),
        ("places", 0),
        ("places", 10**9),
        ("available_until", date(menu.year, 1, 1) - timedelta(days=1)),
        ("available_from", date(menu.year + 1, 1, 1)),
        ("kind", "fireworks"),
    ]:
        with pytest.raises(ValidationError):
            services.offering_submit(
                menu=menu, provider=world.venue_unit, by=world.venue, **{**base, field: value}
            )
    assert not menu.offerings.exists()


def test_programme_activities_down_to_the_village_are_listed_publicly(world, client):
    programme = services.programme_add(owner=world.city, name="三下乡", by=world.office)
    with pytest.raises(PermissionDenied):
        services.programme_add(owner=world.city, name="四进工程", by=world.district)
    activity = services.activity_record(
        programme=programme,
        organizer=world.venue_unit,
        by=world.venue,
        title="图书捐赠进村",
        region=world.pingjiang,
        held_on=local_today() + timedelta(days=3),
        kind="reading",
        audience_kind="village",
    )
    with pytest.raises(ValidationError):
        services.activity_record(
            programme=programme,
            organizer=world.venue_unit,
            by=world.venue,
            title="未来活动",
            region=world.pingjiang,
            held_on=local_today() + timedelta(days=3),
            kind="reading",
            audience_kind="village",
            audience=100,  # an audience before it is held
        )
    with pytest.raises(ValidationError):
        services.activity_record(
            programme=programme,
            organizer=world.venue_unit,
            by=world.venue,
            title="外市活动",
            region=world.city2,
            held_on=local_today(),
            kind="reading",
            audience_kind="village",
        )
    assert OutreachActivity.objects.count() == 1
    page = client.get(reverse("public:linkage_activities")).content.decode()
    assert "图书捐赠进村" in page
    services.activity_cancel(activity=activity, by=world.venue, reason="重复登记")
    assert "图书捐赠进村" not in client.get(reverse("public:linkage_activities")).content.decode()
