"""The authorization matrix's cases for assessment: every page, form and endpoint, for every persona."""

from django.urls import reverse

from changxiao.core.tests.authz import EVERYONE, Case, expect


def _indicator_set_object(w):
    from changxiao.assessment.indicator_data import load_shipped

    return load_shipped()[0][0]


def _indicator_set(w):
    from changxiao.assessment.indicator_data import load_shipped

    return load_shipped()[0][0].pk


def _city_round(w):
    from datetime import date

    from changxiao.assessment.services import round_create

    return round_create(
        by=w.office,
        title="2026年度考核",
        year=2026,
        region=w.city,
        indicator_set=_indicator_set_object(w),
        units=[w.district_unit],
        self_report_due=date(2027, 1, 15),
        review_due=date(2027, 1, 31),
        final_due=date(2027, 2, 28),
    )


def _round_objection(w):
    from changxiao.assessment.models import Objection

    assessment_round = _city_round(w)
    assessment_round.phase = "publicity"
    assessment_round.publicity_started_on = assessment_round.self_report_due
    assessment_round.save()
    return Objection.objects.create(assessment_round=assessment_round, text="有异议")


def _honour_list(w):
    from datetime import date

    from changxiao.assessment.commendations import honour_list_create

    return honour_list_create(
        by=w.office, region=w.city, year=2026, title="先进集体和个人", nominations_due=date(2099, 1, 1)
    )


CASES: list[Case] = [
    Case("assessment:round_list", lambda w: reverse("assessment:round_list"), EVERYONE),
    Case("assessment:round_create", lambda w: reverse("assessment:round_create"), expect(403, office=200)),
    Case(
        "assessment:round_detail",
        lambda w: reverse("assessment:round_detail", args=[_city_round(w).pk]),
        expect(404, office=200, leader=200, district=200),
    ),
    Case(
        "assessment:round_advance",
        lambda w: reverse("assessment:round_advance", args=[_city_round(w).pk]),
        expect(404, office=302, leader=403, district=403),
        method="post",
    ),
    Case(
        "assessment:round_refresh",
        lambda w: reverse("assessment:round_refresh", args=[_city_round(w).pk]),
        expect(404, office=302, leader=403, district=403),
        method="post",
    ),
    Case(
        "assessment:round_reopen",
        lambda w: reverse("assessment:round_reopen", args=[_city_round(w).pk]),
        expect(404, office=302, leader=403, district=403),
        method="post",
        data={"reason": "复审"},
    ),
    Case(
        "assessment:round_report",
        lambda w: reverse("assessment:round_report", args=[_city_round(w).pk]),
        expect(404, office=200, leader=403, district=403),
    ),
    Case(
        "assessment:participant_sheet",
        lambda w: reverse("assessment:participant_sheet", args=[_city_round(w).participants.get().pk]),
        expect(404, office=200, district=200),
    ),
    Case(
        "assessment:objection_answer",
        lambda w: reverse("assessment:objection_answer", args=[_round_objection(w).pk]),
        expect(404, office=302, leader=403, district=403),
        method="post",
        data={"answer": "已核实"},
    ),
    Case(
        "public:assessment_announcement",
        lambda w: reverse("public:assessment_announcement", args=[_round_objection(w).assessment_round_id]),
        expect(200, anonymous=200),
    ),
    Case("assessment:honour_list_index", lambda w: reverse("assessment:honour_list_index"), EVERYONE),
    Case(
        "assessment:honour_detail",
        lambda w: reverse("assessment:honour_detail", args=[_honour_list(w).pk]),
        EVERYONE,  # a city's call for nominations is open to every unit of the city
    ),
    Case(
        "public:honours",
        lambda w: reverse("public:honours", args=[_honour_list(w).pk]),
        expect(404, anonymous=404),
    ),
    Case(
        "assessment:set_new_version",
        lambda w: reverse("assessment:set_new_version", args=[_indicator_set(w)]),
        expect(403, office=302),
        method="post",
    ),
    Case(
        "assessment:indicator_edit",
        lambda w: reverse("assessment:indicator_edit", args=[_indicator_set_object(w).indicators.first().pk]),
        expect(403, office=200),
    ),
    Case("assessment:set_list", lambda w: reverse("assessment:set_list"), EVERYONE),
    Case(
        "assessment:set_detail",
        lambda w: reverse("assessment:set_detail", args=[_indicator_set(w)]),
        EVERYONE,
    ),
    Case("api:list_indicator_sets", lambda w: "/api/v1/indicator-sets", expect(200, anonymous=401)),
    Case(
        "api:get_indicator_set",
        lambda w: f"/api/v1/indicator-sets/{_indicator_set(w)}",
        expect(200, anonymous=401),
    ),
    Case("api:my_submissions", lambda w: "/api/v1/assessment/submissions", expect(200, anonymous=401)),
    Case(
        "api:published_results",
        lambda w: f"/api/v1/public/assessment/{_city_round(w).pk}/results",
        expect(404, anonymous=404),
    ),
    Case(
        "api:report_value",
        lambda w: (
            f"/api/v1/assessment/submissions/{_city_round(w).participants.get().submissions.first().pk}"
        ),
        {**expect(404, office=403, leader=403, district=422), "anonymous": 401},
        method="put",
        data={"value": "1"},
        json=True,
    ),
]
