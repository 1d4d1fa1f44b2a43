"""The linkage's to-dos on each person's workbench: the provider's orders to answer and deliveries to report, the
station's deliveries to confirm, the office's items to review, the supported unit's pair to agree."""

from changxiao.core.deadlines import local_today
from changxiao.core.workbench import todos_for
from changxiao.linkage import services
from changxiao.linkage.tests import factories as f


def _titles(user) -> list[str]:
    return [todo.title for todo in todos_for(user)]


def test_each_side_sees_its_next_step(world):
    order = f.order(world)
    f.offering(world, accept=False, title="书法讲座")
    assert any("答复" in t and "锡剧" in t for t in _titles(world.venue))
    assert any("待审核的目录申报项目" in t for t in _titles(world.office))
    assert not any("锡剧" in t for t in _titles(world.leader))
    services.order_accept(order=order, by=world.venue, scheduled_on=local_today())
    assert any("待配送并报告的点单" in t for t in _titles(world.venue))
    services.order_deliver(order=order, by=world.venue, delivered_on=local_today(), attendance=90)
    assert any("请确认" in t and "锡剧" in t for t in _titles(f.station_staff(world)))
    services.pair_create(
        year=local_today().year,
        supporter=world.venue_unit,
        supported=world.station_unit,
        commitments="送戏4场",
        activities_planned=4,
        by=world.office,
    )
    assert any("同意与" in t for t in _titles(f.station_staff(world)))
