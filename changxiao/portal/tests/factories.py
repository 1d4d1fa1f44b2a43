"""Facilities and activities for tests, made by the portal's services, so each passed the checks a person meets.

facility = FacilityFactory(unit=world.venue_unit, region=world.gusu, by=world.office)   # a county library
week(facility, by=world.office)                      # Tuesday–Sunday 09:00–17:00, holidays 09:00–16:00
activity = ActivityFactory(facility=facility, by=world.office, capacity=2)
"""

from datetime import time, timedelta

import factory
from django.utils import timezone

from changxiao.core.tests.factories import ServiceFactory
from changxiao.portal.models import Activity, Facility
from changxiao.portal.services import activity_add, facility_add, hours_add


class FacilityFactory(ServiceFactory):
    """A facility of `unit` in `region` entered by `by` (all required): a county public library unless said."""

    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"测试图书馆{n}")
    kind = "library"
    level = "county"
    address = "苏州市姑苏区人民路858号"
    phone = "0512-65227777"
    free_services = "图书借阅\n报刊阅览"

    @classmethod
    def make(cls, **fields) -> Facility:
        return facility_add(**fields)


def week(facility, *, by, days=(2, 3, 4, 5, 6, 7), opens=time(9), closes=time(17), holidays=True):
    """Regular hours on the days (ISO weekdays), and holiday hours unless told not to."""
    hours_add(facility=facility, by=by, kind="regular", weekdays=list(days), opens=opens, closes=closes)
    if holidays:
        hours_add(facility=facility, by=by, kind="holiday", weekdays=[], opens=time(9), closes=time(16))
    facility.refresh_from_db()
    return facility


class ActivityFactory(ServiceFactory):
    """An activity at `facility` added by `by` (both required): a lecture a week from now, two hours long."""

    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"文化讲座{n}")
    kind = "lecture"
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    capacity = None
    description = "主讲：苏州大学教授"

    @classmethod
    def make(cls, **fields) -> Activity:
        return activity_add(**fields)
