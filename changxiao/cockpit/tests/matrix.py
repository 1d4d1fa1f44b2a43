"""The authorization matrix's cases for the cockpit: its pages, layouts, snapshots and annual reports, for every
persona.

Those who read a whole jurisdiction open a cockpit — the city office and leader (苏州市), the district coordinator
(姑苏区) and the second city's office (无锡市, its own); the units (member, venue, inspector, outsider) have none
(403). The city's layouts are read by the city's and by the district (a layout applies below the region that keeps
it); the city's snapshots and reports by the city's office and leader. Only the city's office arranges, freezes,
decides, compiles and issues: the leader is refused every write (403), the district gets 403 on the city's layout it
reads and 404 on the city's snapshots and reports it does not."""

from datetime import date

from django.urls import reverse

from changxiao.core.tests.authz import Case, expect

# Whose cockpit a page is: the readers of a jurisdiction, each their own.
READERS = expect(403, office=200, district=200, leader=200, office2=200)
# A page of 姑苏区's cockpit: not the second city's.
READERS_OF_GUSU = expect(403, office=200, district=200, leader=200)
# A page of 苏州市 as a whole: not the district's.
READERS_OF_CITY = expect(403, office=200, leader=200, district=404)
# A write on the city as a whole (a form naming 苏州市): the city's office.
CITY_WRITE = expect(403, office=302, district=404)
# The city's layout: read by the city and the district; arranged by the city's office.
CITY_LAYOUT = expect(404, office=200, district=200, leader=200)
CITY_LAYOUT_WRITE = expect(404, office=302, district=403, leader=403)
# The city's snapshots and reports: read by the city's office and leader.
CITY_RECORD = expect(404, office=200, leader=200)
CITY_RECORD_WRITE = expect(404, office=302, leader=403)

OVERDUE = "supervision.findings_overdue"


def _layout(w):
    from changxiao.cockpit.services import layout_create

    return layout_create(
        by=w.office, region=w.city, name="领导小组", audience="leading_group", is_default=True
    )


def _tile(w):
    from changxiao.cockpit.services import tile_add

    layout = _layout(w)
    return tile_add(layout=layout, by=w.office, metric_code=OVERDUE)


def _snapshot(w):
    from changxiao.cockpit.services import snapshot_take

    return snapshot_take(
        by=w.office, region=w.city, year=2026, title="联席会议", meeting_date=date(2026, 12, 1), layout=None
    )


def _decision(w):
    from changxiao.cockpit.services import decision_record

    return decision_record(snapshot=_snapshot(w), by=w.office, text="限期整改到位")


def _follow_up(w):
    from changxiao.targets.tests.factories import PlanFactory

    PlanFactory(by=w.office)
    w.cockpit_decision = _decision(w)
    return reverse("cockpit:decision_follow_up", args=[w.cockpit_decision.pk])


def _report(w):
    from changxiao.cockpit.services import report_compile

    return report_compile(by=w.office, region=w.city, year=2026)


def _stashed_report(w):
    """A report made for the URL and kept on the world for the body (the URL is built first)."""
    w.cockpit_report = _report(w)
    return w.cockpit_report


def _report_body(w):
    report = w.cockpit_report
    return {"title": report.title, **{f"text_{s['key']}": s["text"] for s in report.sections}}


def _stashed_tile(w, url_name):
    w.cockpit_tile = _tile(w)
    return reverse(url_name, args=[w.cockpit_tile.layout_id, w.cockpit_tile.pk])


def _target_body(w):
    prefix = f"t{w.cockpit_tile.pk}"
    return {
        f"{prefix}-direction": "lower",
        f"{prefix}-target": "2",
        f"{prefix}-target_source": "领导小组会议",
    }


def _follow_up_body(w):
    prefix = f"d{w.cockpit_decision.pk}"
    return {
        f"{prefix}-title": "限期整改",
        f"{prefix}-lead_unit": w.district_unit.pk,
        f"{prefix}-due_date": "2026-12-31",
    }


CASES = [
    Case("cockpit:cockpit", lambda w: reverse("cockpit:cockpit"), READERS),
    Case(
        "cockpit:cockpit",
        lambda w: reverse("cockpit:cockpit") + f"?region={w.gusu.pk}&mode=wall",
        READERS_OF_GUSU,
        label="a district on the wall screen",
    ),
    Case(
        "cockpit:cockpit",
        lambda w: reverse("cockpit:cockpit") + f"?unit={w.station_unit.pk}",
        READERS_OF_GUSU,
        label="a township station",
    ),
    Case(
        "cockpit:figure",
        lambda w: reverse("cockpit:figure", args=[OVERDUE]) + f"?region={w.city.pk}",
        READERS_OF_CITY,
    ),
    Case(
        "cockpit:figures_recompute",
        lambda w: reverse("cockpit:figures_recompute") + f"?region={w.city.pk}&year=2026",
        CITY_WRITE,
        method="post",
    ),
    Case(
        "cockpit:figures_recompute",
        lambda w: reverse("cockpit:figures_recompute") + f"?region={w.gusu.pk}&year=2026",
        # 姑苏区's figures: its coordinator computes them again too; the leader reads only; the second city's office
        # does not see them.
        expect(403, office=302, district=302, office2=404),
        method="post",
        label="the district's own",
    ),
    Case(
        "cockpit:figures_recompute",
        lambda w: reverse("cockpit:figures_recompute") + f"?unit={w.venue_unit.pk}&year=2026",
        # 姑苏区文化馆's figures: the venue itself computes them again too, as do the city's office and the district's
        # coordinator; those who see the unit but may not are refused, the others do not see it.
        expect(404, office=302, district=302, venue=302, leader=403),
        method="post",
        label="a venue's own",
    ),
    Case("cockpit:layout_list", lambda w: reverse("cockpit:layout_list"), READERS),
    Case(
        "cockpit:layout_list",
        lambda w: reverse("cockpit:layout_list"),
        CITY_WRITE,
        method="post",
        data=lambda w: {"region": w.city.pk, "name": "区领导", "audience": "district_leader"},
    ),
    Case(
        "cockpit:layout_detail", lambda w: reverse("cockpit:layout_detail", args=[_layout(w).pk]), CITY_LAYOUT
    ),
    Case(
        "cockpit:layout_detail",
        lambda w: reverse("cockpit:layout_detail", args=[_layout(w).pk]),
        CITY_LAYOUT_WRITE,
        method="post",
        data={"name": "领导小组（改）", "audience": "leading_group"},
    ),
    Case(
        "cockpit:tile_add",
        lambda w: reverse("cockpit:tile_add", args=[_layout(w).pk]),
        CITY_LAYOUT_WRITE,
        method="post",
        data={"metric_code": OVERDUE},
    ),
    Case(
        "cockpit:tile_remove",
        lambda w: (lambda t: reverse("cockpit:tile_remove", args=[t.layout_id, t.pk]))(_tile(w)),
        CITY_LAYOUT_WRITE,
        method="post",
    ),
    Case(
        "cockpit:tile_move",
        lambda w: (lambda t: reverse("cockpit:tile_move", args=[t.layout_id, t.pk]))(_tile(w)),
        CITY_LAYOUT_WRITE,
        method="post",
        data={"step": "1"},
    ),
    Case(
        "cockpit:tile_target",
        lambda w: _stashed_tile(w, "cockpit:tile_target"),
        CITY_LAYOUT_WRITE,
        method="post",
        data=_target_body,
    ),
    Case("cockpit:snapshot_list", lambda w: reverse("cockpit:snapshot_list"), READERS),
    Case(
        "cockpit:snapshot_list",
        lambda w: reverse("cockpit:snapshot_list"),
        CITY_WRITE,
        method="post",
        data=lambda w: {"region": w.city.pk, "title": "联席会议", "meeting_date": "2026-12-01"},
    ),
    Case(
        "cockpit:snapshot_detail",
        lambda w: reverse("cockpit:snapshot_detail", args=[_snapshot(w).pk]),
        CITY_RECORD,
    ),
    Case(
        "cockpit:decision_create",
        lambda w: reverse("cockpit:decision_create", args=[_snapshot(w).pk]),
        CITY_RECORD_WRITE,
        method="post",
        data={"text": "限期整改到位"},
    ),
    Case(
        "cockpit:decision_follow_up",
        _follow_up,
        CITY_RECORD_WRITE,
        method="post",
        data=_follow_up_body,
    ),
    Case(
        "cockpit:decision_cancel",
        lambda w: reverse("cockpit:decision_cancel", args=[_decision(w).pk]),
        CITY_RECORD_WRITE,
        method="post",
        data={"reason": "误录"},
    ),
    Case("cockpit:report_list", lambda w: reverse("cockpit:report_list"), READERS),
    Case(
        "cockpit:report_list",
        lambda w: reverse("cockpit:report_list"),
        CITY_WRITE,
        method="post",
        data=lambda w: {"region": w.city.pk, "year": 2026},
    ),
    Case(
        "cockpit:report_detail", lambda w: reverse("cockpit:report_detail", args=[_report(w).pk]), CITY_RECORD
    ),
    Case(
        "cockpit:report_detail",
        lambda w: reverse("cockpit:report_detail", args=[_stashed_report(w).pk]),
        CITY_RECORD_WRITE,
        method="post",
        data=_report_body,
    ),
    Case(
        "cockpit:report_issue",
        lambda w: reverse("cockpit:report_issue", args=[_report(w).pk]),
        CITY_RECORD_WRITE,
        method="post",
        data={"confirmed": "1"},
    ),
    Case(
        "cockpit:report_cancel",
        lambda w: reverse("cockpit:report_cancel", args=[_report(w).pk]),
        CITY_RECORD_WRITE,
        method="post",
        data={"reason": "数据未齐"},
    ),
    Case(
        "cockpit:report_download",
        lambda w: reverse("cockpit:report_download", args=[_report(w).pk]),
        expect(404, office=302, leader=302),  # queued for the reader (core.document_jobs)
    ),
]
