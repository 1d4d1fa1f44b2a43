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


CASES: list[Case] = [
    Case("orgs:region_list", lambda w: reverse("orgs:region_list"), EVERYONE),
    Case("orgs:region_create", lambda w: reverse("orgs:region_create"), MANAGERS_ONLY),
    Case("orgs:region_detail", lambda w: reverse("orgs:region_detail", args=[w.gusu.pk]), SEES_GUSU_REGION),
    Case("orgs:region_edit", lambda w: reverse("orgs:region_edit", args=[w.gusu.pk]), MANAGES_GUSU_REGION),
    Case(
        "orgs:population_save",
        lambda w: reverse("orgs:population_save", args=[w.gusu.pk]),
        {k: (302 if v == 200 else v) for k, v in MANAGES_GUSU_REGION.items()},
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
    ),
    Case("orgs:person_add", lambda w: reverse("orgs:person_add", args=[w.venue_unit.pk]), MANAGES_VENUE),
    Case("orgs:people_list", lambda w: reverse("orgs:people_list"), EVERYONE),
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
    Case("orgs:token_list", lambda w: reverse("orgs:token_list"), expect(403, office=200)),
    Case(
        "orgs:token_revoke",
        lambda w: reverse("orgs:token_revoke", args=[_venue_token(w)]),
        expect(403, office=302),
        method="post",
    ),
    Case("api:me", lambda w: "/api/v1/me", expect(200, anonymous=401)),
    Case("api:list_regions", lambda w: "/api/v1/regions", expect(200, anonymous=401)),
    Case("api:get_region", lambda w: f"/api/v1/regions/{w.gusu.pk}", {**SEES_GUSU_REGION, "anonymous": 401}),
    Case("api:list_units", lambda w: "/api/v1/units", expect(200, anonymous=401)),
    Case("api:get_unit", lambda w: f"/api/v1/units/{w.venue_unit.pk}", {**SEES_VENUE, "anonymous": 401}),
]
