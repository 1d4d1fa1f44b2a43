"""The authorization matrix's cases for the portal: every page, form and endpoint, for every persona.

The facility is the 姑苏区 cultural centre's library (world.venue_unit, in 姑苏区): kept by the centre itself (venue),
the district coordinator and the office; the leader reads it; the member unit, the inspector, the outsider (昆山市)
and the second city's office do not see it (404). A breach of its opening rules is raised as a finding by the office
only — not the district coordinator, not the facility's own unit. The public pages answer everyone alike."""

from django.urls import reverse

from changxiao.core.tests.authz import EVERYONE, SEES_VENUE, Case, expect

KEEPS = expect(403, member=404, inspector=404, outsider=404, office=302, district=302, venue=302)
KEEPS_PAGE = {**{k: (200 if v == 302 else v) for k, v in KEEPS.items()}, "anonymous": 302}
PUBLIC = expect(200, anonymous=200, office2=200)


def _facility(w):
    from changxiao.portal.tests.factories import FacilityFactory, week

    return week(
        FacilityFactory(unit=w.venue_unit, region=w.gusu, by=w.office, name="姑苏区图书馆"), by=w.office
    )


def _row(w):
    return _facility(w).schedules.first()


def _closure(w):
    from datetime import timedelta

    from changxiao.core.deadlines import local_today
    from changxiao.portal.services import closure_announce

    return closure_announce(
        facility=_facility(w),
        by=w.office,
        starts_on=local_today() + timedelta(days=10),
        ends_on=local_today() + timedelta(days=11),
        reason="设备检修",
    )


def _breach(w):
    """A closure announced 3 days ahead: a breach of the 7-day rule."""
    from datetime import timedelta

    from changxiao.core.deadlines import local_today
    from changxiao.portal.models import RuleBreach
    from changxiao.portal.services import closure_announce

    closure = closure_announce(
        facility=_facility(w),
        by=w.office,
        starts_on=local_today() + timedelta(days=3),
        ends_on=local_today() + timedelta(days=3),
        reason="设备检修",
    )
    return RuleBreach.objects.get(closure=closure)


def _activity(w):
    from changxiao.portal.tests.factories import ActivityFactory

    return ActivityFactory(facility=_facility(w), by=w.office, capacity=30)


def _past_activity(w):
    from datetime import timedelta

    from django.utils import timezone

    from changxiao.core.deadlines import replaying
    from changxiao.portal.tests.factories import ActivityFactory

    start = timezone.now().replace(microsecond=0) - timedelta(days=2)
    with replaying(start.date()):
        return ActivityFactory(
            facility=_facility(w), by=w.office, starts_at=start, ends_at=start + timedelta(hours=1)
        )


def _facility_body(w):
    return {
        "unit": w.venue_unit.pk,
        "region": w.pingjiang.pk,
        "name": "平江街道阅览室",
        "kind": "reading_room",
        "level": "township",
        "address": "平江路1号",
        "is_published": "on",
    }


EDIT_BODY = {
    "name": "姑苏区图书馆",
    "kind": "library",
    "level": "county",
    "address": "人民路858号",
    "is_published": "on",
}
HOURS_BODY = {
    "hours-kind": "regular",
    "hours-weekdays": ["1"],
    "hours-opens": "09:00",
    "hours-closes": "12:00",
}
REASON = {"reason": "录入有误"}


def _closure_body(w):
    from datetime import timedelta

    from changxiao.core.deadlines import local_today

    day = local_today() + timedelta(days=14)
    return {"kind": "closure", "starts_on": day.isoformat(), "ends_on": day.isoformat(), "reason": "设备检修"}


def _activity_body(w):
    from datetime import timedelta

    from changxiao.core.deadlines import local_today

    day = local_today() + timedelta(days=9)
    return {
        "title": "苏州评弹讲座",
        "kind": "lecture",
        "day": day.isoformat(),
        "starts": "14:00",
        "ends": "16:00",
        "capacity": "50",
    }


def _rule_body(w):
    return {
        "rule": "weekly_minimum",
        "facility_kind": "library",
        "level": "county",
        "value": "60",
        "source": "市标准",
    }


CASES = [
    Case("portal:facilities", lambda w: reverse("portal:facilities"), EVERYONE),
    Case(
        "portal:facility_add",
        lambda w: reverse("portal:facility_add"),
        expect(200, leader=403, office2=200),
    ),
    Case(
        "portal:facility_add",
        lambda w: reverse("portal:facility_add"),
        # The form offers only the units one acts for or manages: another's is an invalid choice (the form again).
        expect(200, leader=403, office=302, district=302, venue=302, office2=200),
        method="post",
        data=_facility_body,
    ),
    Case("portal:facility", lambda w: reverse("portal:facility", args=[_facility(w).pk]), SEES_VENUE),
    Case(
        "portal:facility_edit", lambda w: reverse("portal:facility_edit", args=[_facility(w).pk]), KEEPS_PAGE
    ),
    Case(
        "portal:facility_edit",
        lambda w: reverse("portal:facility_edit", args=[_facility(w).pk]),
        KEEPS,
        method="post",
        data=EDIT_BODY,
    ),
    Case(
        "portal:hours_add",
        lambda w: reverse("portal:hours_add", args=[_facility(w).pk]),
        KEEPS,
        method="post",
        data=HOURS_BODY,
    ),
    Case(
        "portal:hours_remove",
        lambda w: reverse("portal:hours_remove", args=[_row(w).pk]),
        KEEPS,
        method="post",
        data=REASON,
    ),
    Case(
        "portal:closure_announce",
        lambda w: reverse("portal:closure_announce", args=[_facility(w).pk]),
        KEEPS_PAGE,
    ),
    Case(
        "portal:closure_announce",
        lambda w: reverse("portal:closure_announce", args=[_facility(w).pk]),
        KEEPS,
        method="post",
        data=_closure_body,
    ),
    Case(
        "portal:closure_cancel",
        lambda w: reverse("portal:closure_cancel", args=[_closure(w).pk]),
        KEEPS,
        method="post",
        data=REASON,
    ),
    Case("portal:activity_add", lambda w: reverse("portal:activity_add", args=[_facility(w).pk]), KEEPS_PAGE),
    Case(
        "portal:activity_add",
        lambda w: reverse("portal:activity_add", args=[_facility(w).pk]),
        KEEPS,
        method="post",
        data=_activity_body,
    ),
    Case("portal:activity", lambda w: reverse("portal:activity", args=[_activity(w).pk]), SEES_VENUE),
    Case(
        "portal:attendance_record",
        lambda w: reverse("portal:attendance_record", args=[_past_activity(w).pk]),
        KEEPS,
        method="post",
        data={"attendance": "25"},
    ),
    Case(
        "portal:activity_cancel",
        lambda w: reverse("portal:activity_cancel", args=[_activity(w).pk]),
        KEEPS,
        method="post",
        data=REASON,
    ),
    Case("portal:breaches", lambda w: reverse("portal:breaches"), EVERYONE),
    Case(
        "portal:breach_escalate",
        lambda w: reverse("portal:breach_escalate", args=[_breach(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, office=200),
    ),
    Case(
        "portal:breach_escalate",
        lambda w: reverse("portal:breach_escalate", args=[_breach(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, office=302),
        method="post",
        data={"confirmed": "1"},
    ),
    Case("portal:rules", lambda w: reverse("portal:rules"), EVERYONE),
    Case(
        "portal:rules",
        lambda w: reverse("portal:rules"),
        expect(403, office=302, office2=302),
        method="post",
        data=_rule_body,
    ),
    Case(
        "portal:metric_records",
        lambda w: reverse("portal:metric_records", args=["portal.rule_compliance"]) + f"?region={w.gusu.pk}",
        expect(200, outsider=404),
    ),
    Case(
        "api:list_facilities", lambda w: "/api/v1/portal/facilities", expect(200, anonymous=401, office2=200)
    ),
    # The public site answers everyone alike, signed in or not, of whichever city.
    Case("public:portal_home", lambda w: reverse("public:portal_home"), PUBLIC),
    Case("public:portal_directory", lambda w: reverse("public:portal_directory") + "?open=sunday", PUBLIC),
    Case(
        "public:portal_facility", lambda w: reverse("public:portal_facility", args=[_facility(w).pk]), PUBLIC
    ),
    Case(
        "public:portal_facility_feed",
        lambda w: reverse("public:portal_facility_feed", args=[_activity(w).facility_id]),
        PUBLIC,
    ),
    Case("public:portal_calendar", lambda w: reverse("public:portal_calendar"), PUBLIC),
    Case(
        "public:portal_region_feed", lambda w: reverse("public:portal_region_feed", args=[w.gusu.pk]), PUBLIC
    ),
    Case(
        "public:portal_activity", lambda w: reverse("public:portal_activity", args=[_activity(w).pk]), PUBLIC
    ),
    # Booking needs the citizen signed in with a phone code: anyone else is sent to the sign-in.
    Case(
        "public:portal_book",
        lambda w: reverse("public:portal_book", args=[_activity(w).pk]),
        expect(302, anonymous=302, office2=302),
        method="post",
    ),
    Case(
        "public:portal_bookings",
        lambda w: reverse("public:portal_bookings"),
        expect(302, anonymous=302, office2=302),
    ),
    Case(
        "public:portal_booking_cancel",
        lambda w: reverse("public:portal_booking_cancel", args=[1]),
        expect(403, anonymous=403, office2=403),
        method="post",
    ),
    Case(
        "public:portal_booking_accept",
        lambda w: reverse("public:portal_booking_accept", args=[1]),
        expect(403, anonymous=403, office2=403),
        method="post",
    ),
]
