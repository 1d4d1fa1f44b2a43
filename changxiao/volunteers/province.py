"""The province's culture volunteers (core.province): volunteers (200,000 at scale 1) registered where they live (a
random village or community) with consent, names, identity card numbers and phones encrypted and masked as the
services store them; a team per culture centre and township station; the year's activities (50,000 at scale 1), ten
confirmed places each (the volunteer made a member of the team, as a confirmation makes them), every place checked in
and out with its minutes, and each volunteer's running total and minutes of the year kept as the services keep
them."""

import secrets
from collections import Counter
from datetime import date, datetime, timedelta

from django.utils import timezone

from changxiao.core import personal_data
from changxiao.core.province import BATCH, Province, identity_number, register_province

from .choices import ActivityKind, ActivityState, SignupState
from .models import Activity, HourRecord, Membership, ServiceYear, Signup, Team, Volunteer

VOLUNTEERS = 200_000
ACTIVITIES = 50_000
PLACES = 10
TERMS = "服务内容、时间和地点；权利义务；风险保障；变更和解除；责任和争议；其他事项。"


def _volunteers(province: Province, total: int) -> dict[int, int]:
    """The volunteers registered, as their keys and their regions' keys."""
    villages = province.tree["villages"]
    rng = province.rng("volunteer homes")
    consent = timezone.make_aware(datetime(province.year, 1, 2, 10))
    name = "志愿者"
    sealed_name = personal_data.encrypt(name)
    homes = {}
    for first in range(0, total, BATCH):
        rows = []
        for n in range(first, min(first + BATCH, total)):
            born = date(1970, 1, 1) + timedelta(days=n // 1000)
            number = identity_number(n, born, area="340103")
            phone = f"138{n:08d}"
            rows.append(
                Volunteer(
                    number=f"PV{n:010d}",
                    name_encrypted=sealed_name,
                    name_masked=personal_data.mask_name(name),
                    id_number_encrypted=personal_data.encrypt(number),
                    id_number_masked=personal_data.mask_id_number(number),
                    id_number_digest=personal_data.lookup_digest(number),
                    phone_encrypted=personal_data.encrypt(phone),
                    phone_masked=personal_data.mask_phone(phone),
                    birth_date=born,
                    region=villages[rng.randrange(len(villages))],
                    consent_at=consent,
                )
            )
        homes.update((v.pk, v.region_id) for v in Volunteer.objects.bulk_create(rows))
    return homes


@register_province("volunteers", order=300, occupied_by=("volunteers.Volunteer",))
def generate(province: Province) -> dict[str, int]:
    tree = province.tree
    homes = _volunteers(province, province.volume(VOLUNTEERS))
    volunteer_ids = list(homes)
    teams = Team.objects.bulk_create(
        (
            Team(unit=unit, name=f"{unit.name}文化志愿服务队")
            for unit in tree["culture_centres"] + tree["stations"]
        ),
        batch_size=BATCH,
    )
    rng = province.rng("volunteers")
    kinds = list(ActivityKind.values)
    year_start = timezone.make_aware(datetime(province.year, 1, 1, 9))
    days = max(1, (province.today - date(province.year, 1, 1)).days)
    total = province.volume(ACTIVITIES)
    minutes = Counter()
    members: set[tuple[int, int]] = set()
    signups_written = 0
    for first in range(0, total, BATCH):
        activities = Activity.objects.bulk_create(
            Activity(
                team=teams[n % len(teams)],
                title=f"文化志愿服务第{n + 1}场",
                kind=kinds[n % len(kinds)],
                place=teams[n % len(teams)].unit.name,
                starts_at=(start := year_start + timedelta(days=rng.randrange(days))),
                ends_at=start + timedelta(hours=3),
                capacity=PLACES,
                terms=TERMS,
                state=ActivityState.CLOSED,
                checkin_secret=secrets.token_hex(16),
                created_by=province.admin,
            )
            for n in range(first, min(first + BATCH, total))
        )
        pairs = [
            (activity, volunteer_ids[rng.randrange(len(volunteer_ids))])
            for activity in activities
            for _ in range(PLACES)
        ]
        pairs = list({(a.pk, v): (a, v) for a, v in pairs}.values())
        signups = Signup.objects.bulk_create(
            Signup(activity=a, volunteer_id=v, state=SignupState.CONFIRMED) for a, v in pairs
        )
        # A confirmed place makes the volunteer a member of the team, as signup_create does.
        joined = {(a.team_id, v): a.starts_at for a, v in pairs if (a.team_id, v) not in members}
        Membership.objects.bulk_create(
            Membership(team_id=team, volunteer_id=v, joined_at=at) for (team, v), at in joined.items()
        )
        members.update(joined)
        records = []
        for signup, (activity, volunteer_id) in zip(signups, pairs, strict=True):
            served = rng.choice([120, 150, 180])
            minutes[volunteer_id] += served
            records.append(
                HourRecord(
                    volunteer_id=volunteer_id,
                    activity=activity,
                    signup=signup,
                    checked_in_at=activity.starts_at,
                    checked_out_at=activity.starts_at + timedelta(minutes=served),
                    minutes=served,
                    recorded_by=province.admin,
                )
            )
        HourRecord.objects.bulk_create(records)
        signups_written += len(signups)
    Volunteer.objects.bulk_update(
        [Volunteer(pk=pk, total_minutes=m) for pk, m in minutes.items()], ["total_minutes"], batch_size=BATCH
    )
    ServiceYear.objects.bulk_create(
        (
            ServiceYear(volunteer_id=pk, region_id=homes[pk], year=province.year, minutes=m)
            for pk, m in minutes.items()
        ),
        batch_size=BATCH,
    )
    return {
        "volunteers": len(volunteer_ids),
        "volunteer teams": len(teams),
        "volunteer activities": total,
        "hour records": signups_written,
        "team memberships": len(members),
        "volunteers' years of service": len(minutes),
    }
