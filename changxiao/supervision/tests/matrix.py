"""The authorization matrix's cases for supervision: every page, form and endpoint, for every persona."""

from datetime import timedelta

from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.tests.authz import EVERYONE, EVERYONE_OF_THE_CITY, MANAGERS_ONLY, SEES_VENUE, Case, expect


def _venue_finding(w):
    """A city inspection by the inspector with a finding against the 姑苏区 venue."""
    from datetime import date

    from changxiao.supervision.tests.factories import FindingFactory

    return FindingFactory(
        by=w.inspector,
        inspection__title="督查",
        inspection__date=date(2026, 1, 5),
        description="问题",
        lead_unit=w.venue_unit,
        requirement="整改",
    )


def _evidence():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("整改.pdf", b"%PDF-1.4\n%%EOF\n")


def _venue_rectification(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from changxiao.supervision.services import rectification_submit

    return rectification_submit(
        finding=_venue_finding(w),
        by=w.venue,
        measures="已整改",
        evidence=[SimpleUploadedFile("整改.pdf", b"%PDF-1.4\n%%EOF\n")],
    )


def _venue_extension_on_finding(w):

    from changxiao.supervision.models import FindingExtension

    finding = _venue_finding(w)
    return FindingExtension.objects.create(
        finding=finding,
        reason="采购",
        current_due_date=finding.due_date,
        requested_due_date=finding.due_date + timedelta(days=30),
        requested_by=w.venue,
    )


def _venue_accountability(w):
    from datetime import date

    from changxiao.supervision.services import accountability_record

    return accountability_record(
        by=w.office,
        region=w.city,
        unit=w.venue_unit,
        ground="poor_execution",
        ground_detail="未整改",
        measure="interview",
        decided_by="办公室",
        decided_on=date(2026, 1, 10),
        findings=[_venue_finding(w)],
    )


def _city_bulletin(w):
    from datetime import date

    from changxiao.supervision.services import bulletin_generate

    _venue_finding(w)
    return bulletin_generate(
        by=w.office, region=w.city, period_start=date(2026, 1, 1), period_end=date(2026, 1, 31)
    )


class WorldBody(dict):
    """A write case's body that names objects of the test world (a region's or a unit's id, which differ from run
    to run): filled in when the case's URL is built, which the matrix does before it posts."""

    def __init__(self, fill):
        super().__init__()
        self.fill = fill

    def bind(self, url):
        def build(w):
            self.clear()
            self.update(self.fill(w))
            return url(w)

        return build


def world_case(url_name: str, url, expected: dict, fill) -> Case:
    body = WorldBody(fill)
    return Case(url_name, body.bind(url), expected, method="post", data=body)


def _issued_city_bulletin(w, *, public: bool = False):
    """An issued city bulletin: every persona of the city reads it; only the city office acts on it."""
    from changxiao.supervision.services import bulletin_issue, bulletin_publish

    bulletin = bulletin_issue(bulletin=_city_bulletin(w), by=w.office, confirmed=True)
    if public:
        bulletin_publish(bulletin=bulletin, by=w.office, confirmed=True)
    return bulletin


# Issued city bulletins are read by everyone of the city (the outsider's 昆山市 lies in it); the office acts.
CITY_OFFICE_ACTS_ON_BULLETIN = expect(403, office=302)

CASES: list[Case] = [
    Case("supervision:inspection_list", lambda w: reverse("supervision:inspection_list"), EVERYONE),
    Case(
        "supervision:inspection_create",
        lambda w: reverse("supervision:inspection_create"),
        expect(403, office=200, district=200, inspector=200, office2=200),
    ),
    world_case(
        "supervision:inspection_create",
        lambda w: reverse("supervision:inspection_create"),
        # The district (and the second city's office) does not record the city's inspections: refused on the form
        # (200, with the message).
        expect(403, office=302, inspector=302, district=200, office2=200),
        lambda w: {"region": w.city.pk, "kind": "routine", "title": "常态督查", "date": "2026-01-05"},
    ),
    Case(
        "supervision:inspection_edit",
        lambda w: reverse("supervision:inspection_edit", args=[_venue_finding(w).inspection_id]),
        expect(403, member=404, outsider=404, office=200, inspector=200),
    ),
    world_case(
        "supervision:inspection_edit",
        lambda w: reverse("supervision:inspection_edit", args=[_venue_finding(w).inspection_id]),
        expect(403, member=404, outsider=404, office=302, inspector=302),
        lambda w: {"region": w.city.pk, "kind": "special", "title": "专项督查", "date": "2026-01-06"},
    ),
    Case(
        "supervision:inspection_cancel",
        lambda w: reverse("supervision:inspection_cancel", args=[_venue_finding(w).inspection_id]),
        # With a finding recorded, cancelling is the office's decision, not the inspector's.
        expect(403, member=404, outsider=404, office=302),
        method="post",
        data={"reason": "重复录入", "confirmed": "1"},
    ),
    Case(
        "supervision:inspection_detail",
        lambda w: reverse("supervision:inspection_detail", args=[_venue_finding(w).inspection_id]),
        expect(200, member=404, outsider=404),
    ),
    world_case(
        "supervision:finding_add",
        lambda w: reverse("supervision:finding_add", args=[_venue_finding(w).inspection_id]),
        expect(403, member=404, outsider=404, office=302, inspector=302),
        lambda w: {
            "description": "问题",
            "severity": "minor",
            "lead_unit": w.venue_unit.pk,
            "requirement": "整改",
            "due_workdays": 3,
        },
    ),
    Case(
        "supervision:finding_detail",
        lambda w: reverse("supervision:finding_detail", args=[_venue_finding(w).pk]),
        expect(200, member=404, outsider=404),
    ),
    Case("supervision:finding_list", lambda w: reverse("supervision:finding_list"), EVERYONE),
    Case(
        "supervision:extension_request",
        lambda w: reverse("supervision:extension_request", args=[_venue_finding(w).pk]),
        expect(403, member=404, outsider=404, venue=302),
        method="post",
        # Within the five years a deadline may reach (the extension's own case refuses 9999-12-31).
        data={"requested_due_date": (local_today() + timedelta(days=400)).isoformat(), "reason": "采购"},
    ),
    Case(
        "supervision:extension_decide",
        lambda w: reverse("supervision:extension_decide", args=[_venue_extension_on_finding(w).pk]),
        expect(403, member=404, outsider=404, office=302),
        method="post",
        data={"decision": "approve"},
    ),
    Case("supervision:statistics", lambda w: reverse("supervision:statistics"), EVERYONE),
    Case(
        "supervision:metric_records",
        lambda w: (
            reverse("supervision:metric_records", args=["supervision.findings_overdue"])
            + f"?unit={w.venue_unit.pk}&year=2026"
        ),
        SEES_VENUE,
    ),
    Case("supervision:bulletin_list", lambda w: reverse("supervision:bulletin_list"), EVERYONE),
    Case("supervision:bulletin_create", lambda w: reverse("supervision:bulletin_create"), MANAGERS_ONLY),
    Case(
        "supervision:bulletin_detail",
        lambda w: reverse("supervision:bulletin_detail", args=[_city_bulletin(w).pk]),
        expect(404, office=200),
    ),
    Case(
        "supervision:bulletin_docx",
        lambda w: reverse("supervision:bulletin_docx", args=[_city_bulletin(w).pk]),
        expect(404, office=200),
    ),
    world_case(
        "supervision:bulletin_create",
        lambda w: reverse("supervision:bulletin_create"),
        # The district's form offers only 姑苏区, the second city's only 无锡市: the city is refused on the form (200,
        # with the message).
        expect(403, office=302, district=200, office2=200),
        lambda w: {"region": w.city.pk, "period_start": "2026-01-01", "period_end": "2026-01-31"},
    ),
    Case(
        "supervision:bulletin_detail",
        lambda w: reverse("supervision:bulletin_detail", args=[_city_bulletin(w).pk]),
        expect(404, office=302, leader=403),
        method="post",
        data={"number": "2026年第1期", "title": "通报", "body": "正文"},
    ),
    Case(
        "supervision:bulletin_detail",
        lambda w: reverse("supervision:bulletin_detail", args=[_issued_city_bulletin(w).pk]),
        EVERYONE_OF_THE_CITY,
    ),
    Case(
        "supervision:bulletin_issue",
        lambda w: reverse("supervision:bulletin_issue", args=[_city_bulletin(w).pk]),
        expect(404, office=302, leader=403),
        method="post",
        data={"confirmed": "1"},
    ),
    Case(
        "supervision:bulletin_publish",
        lambda w: reverse("supervision:bulletin_publish", args=[_issued_city_bulletin(w).pk]),
        CITY_OFFICE_ACTS_ON_BULLETIN,
        method="post",
        data={"confirmed": "1"},
    ),
    Case(
        "supervision:bulletin_correct",
        lambda w: reverse("supervision:bulletin_correct", args=[_issued_city_bulletin(w).pk]),
        CITY_OFFICE_ACTS_ON_BULLETIN,
        method="post",
        data={"number": "2026年第1期", "title": "通报", "body": "更正后的正文", "reason": "数字有误"},
    ),
    Case(
        "supervision:bulletin_withdraw",
        lambda w: reverse("supervision:bulletin_withdraw", args=[_issued_city_bulletin(w, public=True).pk]),
        CITY_OFFICE_ACTS_ON_BULLETIN,
        method="post",
        data={"reason": "内容待核实"},
    ),
    Case(
        "public:public_bulletin_detail",
        lambda w: reverse("public:public_bulletin_detail", args=[_issued_city_bulletin(w, public=True).pk]),
        expect(200, anonymous=200, office2=200),  # published on the public site: anyone reads it
    ),
    Case(
        "public:public_bulletin_list",
        lambda w: reverse("public:public_bulletin_list"),
        expect(200, anonymous=200, office2=200),
    ),
    Case(
        "public:public_bulletin_detail",
        lambda w: reverse("public:public_bulletin_detail", args=[_city_bulletin(w).pk]),
        expect(404, anonymous=404),
    ),
    Case("supervision:accountability_list", lambda w: reverse("supervision:accountability_list"), EVERYONE),
    Case(
        "supervision:accountability_create",
        lambda w: reverse("supervision:accountability_create"),
        expect(403, office=200, office2=200),
    ),
    world_case(
        "supervision:accountability_create",
        lambda w: reverse("supervision:accountability_create"),
        expect(
            403, office=302, office2=200
        ),  # the second city's office: 苏州市 is not its to choose (the form again)
        lambda w: {
            "region": w.city.pk,
            "unit": w.venue_unit.pk,
            "ground": "poor_execution",
            "ground_detail": "未整改",
            "findings": [_venue_finding(w).pk],
            "measure": "interview",
            "decided_by": "办公室",
            "decided_on": "2026-01-10",
        },
    ),
    Case(
        "supervision:accountability_correct",
        lambda w: reverse("supervision:accountability_correct", args=[_venue_accountability(w).pk]),
        expect(404, office=200, venue=403),
    ),
    world_case(
        "supervision:accountability_correct",
        lambda w: reverse("supervision:accountability_correct", args=[_venue_accountability(w).pk]),
        expect(404, office=302, venue=403, leader=403),
        lambda w: {
            "unit": w.venue_unit.pk,
            "ground": "poor_execution",
            "ground_detail": "督办后仍未整改",
            "measure": "interview",
            "decided_by": "办公室",
            "decided_on": "2026-01-10",
            "reason": "事实表述不完整",
        },
    ),
    Case(
        "supervision:accountability_cancel",
        lambda w: reverse("supervision:accountability_cancel", args=[_venue_accountability(w).pk]),
        expect(404, office=302, venue=403, leader=403),
        method="post",
        data={"reason": "重复录入", "confirmed": "1"},
    ),
    Case(
        "supervision:accountability_detail",
        lambda w: reverse("supervision:accountability_detail", args=[_venue_accountability(w).pk]),
        expect(404, office=200, venue=200),
    ),
    Case("supervision:escalation_policy", lambda w: reverse("supervision:escalation_policy"), MANAGERS_ONLY),
    Case(  # the city's own ladder: the district and the second city's office do not manage it
        "supervision:escalation_policy",
        lambda w: reverse("supervision:escalation_policy") + f"?region={w.city.pk}",
        expect(403, office=200, district=404),
        label="the city's",
    ),
    Case(  # each manager saves the ladder of their own jurisdiction (the second city's office: 无锡市's)
        "supervision:escalation_policy",
        lambda w: reverse("supervision:escalation_policy"),
        expect(403, office=302, district=302, office2=302),
        method="post",
        data={"remind_workdays_before": 3, "bulletin_after_workdays": 5, "accountability_after_workdays": 10},
    ),
    Case("supervision:my_findings", lambda w: reverse("supervision:my_findings"), EVERYONE),
    Case(
        "supervision:finding_notice",
        lambda w: reverse("supervision:finding_notice", args=[_venue_finding(w).pk]),
        expect(200, member=404, outsider=404),
    ),
    Case(
        "supervision:finding_acknowledge",
        lambda w: reverse("supervision:finding_acknowledge", args=[_venue_finding(w).pk]),
        expect(403, member=404, outsider=404, venue=302),
        method="post",
    ),
    world_case(
        "supervision:rectification_submit",
        lambda w: reverse("supervision:rectification_submit", args=[_venue_finding(w).pk]),
        expect(403, member=404, outsider=404, venue=302),
        lambda w: {"measures": "已整改", "evidence": [_evidence()]},
    ),
    Case(
        "supervision:rectification_review",
        lambda w: reverse("supervision:rectification_review", args=[_venue_rectification(w).pk]),
        expect(403, member=404, outsider=404, office=302, inspector=302),
        method="post",
        data={"decision": "accept"},
    ),
    Case(
        "supervision:finding_close",
        lambda w: reverse("supervision:finding_close", args=[_venue_finding(w).pk]),
        expect(403, member=404, outsider=404, office=302),
        method="post",
        data={"outcome": "duplicate", "reason": "重复"},
    ),
    Case("api:list_findings", lambda w: "/api/v1/findings", expect(200, anonymous=401, office2=200)),
    Case(
        "api:get_finding",
        lambda w: f"/api/v1/findings/{_venue_finding(w).pk}",
        expect(200, member=404, outsider=404, anonymous=401),
    ),
    Case(
        "api:submit_rectification",
        lambda w: f"/api/v1/findings/{_venue_finding(w).pk}/rectifications",
        expect(403, member=404, outsider=404, venue=422, anonymous=401),
        method="post",
        data={"measures": "已整改"},
    ),
]
