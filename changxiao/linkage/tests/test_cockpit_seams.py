"""The linkage in the cockpit: an order past its answer deadline and a township with villages not yet reached are
warnings with owner, deadline and link, seen only within the person's scope; the annual report's section carries the
metrics' figures."""

from datetime import date, timedelta

from changxiao.core.annual_report import metric_figure
from changxiao.core.attention import attention_for
from changxiao.core.deadlines import local_today, replaying
from changxiao.core.metrics import records_url
from changxiao.linkage.annual_report import section
from changxiao.linkage.attention import overdue_orders, unreached_villages
from changxiao.linkage.metrics import COVERAGE, ON_TIME
from changxiao.linkage.services import order_accept
from changxiao.orgs.choices import RegionLevel
from conftest import make_region

from . import factories as f


def _late_order(world):
    """An order placed three weeks ago, not answered since."""
    with replaying(local_today() - timedelta(days=21)):
        return f.order(world)


def test_an_order_not_answered_in_time_is_a_warning_for_those_who_see_it(world):
    order = _late_order(world)
    [item] = overdue_orders(world.office, world.city.path)
    assert item.owner == world.venue_unit.name and item.deadline == order.reply_due < local_today()
    assert item.url == order.get_absolute_url() and order.code in item.title
    assert item.severity == "yellow"  # red once the sweep escalates it to the office
    assert [i.url for i in overdue_orders(world.district, world.gusu.path)] == [item.url]
    assert any(i.url == item.url for i in attention_for(world.leader, world.city.path))
    assert overdue_orders(world.office2, world.city.path) == []
    assert overdue_orders(world.office2, world.city2.path) == []
    assert overdue_orders(world.outsider, world.city.path) == []
    order_accept(order=order, by=world.venue, scheduled_on=local_today())
    assert overdue_orders(world.office, world.city.path) == []


def test_a_township_with_villages_not_reached_is_a_warning_within_the_persons_scope(world):
    for code, name in (("320508001101", "大儒社区"), ("320508001102", "桃花坞社区")):
        make_region(code, name, RegionLevel.VILLAGE, world.pingjiang)
    year = local_today().year
    [item] = unreached_villages(world.office, world.city.path)
    assert "平江街道" in item.title and "2" in item.title and item.owner == "平江街道"
    assert item.deadline == date(year, 12, 31) and item.region_path == world.pingjiang.path
    assert item.url == records_url("linkage:metric_records", world.pingjiang, year, COVERAGE)
    assert [i.url for i in unreached_villages(world.district, world.gusu.path)] == [item.url]
    # A province-wide question still answers within the person's own jurisdiction only.
    assert [i.url for i in unreached_villages(world.district, world.province.path)] == [item.url]
    assert unreached_villages(world.office2, world.city.path) == []
    assert unreached_villages(world.office2, world.province.path) == []
    assert unreached_villages(world.outsider, world.city.path) == []


def test_the_report_section_carries_the_metrics_figures(world):
    make_region("320508001101", "大儒社区", RegionLevel.VILLAGE, world.pingjiang)
    year = local_today().year
    order = f.order(world)
    part = section(world.city, year)
    assert part.key == "linkage" and part.figures[2] == metric_figure(COVERAGE, world.city, year)
    assert part.figures[2].value == "0.0%（0/1）"
    assert part.figures[5] == metric_figure(ON_TIME, world.city, year)
    assert part.figures[0].value == "0场" and part.figures[2].value in part.paragraphs[0]
    assert order.code and part.figures[1].value == "0场"  # the order waits: reached nowhere yet
