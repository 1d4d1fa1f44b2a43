"""The service menu's orders through the services: quota held (also under concurrency on PostgreSQL), a unit orders
only for itself, a provider sees only its orders, the answer deadline, delivery confirmed by both sides and rated."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from changxiao.core.deadlines import add_workdays, local_today
from changxiao.linkage import services
from changxiao.linkage.choices import OrderState
from changxiao.linkage.models import Offering, Order, Quota
from changxiao.linkage.tests import factories as f
from changxiao.orgs.choices import Role, UnitKind, VenueType
from conftest import at_once, make_person, make_unit


def test_an_order_takes_a_place_and_the_answer_is_due_in_working_days(world):
    order = f.order(world)
    assert order.state == OrderState.ORDERED
    assert order.code.startswith(f"DD{order.year}")
    assert order.reply_due == add_workdays(local_today(), 5)
    assert Quota.objects.get(unit=world.station_unit).used == 1
    assert Offering.objects.get(pk=order.offering_id).places_taken == 1


def test_the_quota_refuses_the_order_beyond_it(world):
    item = f.published_offering(world)
    services.quota_set(menu=item.menu, unit=world.station_unit, places=1, by=world.office)
    f.order(world, item)
    with pytest.raises(ValidationError, match="名额"):
        f.order(world, item)
    assert Order.objects.count() == 1


def test_a_declined_or_cancelled_order_gives_its_place_back(world):
    order = f.order(world)
    services.order_decline(order=order, by=world.venue, reason="演员档期冲突")
    assert Quota.objects.get(unit=world.station_unit).used == 0
    second = f.order(world)
    services.order_cancel(order=second, by=f.station_staff(world), reason="场地维修")
    assert Quota.objects.get(unit=world.station_unit).used == 0
    assert Offering.objects.get(pk=order.offering_id).places_taken == 0


def test_a_unit_cannot_order_for_another(world):
    item = f.published_offering(world)
    day = f.wished_day()
    # The office acts for its own unit, not for the station.
    for person in (world.office, world.venue, world.district, world.leader):
        with pytest.raises(PermissionDenied):
            services.order_place(
                offering=item, unit=world.station_unit, by=person, wished_date=day, audience_expected=50
            )
    # A station's person orders for its own unit only.
    other = make_unit(
        "GS-CL-ZHAN",
        "沧浪街道综合文化站",
        UnitKind.VENUE,
        world.pingjiang,
        venue_type=VenueType.TOWNSHIP_STATION,
    )
    with pytest.raises(PermissionDenied):
        services.order_place(
            offering=item, unit=other, by=f.station_staff(world), wished_date=day, audience_expected=50
        )
    assert not Order.objects.exists()


def test_bad_dates_and_counts_are_refused_with_a_message(world):
    item = f.published_offering(world)
    person = f.station_staff(world)
    cases = [
        ({"wished_date": local_today() - timedelta(days=1), "audience_expected": 50}, "早于今天"),
        ({"wished_date": date(local_today().year + 1, 1, 5), "audience_expected": 50}, "可预约时间"),
        ({"wished_date": f.wished_day(), "audience_expected": 0}, "之间"),
        ({"wished_date": f.wished_day(), "audience_expected": 10**9}, "之间"),
    ]
    for values, message in cases:
        with pytest.raises(ValidationError, match=message):
            services.order_place(offering=item, unit=world.station_unit, by=person, **values)
    assert not Order.objects.exists()
    assert not Quota.objects.filter(used__gt=0).exists()


def test_the_full_path_delivered_confirmed_and_rated(world):
    order = f.order(world)
    station = f.station_staff(world)
    with pytest.raises(PermissionDenied):
        services.order_accept(order=order, by=station, scheduled_on=f.wished_day())
    services.order_accept(order=order, by=world.venue, scheduled_on=f.wished_day(), note="提前一天进场")
    order.refresh_from_db()
    assert order.state == OrderState.ACCEPTED and order.answered_on == local_today()
    services.order_deliver(order=order, by=world.venue, delivered_on=local_today(), attendance=260)
    with pytest.raises(PermissionDenied):
        services.order_confirm(order=order, by=world.venue, extent="full", rating=5)
    with pytest.raises(ValidationError, match="未配送"):
        services.order_confirm(order=order, by=station, extent="partial", rating=3)
    services.order_confirm(
        order=order, by=station, extent="partial", rating=3, comment="音响故障，缺一个节目"
    )
    order.refresh_from_db()
    assert order.state == OrderState.COMPLETED and order.extent == "partial" and order.rating == 3
    services.order_rating_correct(
        order=order, by=station, extent="full", rating=4, comment="", reason="补演了缺的节目"
    )
    order.refresh_from_db()
    assert (order.extent, order.rating) == ("full", 4)
    services.resident_rate(order=order, score=5, comment="好看")
    assert order.resident_ratings.count() == 1


def test_a_provider_sees_only_its_orders(world):
    order = f.order(world)
    other_provider = make_unit("SZ-XJT", "苏州市锡剧团", UnitKind.SOCIAL_ORGANIZATION, world.city)
    troupe = make_person("troupe", other_provider, Role.MEMBER)
    assert Order.objects.visible_to(world.venue).filter(pk=order.pk).exists()
    assert not Order.objects.visible_to(troupe).exists()
    assert not Order.objects.visible_to(world.outsider).exists()
    assert not Order.objects.visible_to(world.member).exists()
    assert (
        Order.objects.visible_to(world.office).exists() and Order.objects.visible_to(world.district).exists()
    )


@pytest.mark.django_db(transaction=True)
def test_two_orders_racing_for_the_last_place_exactly_one_succeeds(world):
    item = f.published_offering(world)
    services.quota_set(menu=item.menu, unit=world.station_unit, places=1, by=world.office)
    person = f.station_staff(world)
    outcomes = []

    def place():
        try:
            services.order_place(
                offering=Offering.objects.get(pk=item.pk),
                unit=world.station_unit,
                by=person,
                wished_date=f.wished_day(),
                audience_expected=80,
            )
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")

    at_once(place, 2)
    assert sorted(outcomes) == ["ok", "refused"]
    assert Order.objects.count() == 1
    assert Quota.objects.get(unit=world.station_unit).used == 1
