"""The authorization matrix's cases for assessment: every page, form and endpoint, for every persona."""

from datetime import timedelta

from django.urls import reverse

from changxiao.core.deadlines import local_today
from changxiao.core.tests.authz import EVERYONE, EVERYONE_OF_THE_CITY, Case, expect

# Who sees the city round: its office and leader, and the district (a participant); the rest get 404.
SEES_ROUND = expect(404, office=200, leader=200, district=200)
# Who runs it: the office; the leader and the participant see it and are refused.
RUNS_ROUND_POST = expect(404, office=302, leader=403, district=403)
# The district's own sheet: the district writes it; the office sees it and is refused; the leader is refused.
DISTRICT_WRITES_SHEET = expect(404, district=302, office=403, leader=403)
OFFICE_REVIEWS_SHEET = expect(404, office=302, district=403, leader=403)
# A city call for nominations: every unit of the city sees it.
EVERYONE_REFUSED_BUT_OFFICE = expect(403, office=302)


def _indicator_set_object(w):
    from changxiao.assessment.indicator_data import load_shipped

    return load_shipped()[0][0]


def _indicator_set(w):
    from changxiao.assessment.indicator_data import load_shipped

    return load_shipped()[0][0].pk


def _published_round(w):
    """The city round run to publication: the district's sheet submitted and reviewed, the announcement over."""
    from datetime import date

    from changxiao.assessment.models import AssessmentRound
    from changxiao.assessment.services import round_advance, submission_score

    submission = _reviewed_submission(w)
    assessment_round = submission.participant.assessment_round
    submission_score(submission=submission, by=w.office, points="4", comment="成效明显")
    round_advance(assessment_round=assessment_round, by=w.office, confirmed=True)  # publicity
    AssessmentRound.objects.filter(pk=assessment_round.pk).update(publicity_started_on=date(2026, 1, 1))
    for _step in range(2):  # final, published
        round_advance(assessment_round=assessment_round, by=w.office, confirmed=True)
    return assessment_round


def _city_round(w):
    from changxiao.assessment.tests.factories import RoundFactory

    return RoundFactory(by=w.office, units=[w.district_unit])


def _open_round(w):
    """The city round in self-report: the district fills its sheet."""
    from changxiao.assessment.services import round_advance

    assessment_round = _city_round(w)
    round_advance(assessment_round=assessment_round, by=w.office, confirmed=True)
    return assessment_round


def _submitted_participant(w):
    """The district's self-report, submitted."""
    from changxiao.assessment.services import participant_submit

    participant = _open_round(w).participants.get()
    return participant_submit(participant=participant, by=w.district, confirmed=True)


def _reviewed_submission(w):
    """A submission of the district's submitted sheet, the round in review."""
    from changxiao.assessment.services import round_advance

    participant = _submitted_participant(w)
    round_advance(assessment_round=participant.assessment_round, by=w.office, confirmed=True)
    return participant.submissions.get(indicator__code="5.2")


class WorldBody(dict):
    """A write case's body that names objects of the test world (ids differ from run to run): filled in when the
    case's URL is built, which the matrix does before it posts."""

    def __init__(self, fill):
        super().__init__()
        self.fill = fill

    def bind(self, url):
        def build(w):
            self.clear()
            target = url(w)
            self.update(self.fill(w, target))
            return target

        return build


def world_case(url_name: str, url, expected: dict, fill, *, method: str = "post") -> Case:
    """`fill(world, url)` gives the body; the url's objects are made first, once."""
    body = WorldBody(fill)
    return Case(url_name, body.bind(url), expected, method=method, data=body)


def _round_fields(w) -> dict:
    return {
        "title": "2026年度考核",
        "year": 2026,
        "self_report_due": "2027-01-15",
        "review_due": "2027-01-31",
        "final_due": "2027-02-28",
        "publicity_days": 7,
        "units": [w.district_unit.pk],
    }


def _city_set(w):
    """The city's own version of the shipped set, copied by its office and not yet used by a round."""
    from changxiao.assessment.sets import indicator_set_new_version
    from changxiao.assessment.tests.factories import long_term_set

    return indicator_set_new_version(indicator_set=long_term_set(), by=w.office)


def _new_version_indicator(w):
    return _city_set(w).indicators.get(code="5.1")


def _district_nomination(w):
    from changxiao.assessment.commendations import nomination_submit

    return nomination_submit(
        honour_list=_honour_list(w),
        by=w.district,
        unit=w.district_unit,
        kind="team",
        nominee="志愿服务队",
        achievements="全年开展志愿服务120次",
    )


def _round_objection(w):
    from changxiao.assessment.models import Objection

    assessment_round = _city_round(w)
    assessment_round.phase = "publicity"
    assessment_round.publicity_started_on = assessment_round.self_report_due
    assessment_round.save()
    return Objection.objects.create(assessment_round=assessment_round, text="有异议")


def _honour_list(w):
    from changxiao.assessment.commendations import honour_list_create

    return honour_list_create(
        by=w.office,
        region=w.city,
        year=2026,
        title="先进集体和个人",
        nominations_due=local_today() + timedelta(days=30),
    )


CASES: list[Case] = [
    Case("assessment:round_list", lambda w: reverse("assessment:round_list"), EVERYONE),
    Case(
        "assessment:round_create",
        lambda w: reverse("assessment:round_create"),
        expect(403, office=200, office2=200),
    ),
    Case(
        "assessment:round_detail",
        lambda w: reverse("assessment:round_detail", args=[_city_round(w).pk]),
        expect(404, office=200, leader=200, district=200),
    ),
    world_case(
        "assessment:round_create",
        lambda w: reverse("assessment:round_create"),
        expect(
            403, office=302, office2=200
        ),  # 苏州市 is not the second city's office to choose: the form again
        lambda w, url: {
            **_round_fields(w),
            "region": w.city.pk,
            "indicator_set": _indicator_set(w),
        },
    ),
    Case(
        "assessment:round_edit",
        lambda w: reverse("assessment:round_edit", args=[_city_round(w).pk]),
        expect(404, office=200, leader=403, district=403),
    ),
    world_case(
        "assessment:round_edit",
        lambda w: reverse("assessment:round_edit", args=[_city_round(w).pk]),
        RUNS_ROUND_POST,
        lambda w, url: {**_round_fields(w), "title": "2026年度示范区长效管理考核"},
    ),
    Case(
        "assessment:round_cancel",
        lambda w: reverse("assessment:round_cancel", args=[_city_round(w).pk]),
        RUNS_ROUND_POST,
        method="post",
        data={"cancel-reason": "重复创建"},
    ),
    Case(  # the check: what will happen and what is missing
        "assessment:round_advance",
        lambda w: reverse("assessment:round_advance", args=[_city_round(w).pk]),
        expect(404, office=200, leader=403, district=403),
        method="post",
    ),
    Case(
        "assessment:round_advance",
        lambda w: reverse("assessment:round_advance", args=[_city_round(w).pk]),
        RUNS_ROUND_POST,
        method="post",
        data={"confirmed": "1"},
    ),
    Case(
        "assessment:round_refresh",
        lambda w: reverse("assessment:round_refresh", args=[_city_round(w).pk]),
        expect(404, office=302, leader=403, district=403),
        method="post",
    ),
    Case(
        "assessment:round_reopen",
        lambda w: reverse("assessment:round_reopen", args=[_published_round(w).pk]),
        expect(403, office=302),  # published: everyone of the city reads it, only its office reopens it
        method="post",
        data={"reopen-reason": "复审"},
    ),
    Case(
        "assessment:round_report",
        lambda w: reverse("assessment:round_report", args=[_city_round(w).pk]),
        expect(404, office=302, leader=403, district=403),  # queued for the office (core.document_jobs)
    ),
    Case(
        "assessment:participant_sheet",
        lambda w: reverse("assessment:participant_sheet", args=[_city_round(w).participants.get().pk]),
        expect(404, office=200, district=200),
    ),
    world_case(  # a value of the self-report, saved as a draft
        "assessment:participant_sheet",
        lambda w: reverse("assessment:participant_sheet", args=[_open_round(w).participants.get().pk]),
        DISTRICT_WRITES_SHEET,
        lambda w, url: {
            "action": "report",
            "submission": (pk := _submission_at(url, "5.1")),
            f"s{pk}-value": "12",
        },
    ),
    Case(  # 提交自评, confirmed
        "assessment:participant_sheet",
        lambda w: reverse("assessment:participant_sheet", args=[_open_round(w).participants.get().pk]),
        DISTRICT_WRITES_SHEET,
        method="post",
        data={"action": "submit", "confirmed": "1"},
    ),
    Case(  # the office returns the submitted sheet with a reason
        "assessment:participant_sheet",
        lambda w: reverse("assessment:participant_sheet", args=[_submitted_participant(w).pk]),
        OFFICE_REVIEWS_SHEET,
        method="post",
        data={"action": "return", "return-reason": "请补充佐证"},
    ),
    world_case(  # the office reviews a score of the submitted sheet
        "assessment:participant_sheet",
        lambda w: reverse("assessment:participant_sheet", args=[_reviewed_submission(w).participant_id]),
        OFFICE_REVIEWS_SHEET,
        lambda w, url: {
            "action": "review",
            "submission": (pk := _submission_at(url, "5.2")),
            f"r{pk}-points": "4",
            f"r{pk}-comment": "成效明显",
        },
    ),
    world_case(
        "assessment:objection_answer",
        lambda w: reverse("assessment:objection_answer", args=[_round_objection(w).pk]),
        expect(404, office=302, leader=403, district=403),
        lambda w, url: {f"answer-{url.split('/')[-3]}-answer": "已核实"},
    ),
    Case(
        "public:assessment_announcement",
        lambda w: reverse("public:assessment_announcement", args=[_round_objection(w).assessment_round_id]),
        expect(200, anonymous=200, office2=200),  # the public site: anyone, of whichever city
    ),
    Case(
        "public:assessment_announcement",
        lambda w: reverse("public:assessment_announcement", args=[_round_objection(w).assessment_round_id]),
        expect(302, anonymous=302, office2=302),  # anyone objects during the announcement
        method="post",
        data={"text": "姑苏区活动场次与实际不符"},
    ),
    Case(
        "public:assessment_results",
        lambda w: reverse("public:assessment_results"),
        expect(200, anonymous=200, office2=200),
    ),
    Case(
        "public:honours_index",
        lambda w: reverse("public:honours_index"),
        expect(200, anonymous=200, office2=200),
    ),
    Case("assessment:honour_list_index", lambda w: reverse("assessment:honour_list_index"), EVERYONE),
    world_case(
        "assessment:honour_list_index",
        lambda w: reverse("assessment:honour_list_index"),
        expect(
            403, office=302, office2=200
        ),  # 苏州市 is not the second city's office to choose: the form again
        lambda w, url: {
            "region": w.city.pk,
            "year": 2026,
            "title": "2026年度先进集体",
            "nominations_due": (local_today() + timedelta(days=30)).isoformat(),
        },
    ),
    Case(
        "assessment:honour_detail",
        lambda w: reverse("assessment:honour_detail", args=[_honour_list(w).pk]),
        EVERYONE_OF_THE_CITY,  # a city's call for nominations is open to every unit of the city
    ),
    world_case(  # a unit nominates (for the unit it acts for)
        "assessment:honour_detail",
        lambda w: reverse("assessment:honour_detail", args=[_honour_list(w).pk]),
        expect(403, district=302),
        lambda w, url: {
            "action": "nominate",
            "n-unit": w.district_unit.pk,
            "n-kind": "team",
            "n-nominee": "志愿服务队",
            "n-achievements": "全年开展志愿服务120次",
        },
    ),
    world_case(  # the nominating unit withdraws before the office judges
        "assessment:honour_detail",
        lambda w: reverse("assessment:honour_detail", args=[_district_nomination(w).honour_list_id]),
        expect(404, district=302, office=403, leader=403),
        lambda w, url: {
            "action": "withdraw",
            "nomination": (pk := _nomination_at(url)),
            f"w{pk}-reason": "撤回",
        },
    ),
    world_case(  # the office judges
        "assessment:honour_detail",
        lambda w: reverse("assessment:honour_detail", args=[_district_nomination(w).honour_list_id]),
        expect(404, office=302, district=403, leader=403),
        lambda w, url: {"action": "judge", "nomination": _nomination_at(url), "outcome": "recommended"},
    ),
    Case(  # publishing: the check first (nothing awarded: refused)
        "assessment:honour_detail",
        lambda w: reverse("assessment:honour_detail", args=[_honour_list(w).pk]),
        expect(403, office=200),
        method="post",
        data={"action": "publish", "confirmed": "1"},
    ),
    Case(
        "public:honours",
        lambda w: reverse("public:honours", args=[_honour_list(w).pk]),
        expect(404, anonymous=404),
    ),
    Case(  # a shipped set: every office copies it as its own next version
        "assessment:set_new_version",
        lambda w: reverse("assessment:set_new_version", args=[_indicator_set(w)]),
        expect(403, office=302, office2=302),
        method="post",
    ),
    Case(  # the city's own version: its office copies it; the second city does not see it
        "assessment:set_new_version",
        lambda w: reverse("assessment:set_new_version", args=[_city_set(w).pk]),
        expect(403, office=302),
        method="post",
        label="the city's set",
    ),
    Case(
        "assessment:indicator_edit",
        lambda w: reverse("assessment:indicator_edit", args=[_new_version_indicator(w).pk]),
        expect(403, office=200),
    ),
    Case(  # a shipped set is read-only for every office: sent back to copy it as its own
        "assessment:indicator_edit",
        lambda w: reverse("assessment:indicator_edit", args=[_indicator_set_object(w).indicators.first().pk]),
        expect(403, office=302, office2=302),
        label="a shipped set",
    ),
    Case(
        "assessment:indicator_edit",
        lambda w: reverse("assessment:indicator_edit", args=[_new_version_indicator(w).pk]),
        EVERYONE_REFUSED_BUT_OFFICE,
        method="post",
        data={
            "name": "城乡结对帮扶及文化惠民活动场次",
            "unit_of_measure": "场",
            "data_type": "count",
            "comparator": "gte",
            "pass_level": "15",
            "excellent_level": "30",
            "scoring": "tiers",
            "tiers": "[[8, 3], [15, 6], [30, 10]]",
            "max_points": "10",
            "citation": "2027年度考核方案",
        },
    ),
    Case("assessment:set_list", lambda w: reverse("assessment:set_list"), EVERYONE),
    Case(
        "assessment:set_detail",
        lambda w: reverse("assessment:set_detail", args=[_indicator_set(w)]),
        EVERYONE,  # shipped with the platform
    ),
    Case(
        "assessment:set_detail",
        lambda w: reverse("assessment:set_detail", args=[_city_set(w).pk]),
        EVERYONE_OF_THE_CITY,
        label="the city's set",
    ),
    Case(
        "api:list_indicator_sets",
        lambda w: "/api/v1/indicator-sets",
        expect(200, anonymous=401, office2=200),
    ),
    Case(
        "api:get_indicator_set",
        lambda w: f"/api/v1/indicator-sets/{_indicator_set(w)}",
        expect(200, anonymous=401, office2=200),
    ),
    Case(
        "api:get_indicator_set",
        lambda w: f"/api/v1/indicator-sets/{_city_set(w).pk}",
        expect(200, anonymous=401),
        label="the city's set",
    ),
    Case(
        "api:my_submissions",
        lambda w: "/api/v1/assessment/submissions",
        expect(200, anonymous=401, office2=200),
    ),
    Case(
        "api:published_results",
        lambda w: f"/api/v1/public/assessment/{_city_round(w).pk}/results",
        expect(404, anonymous=404),
    ),
    Case(
        "api:submit_self_report",
        lambda w: f"/api/v1/assessment/participants/{_open_round(w).participants.get().pk}/submit",
        {**expect(404, office=403, leader=403, district=200), "anonymous": 401},
        method="post",
        data={"confirmed": True},
        json=True,
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


def _submission_at(url: str, code: str) -> int:
    """The submission of indicator `code` on the sheet at `url`."""
    from django.urls import resolve

    from changxiao.assessment.models import Submission

    participant = resolve(url).kwargs["pk"]
    return Submission.objects.get(participant_id=participant, indicator__code=code).pk


def _nomination_at(url: str) -> int:
    from django.urls import resolve

    from changxiao.assessment.models import Nomination

    return Nomination.objects.get(honour_list_id=resolve(url).kwargs["pk"]).pk
