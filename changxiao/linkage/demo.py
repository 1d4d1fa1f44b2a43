"""Demonstration data of the linkage: 苏州市's menu of the year with more than 200 items (the bulk written at once;
the few items the story uses offered and reviewed through the services), orders from every township station of
姑苏区 and 昆山市 and two village centres in every state — one answered late, turned red — confirmed, partly
delivered and rated; pairs with and without activity; the four programmes of the seed (家在苏州, 三下乡, 四进工程,
群星璀璨) with activities down to the village. The steps of the story are replayed on their days
(core.deadlines.replaying); running it twice changes nothing. Names of stations added here are invented."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from changxiao.core.deadlines import local_today, replaying
from changxiao.core.demo import demo_email, first_member, register_demo, upsert
from changxiao.orgs.choices import Role, UnitKind, VenueType
from changxiao.orgs.models import Membership, Region, Unit

from . import services
from .choices import CostBorne, OfferingKind, OfferingState, OrderState
from .models import Menu, Offering, Order, OutreachActivity, Pair, Programme

CITY = "320500"
# Township stations and a village centre the orgs demo does not have (invented names, real townships).
STATIONS = [
    (
        "GS-CL-ZHAN",
        "沧浪街道综合文化站",
        "320508002",
        VenueType.TOWNSHIP_STATION,
        "GS-WTL",
        "沈丽",
        "0512-65150230",
        "苏州市姑苏区沧浪街道书院巷8号",
    ),
    (
        "GS-JC-ZHAN",
        "金阊街道综合文化站",
        "320508003",
        VenueType.TOWNSHIP_STATION,
        "GS-WTL",
        "钱晓东",
        "0512-65330230",
        "苏州市姑苏区金阊街道石路12号",
    ),
    (
        "KS-YS-ZHAN",
        "玉山镇综合文化站",
        "320583100",
        VenueType.TOWNSHIP_STATION,
        "KS-WGL",
        "顾敏",
        "0512-57520230",
        "昆山市玉山镇亭林路20号",
    ),
    (
        "KS-QD-ZHAN",
        "千灯镇综合文化站",
        "320583104",
        VenueType.TOWNSHIP_STATION,
        "KS-WGL",
        "陆海峰",
        "0512-57460230",
        "昆山市千灯镇尚书路6号",
    ),
    (
        "KS-XMQ-SHI",
        "歇马桥村文化活动室",
        "320583104204",
        VenueType.VILLAGE_ROOM,
        "KS-QD-ZHAN",
        "许阿根",
        "0512-57461120",
        "昆山市千灯镇歇马桥村村委会",
    ),
]
# Every township station of 姑苏区 and 昆山市, and two village centres.
ORDERING = [
    "GS-PJ-ZHAN",
    "GS-CL-ZHAN",
    "GS-JC-ZHAN",
    "KS-YS-ZHAN",
    "KS-ZZ-ZHAN",
    "KS-QD-ZHAN",
    "GS-DR-SHI",
    "KS-QB-SHI",
]
PROVIDERS = ["SZ-WHG", "SZ-LIB", "SZ-MUSEUM", "SZ-ART", "GS-WHG", "KS-LIB", "SZ-TSGXH", "SZ-WHZYZ"]
# The story's items: (provider, title, kind, capacity, places, cost)
STORY_ITEMS = [
    ("SZ-WHG", "锡剧《珍珠塔》折子戏专场", OfferingKind.PERFORMANCE, 300, 20, CostBorne.GOVERNMENT),
    ("SZ-LIB", "“书香苏州”流动图书车进村", OfferingKind.READING, 200, 30, CostBorne.GOVERNMENT),
    ("SZ-MUSEUM", "吴地文物图片巡展", OfferingKind.EXHIBITION, 500, 12, CostBorne.GOVERNMENT),
    ("SZ-ART", "农民画创作培训班", OfferingKind.TRAINING, 40, 10, CostBorne.SHARED),
    ("GS-WHG", "苏州评弹书场", OfferingKind.PERFORMANCE, 150, 15, CostBorne.GOVERNMENT),
    ("SZ-TSGXH", "非遗保护与传承讲座", OfferingKind.LECTURE, 120, 20, CostBorne.PROVIDER),
]
TOPICS = {
    OfferingKind.PERFORMANCE: [
        "昆曲",
        "评弹",
        "锡剧",
        "越剧",
        "沪剧",
        "民乐",
        "舞蹈",
        "杂技",
        "小品",
        "合唱",
    ],
    OfferingKind.EXHIBITION: [
        "书法",
        "摄影",
        "年画",
        "刺绣",
        "园林",
        "运河",
        "红色记忆",
        "非遗",
        "科普",
        "廉政",
    ],
    OfferingKind.LECTURE: [
        "健康",
        "法治",
        "家风",
        "文学",
        "历史",
        "园林",
        "非遗",
        "科普",
        "反诈",
        "垃圾分类",
    ],
    OfferingKind.TRAINING: [
        "广场舞",
        "书法",
        "摄影",
        "合唱",
        "剪纸",
        "苏绣",
        "太极",
        "手机使用",
        "主持",
        "戏曲",
    ],
    OfferingKind.FILM: [
        "经典影片",
        "儿童电影",
        "科教片",
        "戏曲电影",
        "纪录片",
        "红色电影",
        "农业科技片",
        "法治电影",
        "动画片",
        "新片",
    ],
    OfferingKind.READING: [
        "亲子阅读",
        "绘本",
        "读书会",
        "朗诵",
        "流动书箱",
        "诗词",
        "家书",
        "科普阅读",
        "经典诵读",
        "阅读推广",
    ],
}
FORMS = {
    OfferingKind.PERFORMANCE: "专场演出",
    OfferingKind.EXHIBITION: "主题展览",
    OfferingKind.LECTURE: "公益讲座",
    OfferingKind.TRAINING: "培训班",
    OfferingKind.FILM: "公益放映",
    OfferingKind.READING: "阅读活动",
}
SERIES = ["", "（二）", "（三）", "（四）"]
PROGRAMMES = [
    ("家在苏州", "面向新市民和外来务工人员的融入系列活动。"),
    ("文化科技卫生“三下乡”", "文化、科技、卫生资源下乡进村，结对帮扶。"),
    ("四进工程", "文化进社区、进农村、进学校、进企业。"),
    ("群星璀璨", "群众文艺创作展演惠民系列活动。"),
]


def _unit(code: str) -> Unit:
    return Unit.objects.select_related("region").get(code=code)


def _person(unit: Unit, full_name: str):
    """Whoever acts for a station in the story: its first member, or a demo account made for it."""
    person = first_member(unit)
    if person is not None:
        return person
    # A contact person of the unit, as orgs' demo makes them: named, with no password (the demo logins sign in).
    username = f"linkage-{unit.code.lower()}"
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"full_name": full_name, "email": demo_email(username)}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, unit=unit, role=Role.VENUE)
    return user


def _stations() -> None:
    for code, name, region_code, venue_type, parent, contact, phone, address in STATIONS:
        upsert(
            Unit,
            {"code": code},
            {
                "name": name,
                "kind": UnitKind.VENUE,
                "venue_type": venue_type,
                "region": Region.objects.get(code=region_code),
                "parent": Unit.objects.filter(code=parent).first(),
                "contact_name": contact,
                "leader_name": contact,
                "contact_phone": phone,
                "address": address,
            },
        )


def _days(year: int) -> list[date]:
    """Six days of the story, a working week or so apart, ending before today (compressed early in January)."""
    today = local_today()
    start = max(date(year, 1, 2), today - timedelta(days=24))
    span = max((today - start).days - 1, 0)
    return [start + timedelta(days=min(span, step)) for step in (0, 2, 4, 8, 12, span)]


def _bulk_items(menu: Menu, providers: list[Unit], year: int) -> None:
    """More than 200 items at once: the menu as a city publishes it (nothing in the story needs their steps)."""
    if menu.offerings.count() >= 200:
        return
    rows = []
    number = 0
    for series in SERIES:
        for kind, topics in TOPICS.items():
            for index, topic in enumerate(topics):
                number += 1
                provider = providers[(number + index) % len(providers)]
                item = Offering(
                    menu=menu,
                    provider=provider,
                    code=f"{year}-{number:04d}",
                    title=f"{topic}{FORMS[kind]}{series}",
                    kind=kind,
                    description=f"{provider.name}提供的{topic}{FORMS[kind]}，可按村（社区）需要调整内容。",
                    site_needs="室内活动室或文化广场，电源"
                    if kind != OfferingKind.READING
                    else "阅览室或活动室",
                    capacity=[60, 120, 200, 300][number % 4],
                    cost_borne=[
                        CostBorne.GOVERNMENT,
                        CostBorne.GOVERNMENT,
                        CostBorne.SHARED,
                        CostBorne.PROVIDER,
                    ][number % 4],
                    available_from=date(year, 1, 1),
                    available_until=date(year, 12, 31),
                    places=[4, 6, 8, 12][number % 4],
                    state=OfferingState.ACCEPTED,
                )
                item.search_text = services.search_text_of(item, provider)
                rows.append(item)
    Offering.objects.bulk_create(rows)


def _story_items(menu: Menu, office_person, year: int) -> list[Offering]:
    items = []
    for code, title, kind, capacity, places, cost in STORY_ITEMS:
        provider = _unit(code)
        item = Offering.objects.filter(menu=menu, title=title).first()
        if item is None:
            item = services.offering_submit(
                menu=menu,
                provider=provider,
                by=_person(provider, provider.contact_name or provider.name),
                title=title,
                kind=kind,
                description=f"{provider.name}送文化下基层：{title}。",
                site_needs="舞台或活动室，电源，座椅",
                capacity=capacity,
                cost_borne=cost,
                available_from=date(year, 1, 1),
                available_until=date(year, 12, 31),
                places=places,
                code=f"{year}-S{len(items) + 1:02d}",
            )
            services.offering_review(offering=item, by=office_person, accept=True, note="符合目录要求")
        items.append(item)
    # One item offered and waiting for the office's review.
    provider = _unit("KS-LIB")
    if not Offering.objects.filter(menu=menu, title="数字阅读体验进村").exists():
        services.offering_submit(
            menu=menu,
            provider=provider,
            by=_person(provider, "孙悦"),
            title="数字阅读体验进村",
            kind=OfferingKind.READING,
            description="电子书借阅机与VR阅读体验。",
            capacity=80,
            cost_borne=CostBorne.GOVERNMENT,
            available_from=date(year, 3, 1),
            available_until=date(year, 12, 31),
            places=8,
        )
    return items


def _orders(menu: Menu, items: list[Offering], year: int) -> None:
    """Every ordering unit's orders in every state, each step on its day."""
    if Order.objects.filter(offering__menu=menu).exists():
        return
    d = _days(year)
    today = local_today()
    states = [
        OrderState.COMPLETED,
        OrderState.DELIVERED,
        OrderState.ACCEPTED,
        OrderState.ORDERED,
        OrderState.DECLINED,
        OrderState.CANCELLED,
    ]
    for number, code in enumerate(ORDERING):
        unit = _unit(code)
        person = _person(unit, unit.contact_name or unit.name)
        for step, target in enumerate(states):
            item = items[(number + step) % len(items)]
            provider_person = _person(item.provider, item.provider.contact_name or item.provider.name)
            # The late one: ordered on the first day, never answered (red on the overview); the others of this
            # state ordered on the last day, still within their answer time.
            late = target == OrderState.ORDERED and number % 2 == 0
            day = d[0] if target != OrderState.ORDERED or late else today
            with replaying(day):
                order = services.order_place(
                    offering=item,
                    unit=unit,
                    by=person,
                    wished_date=min(d[3] + timedelta(days=number), today)
                    if target != OrderState.ORDERED
                    else date(year, 12, 31)
                    if today.year == year
                    else today,
                    audience_expected=80 + 20 * step,
                    note="村文化广场" if unit.venue_type == VenueType.VILLAGE_ROOM else "文化站多功能厅",
                )
            if target == OrderState.ORDERED:
                continue
            if target == OrderState.CANCELLED:
                with replaying(d[1]):
                    services.order_cancel(order=order, by=person, reason="场地临时用于防汛物资存放")
                continue
            if target == OrderState.DECLINED:
                with replaying(d[1]):
                    services.order_decline(
                        order=order, by=provider_person, reason="演职人员档期已满，建议改订下半年场次"
                    )
                continue
            scheduled = d[3] if target != OrderState.ACCEPTED else today + timedelta(days=7 + number)
            if scheduled.year != year:
                scheduled = date(year, 12, 31)
            with replaying(d[1] if number % 3 else d[2]):  # some answered on the last day allowed
                services.order_accept(order=order, by=provider_person, scheduled_on=max(scheduled, d[2]))
            if target == OrderState.ACCEPTED:
                continue
            with replaying(d[4]):
                services.order_deliver(
                    order=order, by=provider_person, delivered_on=max(d[3], d[2]), attendance=60 + 15 * number
                )
            if target == OrderState.DELIVERED:
                continue
            with replaying(d[5]):
                partial = number % 4 == 1
                services.order_confirm(
                    order=order,
                    by=person,
                    extent="partial" if partial else "full",
                    rating=3 if partial else 5 - number % 2,
                    comment="音响设备故障，少演一个节目" if partial else "群众反响热烈",
                )
                services.resident_rate(order=order, score=5, comment="家门口看大戏，很好")


def _pairs(office_person, year: int) -> None:
    d = _days(year)
    pairs = [
        ("SZ-WHG", "KS-ZZ-ZHAN", True),
        ("SZ-LIB", "GS-DR-SHI", True),
        ("GS-WHG", "GS-PJ-ZHAN", False),  # agreed, nothing done: flagged
        ("SZ-MUSEUM", "KS-QB-SHI", None),  # proposed, not yet agreed
    ]
    for supporter_code, supported_code, active in pairs:
        supporter, supported = _unit(supporter_code), _unit(supported_code)
        if Pair.objects.current().filter(year=year, supporter=supporter, supported=supported).exists():
            continue
        with replaying(d[0]):
            pair = services.pair_create(
                year=year,
                supporter=supporter,
                supported=supported,
                commitments="全年送演出、讲座、培训不少于4次；指导组建一支群众文艺团队；捐赠图书200册。",
                activities_planned=4,
                by=office_person,
            )
        if active is None:
            continue
        supported_person = _person(supported, supported.contact_name or supported.name)
        with replaying(d[1]):
            services.pair_agree(pair=pair, by=supported_person)
        if not active:
            continue
        supporter_person = _person(supporter, supporter.contact_name or supporter.name)
        for index, title in enumerate(["结对送戏下乡", "业务骨干培训", "捐赠图书"]):
            with replaying(d[2 + index]):
                activity = services.pair_activity_record(
                    pair=pair,
                    by=supporter_person,
                    title=title,
                    held_on=d[2 + index],
                    kind=[OfferingKind.PERFORMANCE, OfferingKind.TRAINING, OfferingKind.READING][index],
                    audience=[180, 35, 90][index],
                )
            if index < 2:
                with replaying(d[5]):
                    services.pair_activity_confirm(activity=activity, by=supported_person)


def _programmes(office_person, city: Region, year: int) -> None:
    d = _days(year)
    today = local_today()
    programmes = []
    for name, description in PROGRAMMES:
        programme = Programme.objects.filter(owner=city, name=name).first()
        if programme is None:
            programme = services.programme_add(
                owner=city, name=name, description=description, by=office_person
            )
        programmes.append(programme)
    if OutreachActivity.objects.filter(programme__in=programmes).exists():
        return
    plan = [
        (
            0,
            "SZ-WHG",
            "新市民融入专场文艺演出",
            "320583100",
            OfferingKind.PERFORMANCE,
            "enterprise",
            d[1],
            420,
        ),
        (1, "SZ-LIB", "三下乡图书捐赠与阅读推广", "320583102201", OfferingKind.READING, "village", d[2], 260),
        (1, "SZ-MUSEUM", "三下乡文物知识讲座", "320583104204", OfferingKind.LECTURE, "village", d[3], 120),
        (2, "GS-WHG", "评弹进校园", "320508002", OfferingKind.PERFORMANCE, "school", d[3], 300),
        (2, "GS-WHG", "广场舞进社区培训", "320508001002", OfferingKind.TRAINING, "community", d[4], 80),
        (
            3,
            "SZ-WHG",
            "群星璀璨·周末广场文艺演出",
            "320508001",
            OfferingKind.PERFORMANCE,
            "community",
            d[4],
            650,
        ),
        (
            3,
            "SZ-WHG",
            "群星璀璨·乡村文艺汇演",
            "320583102201",
            OfferingKind.PERFORMANCE,
            "village",
            today + timedelta(days=12),
            None,
        ),
    ]
    for index, organizer_code, title, region_code, kind, audience_kind, day, audience in plan:
        organizer = _unit(organizer_code)
        with replaying(min(day, today)):
            services.activity_record(
                programme=programmes[index],
                organizer=organizer,
                by=office_person,
                title=title,
                region=Region.objects.get(code=region_code),
                held_on=day,
                kind=kind,
                audience_kind=audience_kind,
                audience=audience,
                partners="市文明办、团市委" if index == 1 else "",
                description=f"{title}，由{organizer.name}组织。",
            )


@register_demo("linkage", order=450)
def load(stdout) -> None:
    city = Region.objects.get(code=CITY)
    office_person = first_member(Unit.objects.get(code="SZ-OFFICE"))
    year = local_today().year
    _stations()
    menu = Menu.objects.filter(region=city, year=year).first()
    if menu is None:
        menu = services.menu_create(
            region=city,
            year=year,
            title=f"苏州市{year}年公共文化服务“点单”目录",
            by=office_person,
            default_quota=8,
            reply_workdays=5,
            coverage_times=2,
        )
    providers = [_unit(code) for code in PROVIDERS]
    items = _story_items(menu, office_person, year)
    _bulk_items(menu, providers, year)
    if not menu.is_published:
        services.menu_publish(menu=menu, by=office_person, confirmed=True)
    _orders(menu, items, year)
    _pairs(office_person, year)
    _programmes(office_person, city, year)
    stdout.write(
        f"linkage: {menu.offerings.count()} items, {Order.objects.filter(offering__menu=menu).count()} orders"
    )
