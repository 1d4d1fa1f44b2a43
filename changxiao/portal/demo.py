"""Demonstration data of the portal: the facility directory of 姑苏区 and 昆山市 down to the village centres, with their
hours (weekends, public holidays, a summer season), a closure announced 3 days ahead (flagged with the 7-day rule)
and an emergency one (accepted), a season of activities — the past ones with their attendance, the coming ones
bookable. Written through the services; running it twice changes nothing. Addresses and phone numbers are made up."""

import zlib
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from changxiao.core.deadlines import local_today
from changxiao.core.demo import demo_actor, register_demo
from changxiao.orgs.models import Region, Unit

from . import services
from .models import Facility

ALL_WEEK = (1, 2, 3, 4, 5, 6, 7)
TUE_SUN = (2, 3, 4, 5, 6, 7)
WEEKDAYS = (1, 2, 3, 4, 5)

# name, kind, level, region code, managing unit code, address, days, opens, closes, holiday hours, extra
FACILITIES = [
    (
        "姑苏区图书馆",
        "library",
        "county",
        "320508",
        "GS-WTL",
        "苏州市姑苏区干将西路1号",
        TUE_SUN,
        time(9),
        time(20),
        True,
        {
            "free_services": "图书借阅\n报刊阅览\n少儿阅读\n公益讲座",
            "accessibility": "无障碍通道、无障碍卫生间、盲文阅览区",
        },
    ),
    (
        "姑苏区文化馆",
        "culture_centre",
        "county",
        "320508",
        "GS-WHG",
        "苏州市姑苏区道前街12号",
        TUE_SUN,
        time(9),
        time(17),
        True,
        {
            "free_services": "排练厅开放\n公益培训\n展览",
            "fees": "专业剧场租用：800元/场",
            "fee_approval": "苏价费〔2021〕18号",
            "pupils_free_day": "每月第一个星期六",
        },
    ),
    (
        "平江街道综合文化站",
        "township_centre",
        "township",
        "320508001",
        "GS-PJ-ZHAN",
        "苏州市姑苏区平江路大儒巷12号",
        ALL_WEEK,
        time(8, 30),
        time(17),
        True,
        {"free_services": "多功能活动室\n书报阅览\n电子阅览"},
    ),
    (
        "大儒社区综合文化服务中心",
        "village_centre",
        "village",
        "320508001002",
        "GS-DR-SHI",
        "苏州市姑苏区大儒巷社区服务中心",
        WEEKDAYS,
        time(9),
        time(16),
        False,
        {"free_services": "书报阅览\n文体活动"},
    ),
    (
        "沧浪街道农家书屋",
        "reading_room",
        "township",
        "320508002",
        "GS-WTL",
        "苏州市姑苏区沧浪街道书院巷5号",
        WEEKDAYS,
        time(9),
        time(17),
        False,
        {},
    ),
    (
        "昆山市图书馆",
        "library",
        "county",
        "320583",
        "KS-LIB",
        "昆山市玉山镇前进中路306号",
        ALL_WEEK,
        time(9),
        time(21),
        True,
        {"free_services": "图书借阅\n数字资源\n自习室", "accessibility": "无障碍电梯、轮椅借用"},
    ),
    (
        "周庄镇综合文化站",
        "township_centre",
        "township",
        "320583102",
        "KS-ZZ-ZHAN",
        "昆山市周庄镇全福路88号",
        TUE_SUN,
        time(8, 30),
        time(17),
        True,
        {"free_services": "昆曲培训\n书报阅览"},
    ),
    (
        "祁浜村综合文化服务中心",
        "village_centre",
        "village",
        "320583102201",
        "KS-QB-SHI",
        "昆山市周庄镇祁浜村村委会",
        ALL_WEEK,
        time(8),
        time(14),
        True,
        {"free_services": "书屋\n广场舞场地"},
    ),
]

ACTIVITIES = [
    ("“苏州园林与诗词”公益讲座", "lecture", "姑苏区图书馆", 40),
    ("评弹欣赏会", "performance", "姑苏区文化馆", 120),
    ("少儿绘本共读", "reading", "姑苏区图书馆", 20),
    ("昆曲身段体验课", "training", "周庄镇综合文化站", 15),
    ("非遗剪纸展", "exhibition", "平江街道综合文化站", None),
    ("露天电影放映", "film", "祁浜村综合文化服务中心", None),
    ("“江南水乡”摄影讲座", "lecture", "昆山市图书馆", 60),
    ("广场舞培训", "training", "大儒社区综合文化服务中心", None),
]


@register_demo("portal", order=80)
def load(stdout) -> None:
    if Facility.objects.filter(name=FACILITIES[0][0]).exists():
        return
    by = demo_actor()
    regions = {r.code: r for r in Region.objects.filter(code__in={f[3] for f in FACILITIES})}
    units = {u.code: u for u in Unit.objects.filter(code__in={f[4] for f in FACILITIES})}
    made = {}
    for name, kind, level, region, unit, address, days, opens, closes, holidays, extra in FACILITIES:
        if region not in regions or unit not in units:
            continue
        facility = services.facility_add(
            by=by,
            unit=units[unit],
            region=regions[region],
            name=name,
            kind=kind,
            level=level,
            address=address,
            phone=f"0512-6{zlib.crc32(name.encode()) % 10_000_000:07d}",
            **extra,
        )
        services.hours_add(
            facility=facility, by=by, kind="regular", weekdays=list(days), opens=opens, closes=closes
        )
        if holidays:
            services.hours_add(
                facility=facility,
                by=by,
                kind="holiday",
                weekdays=[],
                opens=time(9),
                closes=time(16),
                note="节假日",
            )
        made[name] = facility
    today = local_today()
    if "姑苏区图书馆" in made and date(today.year, 8, 31) >= today:
        services.hours_add(
            facility=made["姑苏区图书馆"],
            by=by,
            kind="seasonal",
            weekdays=list(TUE_SUN),
            opens=time(8, 30),
            closes=time(21),
            valid_from=max(date(today.year, 7, 1), today),
            valid_to=date(today.year, 8, 31),
            note="暑期延时",
        )
    if "平江街道综合文化站" in made:
        start = today + timedelta(days=3)
        services.closure_announce(
            facility=made["平江街道综合文化站"], by=by, starts_on=start, ends_on=start, reason="消防设施年检"
        )
    if "昆山市图书馆" in made:
        services.closure_announce(
            facility=made["昆山市图书馆"],
            by=by,
            starts_on=today + timedelta(days=1),
            ends_on=today + timedelta(days=1),
            reason="停电",
            emergency_reason="供电线路突发故障抢修",
        )
    # A season of activities: every fourth day from six weeks ago to six weeks ahead, in turn.
    now = timezone.now()
    for i, offset in enumerate(range(-42, 43, 4)):
        title, kind, place, capacity = ACTIVITIES[i % len(ACTIVITIES)]
        if place not in made:
            continue
        day = today + timedelta(days=offset)
        starts = timezone.make_aware(datetime.combine(day, time(14 if i % 2 else 19)))
        activity = services.activity_add(
            facility=made[place],
            by=by,
            title=title,
            kind=kind,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            capacity=capacity,
            description="欢迎市民参加。",
            programme="四进工程" if i % 3 == 0 else "",
        )
        if starts < now:
            services.attendance_record(activity=activity, by=by, attendance=(capacity or 80) * 3 // 4 + i)
    stdout.write(f"portal: {len(made)} facilities, {Facility.objects.count()} in the directory")
