"""Teams, volunteers, activities and sign-ups for tests, made by the volunteers' services.

team = TeamFactory(unit=world.venue_unit, by=world.venue)
volunteer = VolunteerFactory(region=world.gusu)                    # an adult, registered by the venue
activity = ActivityFactory(team=team, by=world.venue)              # open, today 09:00–12:00 local time
signup = signup_create(activity=activity, volunteer=volunteer)
"""

import itertools
from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from changxiao.citizens.models import Citizen
from changxiao.core import personal_data
from changxiao.core.personal_data import ID_CHECK, ID_WEIGHTS
from changxiao.core.tests.factories import ServiceFactory
from changxiao.volunteers import services
from changxiao.volunteers.models import Activity, Team, Volunteer

_sequence = itertools.count(1)


def id_number(born: str = "19900312", region: str = "320508") -> str:
    """A fresh identity card number passing the GB 11643 check."""
    body = f"{region}{born}{next(_sequence) % 1000:03d}"
    return body + ID_CHECK[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


def citizen(phone: str = "13812345678") -> Citizen:
    """A citizen account as the sign-in makes it."""
    digest = personal_data.lookup_digest(phone)
    return Citizen.objects.get_or_create(
        phone_digest=digest,
        defaults={
            "phone_encrypted": personal_data.encrypt(phone),
            "phone_masked": personal_data.mask_phone(phone),
        },
    )[0]


def today_at(hour: int, minute: int = 0, days: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class TeamFactory(ServiceFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"文化志愿服务队{n}")
    kind = "unit"

    @classmethod
    def make(cls, **fields) -> Team:
        return services.team_create(**fields)


class VolunteerFactory(ServiceFactory):
    """An adult volunteer registered by `unit` (by its `by`), or by themselves when `citizen` is given."""

    class Meta:
        model = Volunteer

    name = "张志愿"
    id_number = factory.LazyFunction(id_number)
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    consent = True
    public_name = True
    public_hours = True

    @classmethod
    def make(cls, **fields) -> Volunteer:
        return services.volunteer_register(**fields)


class ActivityFactory(ServiceFactory):
    """An activity of `team` (required) created by `by` (required), open for sign-up unless open=False."""

    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"图书馆导读服务{n}")
    kind = "venue"
    place = "姑苏区文化馆一楼"
    starts_at = factory.LazyFunction(lambda: today_at(9, days=1))
    ends_at = factory.LazyFunction(lambda: today_at(12, days=1))
    capacity = 10
    terms = "服务内容、时间和地点；权利义务；风险保障；变更和解除；责任和争议；其他事项。"

    @classmethod
    def make(cls, open=True, **fields) -> Activity:  # noqa: A002
        activity = services.activity_create(**fields)
        if open:
            activity = services.activity_open(activity=activity, by=fields["by"], confirmed=True)
        return activity
