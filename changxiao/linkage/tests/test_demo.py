"""The linkage's demonstration data: a menu of at least 200 items, orders from every township of 姑苏区 and 昆山市
in every state (one late), pairs with and without activity, the programmes; idempotent; and fast enough to be
loaded by the suite several times."""

import io
import time

import pytest

from changxiao.core.deadlines import local_today
from changxiao.core.demo import discover_loaders
from changxiao.core.metrics import get_metric
from changxiao.linkage.choices import OrderState
from changxiao.linkage.models import Menu, Offering, Order, OutreachActivity, Pair, Programme
from changxiao.orgs.choices import RegionLevel
from changxiao.orgs.models import Region
from changxiao.orgs.scope import within


def _load(names: set[str]) -> float:
    started = time.perf_counter()
    for loader in discover_loaders():
        if loader.name in names:
            started = time.perf_counter() if loader.name == "linkage" else started
            loader.func(io.StringIO())
    return time.perf_counter() - started


@pytest.mark.django_db
def test_demo_menu_orders_pairs_and_programmes():
    _load({"orgs", "linkage"})
    menu = Menu.objects.get(region__code="320500", year=local_today().year)
    assert menu.is_published
    assert Offering.objects.filter(menu=menu, state="accepted").count() >= 200
    assert Offering.objects.filter(menu=menu, state="submitted").exists()
    orders = Order.objects.filter(offering__menu=menu)
    assert set(orders.values_list("state", flat=True)) == set(OrderState.values)
    for district in ("320508", "320583"):
        townships = Region.objects.filter(
            within(Region.objects.get(code=district), "path"), level=RegionLevel.TOWNSHIP
        )
        for township in townships:
            assert orders.filter(within(township)).exists(), township.name
    assert orders.filter(state=OrderState.COMPLETED, extent="partial").exists()
    pairs = Pair.objects.filter(year=menu.year)
    assert pairs.filter(activities__confirmed_on__isnull=False).exists()
    assert pairs.filter(state="agreed", activities__isnull=True).exists()
    assert Programme.objects.count() == 4 and OutreachActivity.objects.count() >= 6
    coverage = get_metric("linkage.village_coverage").value_for(Region.objects.get(code="320500"), menu.year)
    assert coverage.denominator and coverage.value is not None
    counts = (
        Offering.objects.count(),
        Order.objects.count(),
        Pair.objects.count(),
        OutreachActivity.objects.count(),
    )
    _load({"linkage"})
    assert (
        Offering.objects.count(),
        Order.objects.count(),
        Pair.objects.count(),
        OutreachActivity.objects.count(),
    ) == counts
