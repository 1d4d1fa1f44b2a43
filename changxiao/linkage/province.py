"""Urban-rural linkage in the province (core.province): each city's published menu with items offered by the county
culture centres and libraries, the villages' orders of the year (100,000 at scale 1) in every state with their dates,
a pairing of each county culture centre with a township station, and outreach activities (50,000 at scale 1)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from changxiao.core.province import BATCH, Province, register_province

from .choices import AudienceKind, CostBorne, MenuState, OfferingKind, OfferingState, OrderState, PairState
from .models import Menu, Offering, Order, OutreachActivity, Pair, Programme

ORDERS = 100_000
OUTREACH = 50_000
ITEMS_PER_PROVIDER = 5


@register_province("linkage", order=300, occupied_by=("linkage.Menu",))
def generate(province: Province) -> dict[str, int]:
    tree, year, today = province.tree, province.year, province.today
    parent_of = tree["parent_of"]
    published = timezone.make_aware(datetime(year, 1, 5, 10))
    menus = Menu.objects.bulk_create(
        Menu(
            region=c,
            year=year,
            title=f"{c.name}{year}年公共文化服务菜单",
            state=MenuState.PUBLISHED,
            published_at=published,
        )
        for c in tree["cities"]
    )
    menu_of = {m.region_id: m for m in menus}
    kinds = list(OfferingKind.values)
    providers = tree["culture_centres"] + tree["libraries"]
    offerings = Offering.objects.bulk_create(
        Offering(
            menu=menu_of[parent_of[p.region_id]],
            provider=p,
            title=f"{p.name}送{OfferingKind(kinds[k % len(kinds)]).label}下乡"[:100],
            kind=kinds[k % len(kinds)],
            description="送到村里的文化服务",
            capacity=200,
            cost_borne=CostBorne.GOVERNMENT,
            available_from=date(year, 1, 1),
            available_until=date(year, 12, 31),
            places=1_000,
            state=OfferingState.ACCEPTED,
            created_by=province.admin,
        )
        for p in providers
        for k in range(ITEMS_PER_PROVIDER)
    )
    by_city: dict[int, list[Offering]] = {}
    for offering in offerings:
        by_city.setdefault(offering.menu.region_id, []).append(offering)
    rng = province.rng("linkage")
    days = max(1, (today - date(year, 1, 1)).days)
    centres = tree["centres"]
    orders = []
    for n in range(province.volume(ORDERS)):
        centre = centres[n % len(centres)]
        city = parent_of[parent_of[parent_of[centre.region_id]]]
        offering = by_city[city][n % len(by_city[city])]
        ordered = date(year, 1, 6) + timedelta(days=rng.randrange(days))
        ordered = min(ordered, today)
        state = rng.choice([OrderState.COMPLETED] * 3 + [OrderState.ACCEPTED, OrderState.ORDERED])
        answered = ordered + timedelta(days=2) if state != OrderState.ORDERED else None
        delivered = ordered + timedelta(days=14) if state == OrderState.COMPLETED else None
        if delivered and delivered > today:
            state, delivered = OrderState.ACCEPTED, None
        offering.places_taken += 1
        orders.append(
            Order(
                code=f"PO{n:09d}",
                offering=offering,
                unit=centre,
                region=centre.region,
                year=year,
                state=state,
                wished_date=ordered + timedelta(days=14),
                audience_expected=80,
                ordered_at=timezone.make_aware(datetime.combine(ordered, time(9))),
                reply_due=ordered + timedelta(days=5),
                answered_on=answered,
                scheduled_on=ordered + timedelta(days=14) if answered else None,
                delivered_on=delivered,
                attendance=rng.randint(40, 150) if delivered else None,
                extent="full" if delivered else "",
                rating=rng.randint(3, 5) if delivered else None,
                completed_on=delivered + timedelta(days=1) if delivered else None,
            )
        )
    Order.objects.bulk_create(orders, batch_size=BATCH)
    Offering.objects.bulk_update(offerings, ["places_taken"], batch_size=BATCH)
    stations_by_county: dict[int, list] = {}
    for station in tree["stations"]:
        stations_by_county.setdefault(parent_of[station.region_id], []).append(station)
    pairs = Pair.objects.bulk_create(
        Pair(
            year=year,
            supporter=centre,
            supported=stations_by_county[centre.region_id][0],
            commitments="每季度送一场演出、一次培训",
            state=PairState.AGREED,
            agreed_on=date(year, 1, 10),
            created_by=province.admin,
        )
        for centre in tree["culture_centres"]
    )
    programmes = Programme.objects.bulk_create(
        Programme(owner=c, name=name) for c in tree["cities"] for name in ("三下乡", "四进工程", "群星璀璨")
    )
    audiences = list(AudienceKind.values)
    outreach = OutreachActivity.objects.bulk_create(
        (
            OutreachActivity(
                programme=programmes[n % len(programmes)],
                organizer=providers[n % len(providers)],
                title=f"文化惠民活动第{n + 1}场",
                region=centres[n % len(centres)].region,
                held_on=date(year, 1, 1) + timedelta(days=rng.randrange(days)),
                kind=kinds[n % len(kinds)],
                audience_kind=audiences[n % len(audiences)],
                audience=rng.randint(50, 500),
                created_by=province.admin,
            )
            for n in range(province.volume(OUTREACH))
        ),
        batch_size=BATCH,
    )
    return {
        "menu items": len(offerings),
        "orders": len(orders),
        "pairs": len(pairs),
        "outreach activities": len(outreach),
    }
