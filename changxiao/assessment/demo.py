"""Demo assessment: the shipped indicator sets, a completed and published round for last year, this year's round in
self-report (its platform-computed indicators filled from this year's demo records) with a self-report in each state
— submitted, returned for correction, a draft, not started — and a round created by mistake, cancelled."""

from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from unittest import mock

from django.utils import timezone

from changxiao.core import bounds
from changxiao.core.demo import first_member, register_demo
from changxiao.orgs.models import Region, Unit, User

from . import services, values
from .choices import DataType, Phase, Scoring, SelfReportState, Source
from .indicator_data import load_shipped
from .models import AssessmentRound, IndicatorSet, Submission

CITY_CODE = "320500"
PARTICIPANTS = ["GS-WTL", "WZ-WTL", "WJ-WTL", "SIP-WTL", "KS-WGL", "CS-WGL"]
# A deterministic spread of achievement per participant (1.0 = everything met).
ACHIEVEMENT = {"GS-WTL": 0.97, "WZ-WTL": 0.9, "WJ-WTL": 0.84, "SIP-WTL": 0.99, "KS-WGL": 0.78, "CS-WGL": 0.9}


@contextmanager
def today_is(day: date):
    """Last year's round is replayed on the days it happened: its deadlines were ahead then."""
    with (
        mock.patch.object(services, "local_today", lambda: day),
        mock.patch.object(bounds, "local_today", lambda: day),
    ):
        yield


def _value_for(indicator, share: float, *, veto_ok: bool = True):
    """A plausible reported value for a participant achieving ``share`` of the requirements."""
    if indicator.data_type == DataType.BOOLEAN:
        return "1" if (veto_ok if indicator.veto else share > 0.8) else "0"
    if indicator.scoring == Scoring.RATING:
        return str(round(float(indicator.max_points) * share, 1))
    target = float(indicator.excellent_level or indicator.pass_level or 1)
    value = target * share if indicator.comparator == "gte" else target / max(share, 0.1)
    if indicator.data_type == DataType.COUNT:
        return str(round(value))
    if indicator.data_type == DataType.PERCENT:
        return str(round(min(value, 100), 1))
    return str(round(value, 2))


def _report(participant, office: User, *, share: float, only_some: bool = False, submit: bool = True) -> None:
    person = first_member(participant.unit)
    submissions = list(
        participant.submissions.select_related("indicator").filter(indicator__source=Source.REPORTED)
    )
    for index, submission in enumerate(submissions):
        if only_some and index % 2:
            continue
        value = _value_for(submission.indicator, share)
        if person is not None:
            services.submission_report(submission=submission, by=person, value=value, note="见佐证材料")
        else:  # a unit without an account on the demo site: its values as the office keyed them in
            submission.value = values.parse_value(submission.indicator, value)
            services._self_score(submission)
            submission.note = "由办公室代为录入"
            submission.save(update_fields=["value", "self_points", "explanation", "note"])
    if not submit:
        return
    if person is not None:
        services.participant_submit(participant=participant, by=person, confirmed=True)
    else:  # handed in on paper: the office keyed in the signed sheet
        participant.self_report_state = SelfReportState.SUBMITTED
        participant.submitted_at = timezone.now()
        participant.save(update_fields=["self_report_state", "submitted_at"])


@register_demo("assessment", order=50)
def load(stdout) -> list:
    for indicator_set, created in load_shipped():
        stdout.write(f"assessment: {indicator_set} {'loaded' if created else 'already present'}")
    if AssessmentRound.objects.exists():
        stdout.write("assessment: rounds already present, left unchanged")
        return []
    office = User.objects.get(username="office")
    city = Region.objects.get(code=CITY_CODE)
    # The shipped set (an office's own copies of it are its jurisdiction's, not the demo's).
    indicator_set = IndicatorSet.objects.filter(code="long-term-management", owner=None).latest("version")
    units = list(Unit.objects.filter(code__in=PARTICIPANTS).order_by("sort_order", "code"))
    this_year = timezone.localdate().year
    last_year = this_year - 1

    # Last year's round, run to publication.
    with today_is(date(this_year, 1, 5)):
        previous = services.round_create(
            by=office,
            title=f"{last_year}年度示范区长效管理考核",
            year=last_year,
            region=city,
            indicator_set=indicator_set,
            units=units,
            self_report_due=date(this_year, 1, 20),
            review_due=date(this_year, 2, 10),
            verification_due=date(this_year, 2, 28),
            final_due=date(this_year, 3, 31),
            publicity_days=7,
        )
        services.round_advance(assessment_round=previous, by=office, confirmed=True)
    with today_is(date(this_year, 1, 15)):
        for participant in previous.participants.select_related("unit"):
            _report(participant, office, share=ACHIEVEMENT[participant.unit.code] - 0.05)
    with today_is(date(this_year, 1, 21)):
        services.round_advance(assessment_round=previous, by=office, confirmed=True)  # review
    # Last year's platform records predate the platform: the office scored those indicators from its files.
    for submission in Submission.objects.filter(
        participant__assessment_round=previous, indicator__source=Source.METRIC
    ).select_related("participant__unit", "indicator"):
        share = Decimal(str(ACHIEVEMENT[submission.participant.unit.code] - 0.05))
        with today_is(date(this_year, 2, 5)):
            services.submission_score(
                submission=submission,
                by=office,
                points=(submission.indicator.max_points * share).quantize(Decimal("0.01")),
                comment="平台上线前的数据，依据年度台账核定",
            )
    with today_is(date(this_year, 2, 11)):
        services.round_advance(assessment_round=previous, by=office, confirmed=True)  # on-site verification
    with today_is(date(this_year, 3, 2)):
        services.round_advance(assessment_round=previous, by=office, confirmed=True)  # public announcement
    objection = services.objection_file(
        assessment_round=previous,
        participant=previous.participants.get(unit__code="KS-WGL"),
        text="昆山市的城乡结对活动场次统计偏低，部分“四进工程”活动未计入。",
    )
    with today_is(date(this_year, 3, 12)):
        services.objection_answer(
            objection=objection, by=office, answer="经核实，相关活动缺少佐证材料，维持原评分。"
        )
        services.round_advance(assessment_round=previous, by=office, confirmed=True)  # final
        services.round_advance(assessment_round=previous, by=office, confirmed=True)  # published

    # This year's round, in self-report: some districts have started filling in.
    current = services.round_create(
        by=office,
        title=f"{this_year}年度示范区长效管理考核",
        year=this_year,
        region=city,
        indicator_set=indicator_set,
        units=units,
        self_report_due=date(this_year + 1, 1, 20),
        review_due=date(this_year + 1, 2, 10),
        final_due=date(this_year + 1, 3, 31),
    )
    services.round_advance(assessment_round=current, by=office, confirmed=True)
    # 姑苏区 submitted; 工业园区 submitted and was returned for correction; 昆山市 has a draft half filled in.
    for participant in current.participants.select_related("unit").filter(
        unit__code__in=["GS-WTL", "KS-WGL", "SIP-WTL"]
    ):
        _report(
            participant,
            office,
            share=ACHIEVEMENT[participant.unit.code],
            only_some=participant.unit.code == "KS-WGL",
            submit=participant.unit.code != "KS-WGL",
        )
    returned = current.participants.get(unit__code="SIP-WTL")
    if returned.is_submitted and first_member(returned.unit) is not None:
        services.participant_return(
            participant=returned,
            by=office,
            reason="5.1 活动场次与活动台账不一致，请核对后补充签到表等佐证材料再提交。",
        )
    _mistaken_round(office, city, indicator_set, units, this_year)
    _commendations(city, office, last_year, this_year, previous)
    stdout.write(
        f"assessment: {previous.title} published ({previous.participants.count()} participants); "
        f"{current.title} in {Phase(AssessmentRound.objects.get(pk=current.pk).phase).label}"
    )
    return []


def _mistaken_round(office: User, city, indicator_set, units, this_year: int) -> None:
    """A round created twice by mistake, cancelled with its reason: it stays on record and counts nowhere."""
    duplicate = services.round_create(
        by=office,
        title=f"{this_year}年度示范区长效管理考核（重复创建）",
        year=this_year,
        region=city,
        indicator_set=indicator_set,
        units=units[:2],
        self_report_due=date(this_year + 1, 1, 20),
        review_due=date(this_year + 1, 2, 10),
        final_due=date(this_year + 1, 3, 31),
    )
    services.round_cancel(
        assessment_round=duplicate, by=office, reason="与本年度考核重复创建，作废；以正式考核为准。"
    )


def _commendations(city, office: User, last_year: int, this_year: int, previous: AssessmentRound) -> None:
    """Last year's honour list, published, citing the assessment; this year's call open for nominations."""
    from . import commendations

    with (
        mock.patch.object(commendations, "local_today", lambda: date(this_year, 3, 15)),
        mock.patch.object(bounds, "local_today", lambda: date(this_year, 3, 15)),
    ):
        honours = commendations.honour_list_create(
            by=office,
            region=city,
            year=last_year,
            title=f"{last_year}年度示范区长效管理先进集体、先进个人和创新服务举措",
            nominations_due=date(this_year, 4, 15),
        )
        best = previous.participants.select_related("unit").order_by("final_rank").first()
        nominations = [
            (best.unit, "collective", best.unit.name, "年度长效管理考核位列第一，各项机制运行规范。", best),
            (
                best.unit,
                "practice",
                "“文化惠民云超市”点单配送",
                "群众线上点单、线下配送，全年配送演出和讲座260场。",
                None,
            ),
        ]
        for unit, kind, nominee, achievements, participant in nominations:
            person = first_member(unit)
            if person is None:
                continue
            nomination = commendations.nomination_submit(
                honour_list=honours,
                by=person,
                unit=unit,
                kind=kind,
                nominee=nominee,
                achievements=achievements,
                participant=participant,
            )
            commendations.nomination_decide(nomination=nomination, by=office, outcome="recommended")
            commendations.nomination_decide(nomination=nomination, by=office, outcome="awarded")
    # Published once the nominations had closed.
    with mock.patch.object(commendations, "local_today", lambda: date(this_year, 4, 20)):
        if honours.nominations.filter(state="awarded").exists():
            commendations.honour_list_publish(honour_list=honours, by=office, confirmed=True)
    commendations.honour_list_create(
        by=office,
        region=city,
        year=this_year,
        title=f"{this_year}年度示范区长效管理先进集体、先进个人和创新服务举措",
        nominations_due=date(this_year + 1, 4, 15),
    )
