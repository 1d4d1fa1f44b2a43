"""Periodic work of the portal, run by `manage.py sweep`: offered places not taken in time expire and go to the next
on the waiting list; every published facility is checked against the opening rules (the week and the calendar move
on: a season ends, a closure comes within its notice), which is idempotent."""

from django.db.models import Prefetch

from changxiao.core.sweep import sweep_step

from . import services
from .models import Facility, RuleBreach


@sweep_step("portal.offers_expire", order=600)
def expire_offers() -> int:
    return services.offers_expire()


@sweep_step("portal.bookings_remind", order=605)
def remind_bookings() -> int:
    return services.bookings_remind()


@sweep_step("portal.facility_check", order=610)
def check_facilities() -> int:
    found = 0
    facilities = (
        Facility.objects.published()
        .select_related("region")
        .prefetch_related(
            "schedules",
            "closures",
            Prefetch("breaches", queryset=RuleBreach.objects.standing(), to_attr="standing_breaches"),
        )
    )
    rules_of = services.rules_by_region()
    for facility in facilities.iterator(chunk_size=500):
        found += len(services.facility_check(facility=facility, region_rules=rules_of(facility.region)))
    return found
