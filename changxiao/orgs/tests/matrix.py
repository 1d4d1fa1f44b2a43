"""The authorization matrix's cases for orgs: every page, form and endpoint, for every persona."""

from django.urls import reverse

from changxiao.core.tests.authz import (
    EVERYONE,
    MANAGERS_ONLY,
    MANAGES_GUSU_REGION,
    MANAGES_VENUE,
    MANAGES_VENUE_POST,
    SEES_GUSU_REGION,
    SEES_VENUE,
    Case,
    expect,
)
from changxiao.orgs.models import Membership


def _venue_membership(w):
    return Membership.objects.get(user=w.venue).pk


def _venue_token(w):
    from changxiao.orgs.services import api_token_issue

    token, _raw = api_token_issue(unit=w.venue_unit, by=w.office, name="test")
    return token.pk


def _station_person(w):
    """An account of the 平江街道 station (in 姑苏区), to be given a further role in the cultural centre."""
    from changxiao.orgs.choices import Role
    from conftest import make_person

    return make_person("station", w.station_unit, Role.VENUE, full_name="赵磊")


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("章程.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


# What the managers of 姑苏区 (the office and the district coordinator) may write; a new region or unit there. The
# second city's office is told the parent or region is not one it may choose (the form again, nothing created).
MANAGERS_WRITE = expect(403, office=302, district=302, office2=200)
MANAGES_GUSU_REGION_POST = {k: (302 if v == 200 else v) for k, v in MANAGES_GUSU_REGION.items()}
UNIT_FIELDS = {
    "short_name": "",
    "is_lead": "",
    "is_member": "",
    "leader_name": "",
    "contact_name": "",
    "contact_phone": "",
    "address": "",
    "sort_order": 0,
}

CASES: list[Case] = [
    Case("orgs:region_list", lambda w: reverse("orgs:region_list"), EVERYONE),
    Case("orgs:region_create", lambda w: reverse("orgs:region_create"), MANAGERS_ONLY),
    Case("orgs:region_detail", lambda w: reverse("orgs:region_detail", args=[w.gusu.pk]), SEES_GUSU_REGION),
    Case("orgs:region_edit", lambda w: reverse("orgs:region_edit", args=[w.gusu.pk]), MANAGES_GUSU_REGION),
    Case(
        "orgs:population_save",
        lambda w: reverse("orgs:population_save", args=[w.gusu.pk]),
        MANAGES_GUSU_REGION_POST,
        method="post",
        data={"year": 2024, "resident": 926100, "source": "test"},
    ),
    Case("orgs:unit_list", lambda w: reverse("orgs:unit_list"), EVERYONE),
    Case("orgs:unit_create", lambda w: reverse("orgs:unit_create"), MANAGERS_ONLY),
    Case("orgs:roster_docx", lambda w: reverse("orgs:roster_docx"), EVERYONE),
    Case("orgs:unit_detail", lambda w: reverse("orgs:unit_detail", args=[w.venue_unit.pk]), SEES_VENUE),
    Case("orgs:unit_edit", lambda w: reverse("orgs:unit_edit", args=[w.venue_unit.pk]), MANAGES_VENUE),
    Case(
        "orgs:unit_set_active",
        lambda w: reverse("orgs:unit_set_active", args=[w.venue_unit.pk]),
        MANAGES_VENUE_POST,
        method="post",
        data={"active": "0"},
    ),
    Case(
        "orgs:unit_attach",
        lambda w: reverse("orgs:unit_attach", args=[w.venue_unit.pk]),
        MANAGES_VENUE_POST,
        method="post",
        data=lambda w: {"files": [_pdf()], "description": "单位章程"},
    ),
    Case("orgs:person_add", lambda w: reverse("orgs:person_add", args=[w.venue_unit.pk]), MANAGES_VENUE),
    Case("orgs:people_list", lambda w: reverse("orgs:people_list"), EVERYONE),
    Case(
        "orgs:choices", lambda w: reverse("orgs:choices", args=["units"]) + "?q=1", EVERYONE
    ),  # scoped search
    Case("orgs:person_edit", lambda w: reverse("orgs:person_edit", args=[w.venue.pk]), MANAGES_VENUE),
    Case(
        "orgs:membership_edit",
        lambda w: reverse("orgs:membership_edit", args=[_venue_membership(w)]),
        MANAGES_VENUE,
    ),
    Case(
        "orgs:membership_remove",
        lambda w: reverse("orgs:membership_remove", args=[_venue_membership(w)]),
        MANAGES_VENUE_POST,
        method="post",
    ),
    Case("orgs:token_list", lambda w: reverse("orgs:token_list"), expect(403, office=200, office2=200)),
    Case(
        "orgs:token_revoke",
        lambda w: reverse("orgs:token_revoke", args=[_venue_token(w)]),
        expect(403, office=302),
        method="post",
    ),
    Case("api:me", lambda w: "/api/v1/me", expect(200, anonymous=401, office2=200)),
    Case("api:list_regions", lambda w: "/api/v1/regions", expect(200, anonymous=401, office2=200)),
    Case("api:get_region", lambda w: f"/api/v1/regions/{w.gusu.pk}", {**SEES_GUSU_REGION, "anonymous": 401}),
    Case("api:list_units", lambda w: "/api/v1/units", expect(200, anonymous=401, office2=200)),
    Case("api:get_unit", lambda w: f"/api/v1/units/{w.venue_unit.pk}", {**SEES_VENUE, "anonymous": 401}),
    # Writes: each form posted with a valid body.
    Case(
        "orgs:region_create",
        lambda w: reverse("orgs:region_create"),
        MANAGERS_WRITE,
        method="post",
        data=lambda w: {
            "parent": w.gusu.pk,
            "code": "320508002",
            "name": "双塔街道",
            "level": "township",
            "area_km2": "",
            "sort_order": 0,
        },
    ),
    Case(
        "orgs:region_edit",
        lambda w: reverse("orgs:region_edit", args=[w.gusu.pk]),
        MANAGES_GUSU_REGION_POST,
        method="post",
        data=lambda w: {
            "parent": w.city.pk,
            "code": "320508",
            "name": "姑苏区",
            "level": "county",
            "area_km2": "83.40",
            "sort_order": 1,
        },
    ),
    Case(
        "orgs:unit_create",
        lambda w: reverse("orgs:unit_create"),
        MANAGERS_WRITE,
        method="post",
        data=lambda w: {
            **UNIT_FIELDS,
            "code": "GS-BWG",
            "name": "姑苏区博物馆",
            "kind": "venue",
            "venue_type": "museum",
            "region": w.gusu.pk,
            "parent": w.district_unit.pk,
        },
    ),
    Case(
        "orgs:unit_edit",
        lambda w: reverse("orgs:unit_edit", args=[w.venue_unit.pk]),
        MANAGES_VENUE_POST,
        method="post",
        data=lambda w: {
            **UNIT_FIELDS,
            "code": "GS-WHG",
            "name": "姑苏区文化馆",
            "kind": "venue",
            "venue_type": "culture_centre",
            "region": w.gusu.pk,
            "parent": w.district_unit.pk,
            "contact_phone": "0512-65000000",
        },
    ),
    Case(
        "orgs:person_add",
        lambda w: reverse("orgs:person_add", args=[w.venue_unit.pk]),
        MANAGES_VENUE_POST,
        method="post",
        data={
            "mode": "new",
            "username": "new.staff",
            "full_name": "吴敏",
            "email": "",
            "phone": "13800001234",
            "role": "venue",
            "title": "馆员",
            "password": "Wenhua#Guan2026",
        },
        label="a new account",
    ),
    Case(
        "orgs:person_add",
        lambda w: reverse("orgs:person_add", args=[w.venue_unit.pk]),
        MANAGES_VENUE_POST,
        method="post",
        data=lambda w: {
            "mode": "existing",
            "existing-username": _station_person(w).username,
            "existing-role": "venue",
            "existing-title": "兼职辅导员",
        },
        label="an existing account",
    ),
    Case(
        "orgs:person_edit",
        lambda w: reverse("orgs:person_edit", args=[w.venue.pk]),
        MANAGES_VENUE_POST,
        method="post",
        data={"full_name": "陈静", "email": "chenjing@example.org", "phone": "", "is_active": "on"},
    ),
    Case(
        "orgs:person_unlock",
        lambda w: reverse("orgs:person_unlock", args=[w.venue.pk]),
        MANAGES_VENUE_POST,
        method="post",
    ),
    Case(
        "orgs:membership_edit",
        lambda w: reverse("orgs:membership_edit", args=[_venue_membership(w)]),
        MANAGES_VENUE_POST,
        method="post",
        data={"role": "venue", "title": "副馆长"},
    ),
    Case(
        "orgs:token_list",
        lambda w: reverse("orgs:token_list"),
        # The page shows the new key, once; the second city's office is told the unit is not one it may choose.
        expect(403, office=200, office2=200),
        method="post",
        data=lambda w: {"unit": w.venue_unit.pk, "name": "文化云对接", "expires_on": ""},
    ),
]
