"""The authorization matrix's cases for the culture volunteers: every page, form and endpoint, for every persona.

The team of the 姑苏区 cultural centre (world.venue_unit) is kept by the centre itself (venue), the district
coordinator and the office; the leader reads it; the member unit, the inspector, the outsider (昆山市) and the second
city's office do not see it (404). The public pages answer everyone alike; those of a volunteer need a citizen's
sign-in (citizens.auth), which no staff persona has: they are sent to it (302), and the API answers 401."""

from datetime import timedelta

from django.urls import reverse

from changxiao.core.tests.authz import EVERYONE, SEES_GUSU_REGION, SEES_VENUE, Case, expect

KEEPS_VENUE = expect(403, member=404, inspector=404, outsider=404, office=302, district=302, venue=302)
PUBLIC = expect(200, anonymous=200, office2=200)
CITIZENS_ONLY = expect(302, anonymous=302, office2=302)


def _team(w):
    from changxiao.volunteers.models import Team

    from .factories import TeamFactory

    name = "姑苏区文化馆文化志愿服务队"
    return Team.objects.filter(unit=w.venue_unit, name=name).first() or TeamFactory(
        unit=w.venue_unit, by=w.venue, name=name
    )


def _confirmed(w):
    """A confirmed sign-up, the same for the case's address and body."""
    if not hasattr(w, "_volunteers_confirmed"):
        w._volunteers_confirmed = _signup(w, mode="direct")
    return w._volunteers_confirmed


def _activity(w, **extra):
    from .factories import ActivityFactory

    return ActivityFactory(team=_team(w), by=w.venue, **extra)


def _volunteer(w):
    from .factories import VolunteerFactory

    return VolunteerFactory(region=w.gusu, unit=w.venue_unit, by=w.venue)


def _signup(w, mode="approved"):
    from changxiao.volunteers.services import signup_create

    return signup_create(activity=_activity(w, signup_mode=mode), volunteer=_volunteer(w))


def _record(w):
    from changxiao.volunteers import services

    signup = _signup(w, mode="direct")
    activity = signup.activity
    services.checkin(activity=activity, volunteer=signup.volunteer, at=activity.starts_at)
    return services.checkout(
        activity=activity, volunteer=signup.volunteer, at=activity.starts_at + timedelta(hours=2)
    )


def _certificate(w, issued=False):
    from changxiao.volunteers import services

    record = _record(w)
    certificate = services.certificate_request(volunteer=record.volunteer, unit=w.venue_unit)
    if issued:
        services.certificate_issue(
            certificate=certificate, by=w.venue, responsible_person="馆长", handler="陈静", confirmed=True
        )
    return certificate


def _token(w):
    from changxiao.volunteers.services import checkin_token

    return checkin_token(_activity(w))


VOLUNTEER_BODY = {
    "name": "李小文",
    "id_number": "11010519491231002X",
    "phone": "13912345678",
    "skills": "讲解",
    "availability": "周末",
    "consent": "on",
}

CASES = [
    Case("volunteers:overview", lambda w: reverse("volunteers:overview"), EVERYONE),
    Case(
        "volunteers:team_create",
        lambda w: reverse("volunteers:team_create"),
        # The form offers the units one keeps: another's is no choice (the form comes back with the error).
        expect(302, anonymous=302, office2=302, leader=403),
        method="post",
        data=lambda w: {"unit": w.venue_unit.pk, "name": "新队伍", "kind": "unit"},
        label="any unit",
    ),
    Case("volunteers:team", lambda w: reverse("volunteers:team", args=[_team(w).pk]), SEES_VENUE),
    Case(
        "volunteers:team_leader",
        lambda w: reverse("volunteers:team_leader", args=[_team(w).pk]),
        {**KEEPS_VENUE, "office": 400, "district": 400, "venue": 400},  # no member with this number
        method="post",
        data={"volunteer_number": "WZ000"},
    ),
    Case(
        "volunteers:activity_create",
        lambda w: reverse("volunteers:activity_create", args=[_team(w).pk]),
        KEEPS_VENUE,
        method="post",
        data=lambda w: {
            "title": "周末导览",
            "kind": "venue",
            "place": "一楼大厅",
            "day": str(__import__("datetime").date.today() + timedelta(days=3)),
            "starts_time": "09:00",
            "ends_time": "12:00",
            "capacity": "5",
            "signup_mode": "direct",
            "terms": "服务内容、时间和地点；权利义务；风险保障；变更和解除；责任和争议；其他事项。",
        },
    ),
    Case("volunteers:activity", lambda w: reverse("volunteers:activity", args=[_activity(w).pk]), SEES_VENUE),
    Case(
        "volunteers:activity_open",
        lambda w: reverse("volunteers:activity_open", args=[_activity(w, open=False).pk]),
        {**KEEPS_VENUE, "office": 200, "district": 200, "venue": 200},
    ),
    Case(
        "volunteers:activity_open",
        lambda w: reverse("volunteers:activity_open", args=[_activity(w, open=False).pk]),
        KEEPS_VENUE,
        method="post",
        data={"confirmed": "1"},
    ),
    Case(
        "volunteers:activity_insurance",
        lambda w: reverse("volunteers:activity_insurance", args=[_activity(w, open=False, risky=True).pk]),
        KEEPS_VENUE,
        method="post",
        data={"policy": "中国人寿 团体意外险 P2026-0001"},
    ),
    Case(
        "volunteers:activity_close",
        lambda w: reverse("volunteers:activity_close", args=[_activity(w).pk]),
        KEEPS_VENUE,
        method="post",
        data={},
    ),
    Case(
        "volunteers:activity_cancel",
        lambda w: reverse("volunteers:activity_cancel", args=[_activity(w).pk]),
        KEEPS_VENUE,
        method="post",
        data={"reason": "天气原因"},
    ),
    Case(
        "volunteers:leader_check",
        lambda w: reverse("volunteers:leader_check", args=[_confirmed(w).activity_id]),
        KEEPS_VENUE,
        method="post",
        # Before the window opens: refused with its message, nothing stored (the page comes back).
        data=lambda w: {"signup": _confirmed(w).pk, "action": "in"},
    ),
    Case(
        "volunteers:signup_decide",
        lambda w: reverse("volunteers:signup_decide", args=[_signup(w).pk]),
        KEEPS_VENUE,
        method="post",
        data={"decision": "approve"},
    ),
    Case(
        "volunteers:record_correct",
        lambda w: reverse("volunteers:record_correct", args=[_record(w).pk]),
        KEEPS_VENUE,
        method="post",
        data={"in_time": "09:00", "out_time": "11:30", "reason": "补记"},
    ),
    Case(
        "volunteers:record_review",
        lambda w: reverse("volunteers:record_review", args=[_record(w).pk]),
        KEEPS_VENUE,
        method="post",
        data={},
    ),
    Case("volunteers:volunteers", lambda w: reverse("volunteers:volunteers"), EVERYONE),
    Case(
        "volunteers:volunteer_register",
        lambda w: reverse("volunteers:volunteer_register"),
        # Only the units one keeps are choices: anyone else's form comes back refused.
        expect(400, anonymous=302, office=302, district=302, venue=302, leader=403, office2=400),
        method="post",
        data=lambda w: {**VOLUNTEER_BODY, "region": w.gusu.pk, "unit": w.venue_unit.pk},
    ),
    Case(
        "volunteers:volunteer", lambda w: reverse("volunteers:volunteer", args=[_volunteer(w).pk]), SEES_VENUE
    ),
    Case(
        "volunteers:volunteer_personal_data",
        lambda w: reverse("volunteers:volunteer_personal_data", args=[_volunteer(w).pk]),
        # In full for the managers of the unit that registered the volunteer (each view logged); a reader is refused.
        expect(403, member=404, inspector=404, outsider=404, office=200, district=200, venue=200),
        method="post",
        data={"reason": "核对意外伤害保险的投保信息"},
    ),
    Case(
        "volunteers:recognition_add",
        lambda w: reverse("volunteers:recognition_add", args=[_record(w).volunteer_id]),
        KEEPS_VENUE,
        method="post",
        data=lambda w: {
            "unit": w.venue_unit.pk,
            "title": "优秀文化志愿者",
            "granted_on": "2026-01-05",
            "reason": "服务满一年",
        },
    ),
    Case("volunteers:certificates", lambda w: reverse("volunteers:certificates"), EVERYONE),
    Case(
        "volunteers:certificate",
        lambda w: reverse("volunteers:certificate", args=[_certificate(w).pk]),
        SEES_VENUE,
    ),
    Case(
        "volunteers:certificate_issue",
        lambda w: reverse("volunteers:certificate_issue", args=[_certificate(w).pk]),
        KEEPS_VENUE,
        method="post",
        data={"responsible_person": "馆长", "handler": "陈静", "confirmed": "1"},
    ),
    Case(
        "volunteers:certificate_refuse",
        lambda w: reverse("volunteers:certificate_refuse", args=[_certificate(w).pk]),
        KEEPS_VENUE,
        method="post",
        data={"reason": "记录有误"},
    ),
    Case(
        "volunteers:certificate_withdraw",
        lambda w: reverse("volunteers:certificate_withdraw", args=[_certificate(w, issued=True).pk]),
        KEEPS_VENUE,
        method="post",
        data={"reason": "出具错误"},
    ),
    Case(
        "volunteers:certificate_docx",
        lambda w: reverse("volunteers:certificate_docx", args=[_certificate(w, issued=True).pk]),
        SEES_VENUE,
    ),
    Case("volunteers:rankings", lambda w: reverse("volunteers:rankings"), EVERYONE),
    Case(
        "volunteers:settings", lambda w: reverse("volunteers:settings"), expect(404, office=200, office2=200)
    ),
    Case(
        "volunteers:star_scale_set",
        lambda w: reverse("volunteers:star_scale_set", args=[w.city.pk]),
        expect(404, office=302, leader=403),
        method="post",
        data={
            "one": "100",
            "two": "300",
            "three": "600",
            "four": "1000",
            "five": "1500",
            "source": "市文明办通知",
        },
    ),
    Case(
        "volunteers:metric_records",
        lambda w: (
            reverse("volunteers:metric_records", args=["volunteers.per_10k"])
            + f"?region={w.gusu.pk}&year=2026"
        ),
        SEES_GUSU_REGION,
    ),
    # The public site.
    Case("public:volunteers_home", lambda w: reverse("public:volunteers_home"), PUBLIC),
    Case(
        "public:volunteers_activity",
        lambda w: reverse("public:volunteers_activity", args=[_activity(w).pk]),
        PUBLIC,
    ),
    Case(
        "public:volunteers_signup",
        lambda w: reverse("public:volunteers_signup", args=[_activity(w).pk]),
        CITIZENS_ONLY,
        method="post",
        data={},
    ),
    Case("public:volunteers_register", lambda w: reverse("public:volunteers_register"), CITIZENS_ONLY),
    Case(
        "public:volunteers_register",
        lambda w: reverse("public:volunteers_register"),
        CITIZENS_ONLY,
        method="post",
        data=lambda w: {**VOLUNTEER_BODY, "region": w.gusu.pk},
    ),
    Case("public:volunteers_me", lambda w: reverse("public:volunteers_me"), CITIZENS_ONLY),
    Case(
        "public:volunteers_consent",
        lambda w: reverse("public:volunteers_consent"),
        CITIZENS_ONLY,
        method="post",
        data={"public_name": "on"},
    ),
    Case(
        "public:volunteers_certificate_request",
        lambda w: reverse("public:volunteers_certificate_request"),
        CITIZENS_ONLY,
        method="post",
        data=lambda w: {"unit": w.venue_unit.pk},
    ),
    Case(
        "public:volunteers_certificate_docx",
        lambda w: reverse("public:volunteers_certificate_docx", args=[_certificate(w, issued=True).pk]),
        CITIZENS_ONLY,
    ),
    Case(
        "public:volunteers_acknowledge",
        lambda w: reverse("public:volunteers_acknowledge", args=[_signup(w, "direct").pk]),
        CITIZENS_ONLY,
        method="post",
        data={},
    ),
    Case(
        "public:volunteers_cancel",
        lambda w: reverse("public:volunteers_cancel", args=[_signup(w, "direct").pk]),
        CITIZENS_ONLY,
        method="post",
        data={},
    ),
    Case(
        "public:volunteers_check",
        lambda w: reverse("public:volunteers_check", args=[_token(w)]),
        CITIZENS_ONLY,
    ),
    Case(
        "public:volunteers_check",
        lambda w: reverse("public:volunteers_check", args=[_token(w)]),
        CITIZENS_ONLY,
        method="post",
        data={},
    ),
    Case(
        "public:volunteers_verify",
        lambda w: reverse("public:volunteers_verify", args=[_certificate(w, issued=True).number]),
        PUBLIC,
    ),
    Case(
        "public:volunteers_verify",
        lambda w: reverse("public:volunteers_verify", args=["ZM2026-FORGED0000"]),
        expect(404, anonymous=404, office2=404),
        label="forged number",
    ),
    # The API.
    Case("api:public_activities", lambda w: "/api/v1/public/volunteers/activities", PUBLIC),
    Case(
        "api:volunteer_signup",
        lambda w: f"/api/v1/public/volunteers/activities/{_activity(w).pk}/signup",
        expect(401, anonymous=401, office2=401),
        method="post",
        data={"role": ""},
        json=True,
    ),
    Case(
        "api:volunteer_check",
        lambda w: "/api/v1/public/volunteers/check",
        expect(401, anonymous=401, office2=401),
        method="post",
        data=lambda w: {"token": _token(w)},
        json=True,
    ),
    Case(
        "api:unit_hours",
        lambda w: f"/api/v1/volunteers/units/{w.venue_unit.pk}/hours?year=2026",
        {**SEES_VENUE, "anonymous": 401},
    ),
]
