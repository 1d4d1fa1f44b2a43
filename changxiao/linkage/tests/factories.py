"""Objects of the linkage made through its services for the tests: a published city menu with one performance of
the 姑苏区 cultural centre (world.venue_unit, the provider), ordered by 平江街道's station (world.station_unit,
whose staff is made here)."""

from datetime import date, timedelta

from changxiao.core.deadlines import local_today
from changxiao.orgs.choices import Role

from .. import services
from ..models import Menu, Offering


def station_staff(world):
    """The person who acts for 平江街道's station (the world has the unit, not its people)."""
    from conftest import make_person

    existing = getattr(world, "station", None)
    if existing is None:
        world.station = make_person("station", world.station_unit, Role.VENUE, full_name="杨帆")
    return world.station


def menu(world, *, year: int | None = None, quota: int = 6) -> Menu:
    year = year or local_today().year
    found = Menu.objects.filter(region=world.city, year=year).first()
    if found:
        return found
    return services.menu_create(
        region=world.city,
        year=year,
        title=f"苏州市{year}年公共文化服务目录",
        by=world.office,
        default_quota=quota,
    )


def offering(
    world, *, places: int = 10, title: str = "锡剧《珍珠塔》折子戏专场", accept: bool = True, the_menu=None
):
    the_menu = the_menu or menu(world)
    year = the_menu.year
    item = services.offering_submit(
        menu=the_menu,
        provider=world.venue_unit,
        by=world.venue,
        title=title,
        kind="performance",
        description="锡剧团折子戏演出，约90分钟。",
        site_needs="舞台10×6米，电源",
        capacity=300,
        cost_borne="government",
        available_from=date(year, 1, 1),
        available_until=date(year, 12, 31),
        places=places,
    )
    if accept:
        services.offering_review(offering=item, by=world.office, accept=True)
    return item


def published_offering(world, **kwargs) -> Offering:
    item = offering(world, **kwargs)
    the_menu = item.menu
    if not the_menu.is_published:
        services.menu_publish(menu=the_menu, by=world.office, confirmed=True)
    item.refresh_from_db()
    return item


def wished_day(year: int | None = None) -> date:
    today = local_today()
    day = today + timedelta(days=10)
    if day.year != today.year:
        day = date(today.year, 12, 31)
    return day


def order(world, item: Offering | None = None, **kwargs):
    item = item or published_offering(world)
    return services.order_place(
        offering=item,
        unit=world.station_unit,
        by=station_staff(world),
        wished_date=kwargs.pop("wished_date", wished_day()),
        audience_expected=kwargs.pop("audience_expected", 120),
        note=kwargs.pop("note", "村文化广场"),
    )
