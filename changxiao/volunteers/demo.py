"""Demonstration data of the culture volunteers: a team at a venue of every district of 苏州市, a year of monthly
activities with check-ins, a volunteer per team a few hours short of one star, a certificate issued and one requested,
an activity coming with sign-up open. Written through the services (the past replayed with their `at`); running it
twice changes nothing. Names and identity card numbers are invented (the numbers pass the GB 11643 check)."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from changxiao.core.demo import demo_actor, first_member, register_demo
from changxiao.core.personal_data import ID_CHECK, ID_WEIGHTS
from changxiao.orgs.choices import RegionLevel, UnitKind
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import within

from . import services
from .choices import ActivityKind
from .models import Team
from .permissions import can_keep_unit

CITY = "320500"
TERMS = (
    "一、服务内容、时间和地点见活动说明；二、志愿者自愿、无偿参与，组织单位提供必要条件和安全保障；"
    "三、活动不涉及人身危险，组织单位提供现场安全提示；四、因故变更或取消的，双方提前告知；"
    "五、因组织单位过错造成损害的，由组织单位依法承担责任，争议协商解决；六、其他事项另行约定。"
)
NAMES = ["林晓", "赵雪梅", "钱志远", "孙立群", "周婉婷", "吴海峰", "郑佳", "王思源"]
SKILLS = ["讲解", "摄影", "书法", "阅读推广", "器乐", "文物保护", "活动组织", "手语"]


def _id_number(region_code: str, index: int, born: str) -> str:
    body = f"{region_code[:6]}{born}{index % 1000:03d}"
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def _at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _organizer(region: Region) -> Unit | None:
    units = Unit.objects.active().filter(within(region, "region__path"))
    return (
        units.filter(kind=UnitKind.VENUE).order_by("region__path", "code").first()
        or units.filter(kind=UnitKind.CULTURE_BUREAU).order_by("code").first()
    )


@register_demo("volunteers", order=470)
def load(stdout) -> None:
    if Team.objects.filter(name__endswith="文化志愿服务队（演示）").exists():
        return
    city = Region.objects.filter(code=CITY).first()
    if city is None:
        return
    admin = demo_actor()
    today = timezone.localdate()
    counties = Region.objects.filter(parent=city, level=RegionLevel.COUNTY).order_by("code")
    sequence = 0
    for number, county in enumerate(counties):
        unit = _organizer(county)
        if unit is None:
            continue
        by = first_member(unit) or admin
        if not can_keep_unit(by, unit):
            by = admin
        team = services.team_create(
            unit=unit,
            by=by,
            name=f"{unit.name}文化志愿服务队（演示）",
            description="演示数据：招募讲解、阅读推广等志愿者。",
        )
        volunteers = []
        for index in range(4):
            sequence += 1
            volunteers.append(
                services.volunteer_register(
                    name=NAMES[(number + index) % len(NAMES)],
                    id_number=_id_number(
                        county.code, 500 + sequence, f"19{75 + index * 5}0{index + 1}1{index}"
                    ),
                    phone=f"1390000{sequence:04d}",
                    region=county,
                    skills=SKILLS[(number + index) % len(SKILLS)],
                    availability="周末",
                    consent=True,
                    public_name=index % 2 == 0,
                    public_hours=True,
                    unit=unit,
                    by=by,
                )
            )
        veteran = volunteers[0]
        # A year of full-day activities: the veteran comes to all (monthly: 96 h, 4 h short of one star), the others
        # to some.
        # The first two teams meet monthly, the others quarterly (the loader stays quick).
        months = range(12, 0, -1) if number < 2 else range(12, 0, -3)
        for month in months:
            day = today - timedelta(days=30 * month)
            activity = services.activity_create(
                team=team,
                by=by,
                title=f"{unit.name}周末志愿服务（{day.month}月）",
                kind=ActivityKind.VENUE if unit.kind == UnitKind.VENUE else ActivityKind.GRASSROOTS,
                place=unit.name,
                starts_at=_at(day, 9),
                ends_at=_at(day, 17),
                capacity=10,
                terms=TERMS,
            )
            services.activity_open(
                activity=activity, by=by, confirmed=True, at=_at(day - timedelta(days=7), 9)
            )
            for index, volunteer in enumerate(volunteers):
                if index and (month + index) % 3:
                    continue
                services.signup_create(
                    activity=activity, volunteer=volunteer, at=_at(day - timedelta(days=5), 20)
                )
                services.checkin(activity=activity, volunteer=volunteer, at=_at(day, 8, 50))
                if index == 3 and month == 3:  # quarterly and monthly teams both meet three months ago
                    continue  # a forgotten check-out: closed by the sweep below at the planned end
                services.checkout(activity=activity, volunteer=volunteer, at=_at(day, 17))
        coming = services.activity_create(
            team=team,
            by=by,
            title=f"{unit.name}周末导览志愿服务",
            kind=ActivityKind.VENUE,
            place=unit.name,
            starts_at=_at(today + timedelta(days=7), 9),
            ends_at=_at(today + timedelta(days=7), 12),
            capacity=6,
            roles="讲解员4名，秩序引导2名",
            skills="讲解",
            terms=TERMS,
        )
        services.activity_open(activity=coming, by=by, confirmed=True)
        if number == 0:
            certificate = services.certificate_request(volunteer=veteran, unit=unit, purpose="评优申报")
            services.certificate_issue(
                certificate=certificate,
                by=by,
                responsible_person="馆长",
                handler=by.display_name if hasattr(by, "display_name") else "经办人",
                contact="0512-65220000",
                confirmed=True,
            )
        if number == 1:
            services.certificate_request(volunteer=veteran, unit=unit, purpose="升学材料")
    services.close_forgotten_checkouts()
    stdout.write(f"  volunteers: {Team.objects.count()} teams\n")
