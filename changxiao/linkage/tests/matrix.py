"""The authorization matrix's cases for the linkage: every page, form and endpoint, for every persona.

The 姑苏区 cultural centre (world.venue_unit, persona venue) is the provider of a performance on the city's menu;
平江街道's station (world.station_unit, whose person is no persona) orders it. The order is seen by the station, the
provider and the jurisdictions over 平江街道 (office, district, leader); its steps are taken by the provider
(answer, delivery) or the station (cancel, confirm, dispute, rating) only."""

from datetime import timedelta

from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.tests.authz import (
    EVERYONE,
    EVERYONE_OF_THE_CITY,
    SEES_GUSU_REGION,
    SEES_VENUE,
    Case,
    expect,
)

# Steps of the provider: the venue takes them; the others who see the order are refused; the rest do not see it.
PROVIDER_STEP = expect(403, member=404, inspector=404, outsider=404, venue=302)
# Steps of the ordering station (no persona acts for it): refused to everyone who sees the order.
STATION_STEP = expect(403, member=404, inspector=404, outsider=404)
PUBLIC = {**expect(200, office2=200), "anonymous": 200}


def _f():
    from changxiao.linkage.tests import factories

    return factories


def _menu(w):
    return _f().menu(w)


def _published(w):
    return _f().published_offering(w)


def _submitted(w):
    return _f().offering(w, accept=False, title="苏州评弹书场")


def _order(w):
    return _f().order(w)


def _accepted(w):
    from changxiao.linkage import services

    order = _order(w)
    return services.order_accept(order=order, by=w.venue, scheduled_on=local_today())


def _delivered(w):
    from changxiao.linkage import services

    order = _accepted(w)
    return services.order_deliver(order=order, by=w.venue, delivered_on=local_today(), attendance=120)


def _completed(w):
    from changxiao.linkage import services

    order = _delivered(w)
    return services.order_confirm(order=order, by=_f().station_staff(w), extent="full", rating=5)


def _pair(w, agreed: bool = False):
    from changxiao.linkage import services

    pair = services.pair_create(
        year=local_today().year,
        supporter=w.venue_unit,
        supported=w.station_unit,
        commitments="全年送戏4场",
        activities_planned=4,
        by=w.office,
    )
    if agreed:
        pair = services.pair_agree(pair=pair, by=_f().station_staff(w))
    return pair


def _pair_activity(w):
    """An activity recorded by the station: the venue (the other side) confirms it."""
    from changxiao.linkage import services

    return services.pair_activity_record(
        pair=_pair(w, agreed=True),
        by=_f().station_staff(w),
        title="送戏进社区",
        held_on=local_today(),
        kind="performance",
        audience=150,
    )


def _programme(w):
    from changxiao.linkage.models import Programme

    return Programme.objects.get_or_create(owner=w.city, name="群星璀璨")[0]


def _activity(w):
    from changxiao.linkage import services

    return services.activity_record(
        programme=_programme(w),
        organizer=w.venue_unit,
        by=w.office,
        title="广场文艺演出",
        region=w.pingjiang,
        held_on=local_today(),
        kind="performance",
        audience_kind="community",
        audience=300,
    )


def _day(days: int = 0) -> str:
    day = local_today() + timedelta(days=days)
    return (day if day.year == local_today().year else local_today()).isoformat()


CASES = [
    Case(
        "linkage:overview",
        lambda w: reverse("linkage:overview"),
        expect(403, office=200, district=200, leader=200, office2=200),
    ),
    Case("linkage:menus", lambda w: reverse("linkage:menus"), EVERYONE),
    Case(
        "linkage:menus",
        lambda w: reverse("linkage:menus"),
        expect(403, office=302, office2=302),
        method="post",
        data={
            "year": local_today().year,
            "title": "年度公共文化服务目录",
            "default_quota": 6,
            "reply_workdays": 5,
            "coverage_times": 2,
        },
    ),
    Case("linkage:menu", lambda w: _published(w).menu.get_absolute_url(), EVERYONE_OF_THE_CITY),
    Case(
        "linkage:menu_publish",
        lambda w: reverse("linkage:menu_publish", args=[_f().offering(w).menu_id]),
        expect(403, office=200),
        method="post",
    ),
    Case(
        "linkage:menu_withdraw",
        lambda w: reverse("linkage:menu_withdraw", args=[_published(w).menu_id]),
        expect(403, office=302),
        method="post",
        data={"reason": "目录内容需调整"},
    ),
    Case(
        "linkage:quota_set",
        lambda w: reverse("linkage:quota_set", args=[_menu(w).pk]),
        expect(403, office=302),
        method="post",
        data=lambda w: {"unit": w.station_unit.pk, "places": 3},
    ),
    Case(
        "linkage:menu_counts",
        lambda w: reverse("linkage:menu_counts", args=[_published(w).menu_id]),
        expect(403, office=200, district=200, leader=200),
    ),
    Case(
        "linkage:offering_new",
        lambda w: reverse("linkage:offering_new", args=[_menu(w).pk]),
        expect(200, leader=403),
    ),
    Case(
        "linkage:offering_new",
        lambda w: reverse("linkage:offering_new", args=[_menu(w).pk]),
        expect(400, venue=302, leader=403),
        method="post",
        data=lambda w: {
            "provider": w.venue_unit.pk,
            "title": "昆曲折子戏",
            "kind": "performance",
            "description": "昆曲经典折子戏",
            "capacity": 200,
            "cost_borne": "government",
            "available_from": f"{local_today().year}-01-01",
            "available_until": f"{local_today().year}-12-31",
            "places": 5,
        },
    ),
    Case("linkage:offering", lambda w: _published(w).get_absolute_url(), EVERYONE_OF_THE_CITY),
    Case(
        "linkage:offering_review",
        lambda w: reverse("linkage:offering_review", args=[_submitted(w).pk]),
        expect(404, office=302, venue=403, leader=403),
        method="post",
        data={"decision": "accept", "note": ""},
    ),
    Case(
        "linkage:offering_withdraw",
        lambda w: reverse("linkage:offering_withdraw", args=[_published(w).pk]),
        expect(403, venue=302),
        method="post",
        data={"reason": "剧团改制"},
    ),
    Case(
        "linkage:order_place",
        lambda w: reverse("linkage:order_place", args=[_published(w).pk]),
        expect(403),
        method="post",
        data=lambda w: {"unit": w.station_unit.pk, "wished_date": _day(10), "audience_expected": 100},
    ),
    Case("linkage:orders", lambda w: reverse("linkage:orders"), EVERYONE),
    Case("linkage:queue", lambda w: reverse("linkage:queue"), expect(302, office2=302)),
    Case("linkage:order", lambda w: _order(w).get_absolute_url(), SEES_VENUE),
    Case(
        "linkage:order_accept",
        lambda w: reverse("linkage:order_accept", args=[_order(w).pk]),
        PROVIDER_STEP,
        method="post",
        data=lambda w: {"scheduled_on": _day(5), "note": ""},
    ),
    Case(
        "linkage:order_decline",
        lambda w: reverse("linkage:order_decline", args=[_order(w).pk]),
        PROVIDER_STEP,
        method="post",
        data={"reason": "档期已满"},
    ),
    Case(
        "linkage:order_deliver",
        lambda w: reverse("linkage:order_deliver", args=[_accepted(w).pk]),
        PROVIDER_STEP,
        method="post",
        data=lambda w: {"delivered_on": local_today().isoformat(), "attendance": 100},
    ),
    Case(
        "linkage:order_cancel",
        lambda w: reverse("linkage:order_cancel", args=[_order(w).pk]),
        STATION_STEP,
        method="post",
        data={"reason": "场地维修"},
    ),
    Case(
        "linkage:order_confirm",
        lambda w: reverse("linkage:order_confirm", args=[_delivered(w).pk]),
        STATION_STEP,
        method="post",
        data={"extent": "full", "rating": 5, "comment": ""},
    ),
    Case(
        "linkage:order_dispute",
        lambda w: reverse("linkage:order_dispute", args=[_delivered(w).pk]),
        STATION_STEP,
        method="post",
        data={"reason": "演出未到场"},
    ),
    Case(
        "linkage:order_rating_correct",
        lambda w: reverse("linkage:order_rating_correct", args=[_completed(w).pk]),
        STATION_STEP,
        method="post",
        data={"extent": "partial", "rating": 3, "comment": "少一个节目", "reason": "补记"},
    ),
    Case(
        "linkage:report",
        lambda w: reverse("linkage:report"),
        expect(403, office=200, district=200, leader=200, office2=200),
    ),
    Case("linkage:pairs", lambda w: reverse("linkage:pairs"), EVERYONE),
    Case(
        "linkage:pairs",
        lambda w: reverse("linkage:pairs"),
        expect(403, office=302, district=302, office2=400),
        method="post",
        data=lambda w: {
            "year": local_today().year,
            "supporter": w.venue_unit.pk,
            "supported": w.station_unit.pk,
            "commitments": "送戏4场",
            "activities_planned": 4,
        },
    ),
    Case("linkage:pair", lambda w: _pair(w).get_absolute_url(), SEES_VENUE),
    Case(
        "linkage:pair_agree",
        lambda w: reverse("linkage:pair_agree", args=[_pair(w).pk]),
        STATION_STEP,
        method="post",
    ),
    Case(
        "linkage:pair_end",
        lambda w: reverse("linkage:pair_end", args=[_pair(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, office=302, district=302),
        method="post",
        data={"reason": "单位调整"},
    ),
    Case(
        "linkage:pair_activity_record",
        lambda w: reverse("linkage:pair_activity_record", args=[_pair(w, agreed=True).pk]),
        PROVIDER_STEP,
        method="post",
        data=lambda w: {
            "title": "送戏下乡",
            "held_on": local_today().isoformat(),
            "kind": "performance",
            "audience": 90,
        },
    ),
    Case(
        "linkage:pair_activity_confirm",
        lambda w: reverse("linkage:pair_activity_confirm", args=[_pair_activity(w).pk]),
        PROVIDER_STEP,
        method="post",
    ),
    Case("linkage:programmes", lambda w: reverse("linkage:programmes"), EVERYONE),
    Case(
        "linkage:programmes",
        lambda w: reverse("linkage:programmes"),
        expect(403, office=302, office2=302),
        method="post",
        data={"name": "文化惠民周末", "description": ""},
    ),
    Case("linkage:programme", lambda w: _programme(w).get_absolute_url(), EVERYONE_OF_THE_CITY),
    Case(
        "linkage:activity_new",
        lambda w: reverse("linkage:activity_new"),
        expect(200, leader=403, office2=200),
    ),
    Case(
        "linkage:activity_new",
        lambda w: reverse("linkage:activity_new"),
        expect(400, office=302, district=302, venue=302, leader=403, office2=400),
        method="post",
        data=lambda w: {
            "programme": _programme(w).pk,
            "organizer": w.venue_unit.pk,
            "title": "送戏进社区",
            "region": w.pingjiang.pk,
            "held_on": local_today().isoformat(),
            "kind": "performance",
            "audience_kind": "community",
            "audience": 200,
        },
    ),
    Case("linkage:activity", lambda w: _activity(w).get_absolute_url(), SEES_VENUE),
    Case(
        "linkage:activity_cancel",
        lambda w: reverse("linkage:activity_cancel", args=[_activity(w).pk]),
        expect(403, member=404, inspector=404, outsider=404, office=302, district=302, venue=302),
        method="post",
        data={"reason": "重复登记"},
    ),
    Case("linkage:calendar", lambda w: reverse("linkage:calendar"), EVERYONE),
    Case(
        "linkage:metric_records",
        lambda w: (
            reverse("linkage:metric_records", args=["linkage.village_coverage"])
            + f"?region={w.gusu.pk}&year={local_today().year}"
        ),
        SEES_GUSU_REGION,
    ),
    Case(
        "public:linkage_rate",
        lambda w: reverse("public:linkage_rate", args=[_delivered(w).resident_token]),
        PUBLIC,
    ),
    Case(
        "public:linkage_rate",
        lambda w: reverse("public:linkage_rate", args=[_delivered(w).resident_token]),
        PUBLIC,
        method="post",
        data={"score": 5, "comment": "好看"},
    ),
    Case("public:linkage_activities", lambda w: reverse("public:linkage_activities"), PUBLIC),
    Case(
        "public:linkage_activity",
        lambda w: reverse("public:linkage_activity", args=[_activity(w).pk]),
        PUBLIC,
    ),
    Case("api:public_menus", lambda w: "/api/v1/public/linkage/menus", PUBLIC),
    Case(
        "api:public_menu_items",
        lambda w: f"/api/v1/public/linkage/menus/{_published(w).menu_id}/items?q=锡剧",
        PUBLIC,
    ),
    Case("api:orders", lambda w: "/api/v1/linkage/orders", {**EVERYONE, "anonymous": 401}),
    Case("api:order", lambda w: f"/api/v1/linkage/orders/{_order(w).pk}", {**SEES_VENUE, "anonymous": 401}),
    Case(
        "api:order_place",
        lambda w: "/api/v1/linkage/orders",
        {**expect(403), "anonymous": 401},
        method="post",
        data=lambda w: {
            "offering_id": _published(w).pk,
            "unit_id": w.station_unit.pk,
            "wished_date": _day(10),
            "audience_expected": 100,
        },
        json=True,
    ),
]
