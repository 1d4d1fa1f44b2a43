"""The facility directory of the province (core.province): 50,000 facilities at scale 1 — each county's library and
culture centre, each township's centre, each village's centre, then reading rooms, newspaper boards and digital
points over the villages — each with its regular week (closed on Monday), and their public activities of the year."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from changxiao.core.province import BATCH, Province, register_province

from .choices import ActivityKind, FacilityKind, FacilityLevel, ScheduleKind
from .models import Activity, Facility, Schedule

FACILITIES = 50_000
ACTIVITIES = 100_000
EXTRA_KINDS = (FacilityKind.READING_ROOM, FacilityKind.NEWSPAPER_BOARD, FacilityKind.DIGITAL_POINT)


def _planned(tree) -> list[tuple]:
    """(name, kind, level, region, unit) of every facility at scale 1, the venues' own first."""
    planned = [
        (u.name, FacilityKind.LIBRARY, FacilityLevel.COUNTY, u.region, u) for u in tree["libraries"]
    ] + [
        (u.name, FacilityKind.CULTURE_CENTRE, FacilityLevel.COUNTY, u.region, u)
        for u in tree["culture_centres"]
    ]
    planned += [
        (u.name, FacilityKind.TOWNSHIP_CENTRE, FacilityLevel.TOWNSHIP, u.region, u) for u in tree["stations"]
    ]
    planned += [
        (u.name, FacilityKind.VILLAGE_CENTRE, FacilityLevel.VILLAGE, u.region, u) for u in tree["centres"]
    ]
    n = 0
    while len(planned) < FACILITIES:
        centre = tree["centres"][n % len(tree["centres"])]
        kind = EXTRA_KINDS[n // len(tree["centres"]) % len(EXTRA_KINDS)]
        planned.append(
            (f"{centre.region.name}{kind.label}", kind, FacilityLevel.VILLAGE, centre.region, centre)
        )
        n += 1
    return planned


@register_province("portal", order=300, occupied_by=("portal.Facility",))
def generate(province: Province) -> dict[str, int]:
    planned = _planned(province.tree)
    step = len(planned) / province.volume(FACILITIES)
    chosen = [planned[int(i * step)] for i in range(min(len(planned), province.volume(FACILITIES)))]
    facilities = Facility.objects.bulk_create(
        (
            Facility(
                name=name[:100],
                kind=kind,
                level=level,
                region=region,
                unit=unit,
                address=f"{region.name}文化路1号",
            )
            for name, kind, level, region, unit in chosen
        ),
        batch_size=BATCH,
    )
    Schedule.objects.bulk_create(
        (
            Schedule(facility=f, kind=ScheduleKind.REGULAR, weekday=day, opens=time(9), closes=time(17))
            for f in facilities
            for day in range(2, 8)
        ),
        batch_size=BATCH,
    )
    rng = province.rng("portal")
    year_start = timezone.make_aware(datetime(province.year, 1, 1, 9))
    kinds = list(ActivityKind.values)
    activities = Activity.objects.bulk_create(
        (
            Activity(
                facility=facilities[n % len(facilities)],
                title=f"周末文化活动第{n + 1}期",
                kind=kinds[n % len(kinds)],
                starts_at=(
                    start := year_start + timedelta(days=rng.randrange(365), hours=rng.choice([0, 5]))
                ),
                ends_at=start + timedelta(hours=2),
                created_by=province.admin,
            )
            for n in range(province.volume(ACTIVITIES))
        ),
        batch_size=BATCH,
    )
    return {
        "facilities": len(facilities),
        "schedules": len(facilities) * 6,
        "public activities": len(activities),
    }
