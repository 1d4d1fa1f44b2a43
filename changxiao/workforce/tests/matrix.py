"""The authorization matrix's cases for the workforce: every page, form and endpoint, for every persona.

The staff of the 姑苏区 cultural centre (world.venue_unit) are kept by the centre itself (venue), the district
coordinator and the office; the leader reads them; the member unit, the inspector, the outsider (昆山市) and the
second city's office do not see them (404)."""

from django.urls import reverse

from changxiao.core.tests.authz import EVERYONE, EVERYONE_OF_THE_CITY, SEES_VENUE, Case, expect

# Who keeps the centre's roster: whoever acts for it, and the managers of its jurisdiction.
KEEPS_VENUE_STAFF = expect(403, member=404, inspector=404, outsider=404, office=302, district=302, venue=302)
KEEPS_VENUE_STAFF_PAGE = {
    **{k: (200 if v == 302 else v) for k, v in KEEPS_VENUE_STAFF.items()},
    "anonymous": 302,
}
# Settings are kept by a leading-group office: the city's, or the second city's for its own.
KEEPS_SETTINGS = expect(403, office=200, office2=200)
KEEPS_SETTINGS_POST = {k: (302 if v == 200 else v) for k, v in KEEPS_SETTINGS.items()}
VALID_ID = "11010519491231002X"


def _venue_post(w):
    """A librarian in post at the 姑苏区 cultural centre since 2024."""
    from datetime import date

    from changxiao.workforce.services import practitioner_register

    return practitioner_register(
        unit=w.venue_unit,
        by=w.office,
        name="赵敏",
        id_number=VALID_ID,
        phone="13912345678",
        kind="established",
        role="manager",
        start=date(2024, 3, 1),
    )


def _kind(w, owner=None):
    from changxiao.workforce.models import CertificateKind

    return CertificateKind.objects.get_or_create(owner=owner, name="基层文化管理员岗位培训合格证")[0]


def _venue_certificate(w):
    from datetime import date

    from changxiao.workforce.services import certificate_record

    post = _venue_post(w)
    return certificate_record(
        practitioner=post.practitioner,
        by=w.office,
        kind=_kind(w, w.city),
        issuer="苏州市文化广电和旅游局",
        number="SZ-0001",
        issued_on=date(2024, 5, 1),
        expires_on=date(2027, 5, 1),
    )


def _city_requirement(w):
    from changxiao.workforce.models import CertificateRequirement

    return CertificateRequirement.objects.create(owner=w.city, role="manager", kind=_kind(w, w.city))


def _city_staffing(w):
    from changxiao.workforce.models import StaffingStandard

    return StaffingStandard.objects.create(
        owner=w.city, facility="township_station", post_kind="established", posts=2, source="示范区创建标准"
    )


def _dissolved_organization(w):
    from datetime import date

    from changxiao.workforce.services import organization_dissolve

    return organization_dissolve(
        organization=_organization(w), by=w.office, dissolved_on=date(2025, 12, 31), reason="注销登记"
    )


def _register_body(w) -> dict:
    return {
        "name": "钱多多",
        "id_number": VALID_ID,
        "phone": "",
        "kind": "public_welfare",
        "role": "administrator",
        "start": "2026-01-05",
    }


def _certificate_body(w) -> dict:
    return {
        "kind": _kind(w, w.city).pk,
        "issuer": "苏州市文化广电和旅游局",
        "number": "SZ-0002",
        "issued_on": "2025-06-01",
        "expires_on": "2028-06-01",
    }


def _venue_session(w):
    """A training session the 姑苏区 cultural centre organized."""
    from datetime import date

    from changxiao.workforce.services import session_create

    return session_create(
        organizer=w.venue_unit,
        by=w.office,
        title="基层文化骨干培训班",
        level="county",
        start=date(2026, 4, 1),
        end=date(2026, 4, 3),
        days=3,
    )


def _organization(w):
    """An organization in 姑苏区's registry (its credit code passes the GB 32100-2015 check)."""
    from datetime import date

    from changxiao.workforce.services import organization_register

    return organization_register(
        region=w.gusu,
        by=w.office,
        name="姑苏区图书馆学会",
        credit_code="91350100M000100Y43",
        kind="social_group",
        field="libraries",
        contact_name="王老师",
        contact_phone="0512-65223456",
        services="阅读推广",
        registered_on=date(2015, 6, 1),
    )


CASES = [
    Case("workforce:overview", lambda w: reverse("workforce:overview"), EVERYONE),
    Case("workforce:roster", lambda w: reverse("workforce:roster", args=[w.venue_unit.pk]), SEES_VENUE),
    Case(
        "workforce:roster",
        lambda w: reverse("workforce:roster", args=[w.venue_unit.pk]),
        KEEPS_VENUE_STAFF,
        method="post",
        data=_register_body,
    ),
    Case(
        "workforce:practitioner",
        lambda w: reverse("workforce:practitioner", args=[_venue_post(w).practitioner_id]),
        SEES_VENUE,
    ),
    Case(
        "workforce:personal_data",
        lambda w: reverse("workforce:personal_data", args=[_venue_post(w).practitioner_id]),
        KEEPS_VENUE_STAFF_PAGE,
        method="post",
    ),
    Case(
        "workforce:certificate_add",
        lambda w: reverse("workforce:certificate_add", args=[_venue_post(w).practitioner_id]),
        KEEPS_VENUE_STAFF,
        method="post",
        data=_certificate_body,
    ),
    Case(
        "workforce:post_end",
        lambda w: reverse("workforce:post_end", args=[_venue_post(w).pk]),
        KEEPS_VENUE_STAFF,
        method="post",
        data={"end": "2026-01-31"},
    ),
    Case(
        "workforce:post_move",
        lambda w: reverse("workforce:post_move", args=[_venue_post(w).pk]),
        KEEPS_VENUE_STAFF,
        method="post",
        data=lambda w: {
            "to_unit": w.station_unit.pk,
            "on": "2026-02-01",
            "kind": "established",
            "role": "manager",
        },
    ),
    Case(
        "workforce:post_cancel",
        lambda w: reverse("workforce:post_cancel", args=[_venue_post(w).pk]),
        KEEPS_VENUE_STAFF,
        method="post",
        data={"reason": "录入错误"},
    ),
    Case(
        "workforce:certificate_renew",
        lambda w: reverse("workforce:certificate_renew", args=[_venue_certificate(w).pk]),
        KEEPS_VENUE_STAFF,
        method="post",
        data=lambda w: {**_certificate_body(w), "number": "SZ-0003"},
    ),
    Case(
        "workforce:certificate_cancel",
        lambda w: reverse("workforce:certificate_cancel", args=[_venue_certificate(w).pk]),
        KEEPS_VENUE_STAFF,
        method="post",
        data={"reason": "录入错误"},
    ),
    Case("workforce:settings", lambda w: reverse("workforce:settings"), KEEPS_SETTINGS),
    Case(
        "workforce:kind_add",
        lambda w: reverse("workforce:kind_add"),
        KEEPS_SETTINGS_POST,
        method="post",
        data={"name": "文物保护工程从业资格证", "issuer": "国家文物局"},
    ),
    Case(
        "workforce:requirement_add",
        lambda w: reverse("workforce:requirement_add"),
        KEEPS_SETTINGS_POST,
        method="post",
        # A shipped kind, offered in every jurisdiction.
        data=lambda w: {"role": "manager", "kind": _kind(w).pk, "source": "示范区创建标准"},
    ),
    Case(
        "workforce:requirement_remove",
        lambda w: reverse("workforce:requirement_remove", args=[_city_requirement(w).pk]),
        expect(403, office=302),
        method="post",
    ),
    Case(
        "workforce:metric_records",
        lambda w: (
            reverse("workforce:metric_records", args=["workforce.certified_rate"])
            + f"?unit={w.venue_unit.pk}&year=2026"
        ),
        SEES_VENUE,
    ),
    Case(
        "api:unit_roster",
        lambda w: f"/api/v1/workforce/units/{w.venue_unit.pk}/roster",
        {**SEES_VENUE, "anonymous": 401},
    ),
    Case(
        "api:practitioner_certificates",
        lambda w: f"/api/v1/workforce/people/{_venue_certificate(w).practitioner_id}/certificates",
        {**SEES_VENUE, "anonymous": 401},
    ),
    Case("workforce:sessions", lambda w: reverse("workforce:sessions"), EVERYONE),
    Case(
        "workforce:session", lambda w: reverse("workforce:session", args=[_venue_session(w).pk]), SEES_VENUE
    ),
    Case(
        "workforce:session_create",
        lambda w: reverse("workforce:session_create", args=[w.venue_unit.pk]),
        KEEPS_VENUE_STAFF,
        method="post",
        data={
            "title": "非遗保护培训",
            "level": "city",
            "start": "2026-05-06",
            "end": "2026-05-07",
            "days": "2",
        },
    ),
    Case(
        "workforce:attendance_add",
        lambda w: reverse("workforce:attendance_add", args=[_venue_session(w).pk]),
        {**KEEPS_VENUE_STAFF, "office": 302, "district": 302, "venue": 302},
        method="post",
        data=lambda w: {"practitioners": [_venue_post(w).practitioner_id]},
    ),
    Case(
        "workforce:standard_set",
        lambda w: reverse("workforce:standard_set"),
        KEEPS_SETTINGS_POST,
        method="post",
        data={"tier": "grassroots", "days": "5", "source": "国家基本公共文化服务指导标准（2015—2020年）"},
    ),
    Case(
        "workforce:staffing_set",
        lambda w: reverse("workforce:staffing_set"),
        KEEPS_SETTINGS_POST,
        method="post",
        data={
            "facility": "township_station",
            "post_kind": "established",
            "population_from": "0",
            "posts": "1",
            "source": "国家基本公共文化服务指导标准（2015—2020年）",
        },
    ),
    Case(
        "workforce:metric_records",
        lambda w: (
            reverse("workforce:metric_records", args=["workforce.post_coverage"])
            + f"?unit={w.venue_unit.pk}&year=2026"
        ),
        SEES_VENUE,
    ),
    Case("workforce:organizations", lambda w: reverse("workforce:organizations"), EVERYONE),
    Case(
        "workforce:organization",
        lambda w: reverse("workforce:organization", args=[_organization(w).pk]),
        EVERYONE_OF_THE_CITY,
    ),
    Case(
        "workforce:organizations",
        lambda w: reverse("workforce:organizations"),
        # The second city's office registers in its own regions: 姑苏区 is no choice of its form.
        expect(403, office=302, district=302, office2=400),
        method="post",
        data=lambda w: {
            "region": w.gusu.pk,
            "name": "姑苏区评弹艺术协会",
            "credit_code": "91350100M000100Y43",
            "kind": "social_group",
            "field": "arts",
            "contact_name": "王老师",
            "contact_phone": "0512-65223456",
            "services": "评弹演出",
            "individual_members": "30",
            "registered_on": "2015-06-01",
        },
    ),
    Case(
        "workforce:member_add",
        lambda w: reverse("workforce:member_add", args=[_organization(w).pk]),
        expect(403, office=302, district=302),
        method="post",
        data={"name": "平江图书馆", "joined_on": "2020-01-01"},
    ),
    Case(
        "workforce:staffing_remove",
        lambda w: reverse("workforce:staffing_remove", args=[_city_staffing(w).pk]),
        expect(403, office=302),
        method="post",
        data={"confirmed": "1"},
    ),
    Case(
        "workforce:organization_dissolve",
        lambda w: reverse("workforce:organization_dissolve", args=[_organization(w).pk]),
        expect(403, office=302, district=302),
        method="post",
        data={"dissolved_on": "2025-12-31", "reason": "注销登记"},
    ),
    Case(
        "workforce:organization_dissolution_correct",
        lambda w: reverse("workforce:organization_dissolution_correct", args=[_dissolved_organization(w).pk]),
        expect(403, office=302, district=302),
        method="post",
        data={"dissolved_on": "", "reason": "误登记，撤销"},
    ),
    Case(
        "api:attendance_import",
        lambda w: f"/api/v1/workforce/training/{_venue_session(w).pk}/attendance",
        # Whoever keeps the organizer's roster; the leader reads only (403); the rest do not see the session.
        {**KEEPS_VENUE_STAFF, "office": 201, "district": 201, "venue": 201, "anonymous": 401},
        method="post",
        data=lambda w: {"rows": [{"id_number": VALID_ID} if _venue_post(w) else {}]},
        json=True,
    ),
]
