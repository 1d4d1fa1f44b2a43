"""Workflows of the annual assessment: rounds and their phases, self-report, review, objections, publication."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import get_metric
from changxiao.core.notifications import notify
from changxiao.core.timeline import record_event, register_verbs
from changxiao.core.uploads import attach_files
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.permissions import is_office_of
from changxiao.orgs.recipients import unit_people
from changxiao.orgs.scope import get_scope

from . import scoring
from .choices import PHASE_ORDER, DataType, Phase, Scoring, Source
from .models import AssessmentRound, IndicatorSet, Objection, Participant, Submission

register_verbs(
    {
        "round_phase": gettext_lazy("moved the round to the next phase"),
        "metrics_refreshed": gettext_lazy("refreshed the figures computed by the platform"),
        "round_reopened": gettext_lazy("reopened the published round for a formal re-review"),
        "value_reported": gettext_lazy("reported a value"),
        "score_reviewed": gettext_lazy("reviewed a score"),
        "objection_filed": gettext_lazy("an objection was filed"),
        "objection_answered": gettext_lazy("answered an objection"),
    }
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def can_run(user, assessment_round: AssessmentRound) -> bool:
    """The leading-group office of the round's jurisdiction runs it and reviews."""
    return is_office_of(user, assessment_round.region)


def can_report(user, participant: Participant) -> bool:
    return participant.unit_id in get_scope(user).acting_unit_ids


@transaction.atomic
def round_create(
    *,
    by: User,
    title: str,
    year: int,
    region: Region,
    indicator_set: IndicatorSet,
    units: list[Unit],
    self_report_due,
    review_due,
    final_due,
    verification_due=None,
    publicity_days: int = 7,
) -> AssessmentRound:
    _require(is_office_of(by, region))
    if not units:
        raise ValidationError(_("Choose the districts or units to assess."))
    dates = [self_report_due, review_due, *([verification_due] if verification_due else []), final_due]
    if dates != sorted(dates):
        raise ValidationError(_("The phase deadlines must follow one another."))
    assessment_round = AssessmentRound(
        title=title,
        year=year,
        region=region,
        indicator_set=indicator_set,
        self_report_due=self_report_due,
        review_due=review_due,
        verification_due=verification_due,
        publicity_days=publicity_days,
        final_due=final_due,
        created_by=by,
    )
    assessment_round.full_clean()
    assessment_round.save()
    indicators = list(indicator_set.indicators.all())
    for unit in units:
        participant = Participant.objects.create(assessment_round=assessment_round, unit=unit)
        Submission.objects.bulk_create(Submission(participant=participant, indicator=i) for i in indicators)
    record_event(assessment_round, actor=by, verb="created", to_state=assessment_round.phase)
    return assessment_round


def _parse_value(indicator, raw) -> Decimal | None:
    """A value of the indicator's type, or a clear refusal."""
    if raw in (None, ""):
        return None
    if indicator.data_type == DataType.BOOLEAN:
        if isinstance(raw, bool):
            return Decimal(int(raw))
        if str(raw).strip().lower() in {"1", "true", "yes", "是"}:
            return Decimal(1)
        if str(raw).strip().lower() in {"0", "false", "no", "否"}:
            return Decimal(0)
        raise ValidationError(_("%(indicator)s: answer yes or no.") % {"indicator": indicator.code})
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation as exc:
        raise ValidationError(_("%(indicator)s: enter a number.") % {"indicator": indicator.code}) from exc
    if not value.is_finite() or value < 0:
        raise ValidationError(
            _("%(indicator)s: enter a number of zero or more.") % {"indicator": indicator.code}
        )
    if indicator.data_type == DataType.PERCENT and value > 100:
        raise ValidationError(
            _("%(indicator)s: a percentage is at most 100.") % {"indicator": indicator.code}
        )
    if indicator.scoring == Scoring.RATING and value > indicator.max_points:
        raise ValidationError(
            _("%(indicator)s: at most %(max)s points.")
            % {"indicator": indicator.code, "max": indicator.max_points}
        )
    return value


def _scoring_value(indicator, value: Decimal | None):
    if value is None:
        return None
    return bool(value) if indicator.data_type == DataType.BOOLEAN else value


def _self_score(submission: Submission) -> None:
    outcome = scoring.score(submission.indicator.rule, _scoring_value(submission.indicator, submission.value))
    submission.self_points, submission.explanation = outcome.points, outcome.explanation[:300]


def refresh_metrics(assessment_round: AssessmentRound) -> int:
    """Fill every platform-computed indicator from the metric registry, with a link to its records."""
    filled = 0
    submissions = Submission.objects.filter(
        participant__assessment_round=assessment_round, indicator__source=Source.METRIC
    ).select_related("indicator", "participant__unit__region")
    for submission in submissions:
        value = get_metric(submission.indicator.metric_code).value_for(
            submission.participant.metric_subject, assessment_round.year
        )
        submission.value, submission.metric_url = value.value, value.records_url
        _self_score(submission)
        submission.updated_at = timezone.now()
        submission.save(update_fields=["value", "metric_url", "self_points", "explanation", "updated_at"])
        filled += 1
    return filled


@transaction.atomic
def round_refresh(*, assessment_round: AssessmentRound, by: User) -> int:
    """The office takes the platform's figures again (records corrected since); reviewed scores stay as set."""
    _require(can_run(by, assessment_round))
    assessment_round = AssessmentRound.objects.get(pk=assessment_round.pk)
    if assessment_round.phase not in (Phase.SELF_REPORT, *REVIEW_PHASES):
        raise ValidationError(_("Figures are refreshed only while the round is open."))
    count = refresh_metrics(assessment_round)
    record_event(assessment_round, actor=by, verb="metrics_refreshed")
    return count


@transaction.atomic
def round_advance(*, assessment_round: AssessmentRound, by: User) -> AssessmentRound:
    """To the next phase (on-site verification is skipped when it has no deadline)."""
    _require(can_run(by, assessment_round))
    assessment_round = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    current = assessment_round.phase
    if current == Phase.PUBLISHED:
        raise ValidationError(_("The round is published."))
    following = PHASE_ORDER[PHASE_ORDER.index(current) + 1]
    if following == Phase.VERIFICATION and assessment_round.verification_due is None:
        following = Phase.PUBLICITY
    today = local_today()
    if current == Phase.PUBLICITY:
        if today < assessment_round.publicity_ends_on:
            raise ValidationError(
                _("The public announcement lasts until %(date)s.")
                % {"date": assessment_round.publicity_ends_on.isoformat()}
            )
        if assessment_round.objections.filter(answered_at__isnull=True).exists():
            raise ValidationError(_("Answer every objection before the final decision."))
    if following in (Phase.SELF_REPORT, Phase.REVIEW):
        refresh_metrics(assessment_round)
    if following == Phase.PUBLICITY:
        assessment_round.publicity_started_on = today
    if following == Phase.PUBLISHED:
        _freeze(assessment_round)
    assessment_round.phase = following
    assessment_round.save(update_fields=["phase", "publicity_started_on"])
    record_event(assessment_round, actor=by, verb="round_phase", from_state=current, to_state=following)
    recipients = [
        p
        for participant in assessment_round.participants.select_related("unit")
        for p in unit_people(participant.unit)
    ]
    notify(
        recipients,
        title=_("%(round)s: %(phase)s") % {"round": assessment_round.title, "phase": Phase(following).label},
        url=assessment_round.get_absolute_url(),
    )
    return assessment_round


def results(assessment_round: AssessmentRound) -> list[tuple[int, scoring.Result, Participant]]:
    """The ranking as it stands now, recomputed from the submissions."""
    participants = list(assessment_round.participants.select_related("unit"))
    submissions: dict[int, list[Submission]] = {}
    for submission in Submission.objects.filter(participant__in=participants).select_related("indicator"):
        submissions.setdefault(submission.participant_id, []).append(submission)
    by_key: dict[str, Participant] = {}
    computed = []
    for participant in participants:
        scores = []
        for submission in submissions.get(participant.pk, []):
            rule = submission.indicator.rule
            outcome = scoring.score(rule, _scoring_value(submission.indicator, submission.value))
            scores.append(
                scoring.Score(
                    rule.code,
                    submission.points,
                    rule.max_points,
                    outcome.level,
                    outcome.vetoed,
                    outcome.explanation,
                )
            )
        result = scoring.result(str(participant.pk), scores)
        computed.append(result)
        by_key[result.participant] = participant
    return [(rank, result, by_key[result.participant]) for rank, result in scoring.rank(computed)]


def _freeze(assessment_round: AssessmentRound) -> None:
    for rank, result, participant in results(assessment_round):
        participant.final_total, participant.final_grade, participant.final_rank = (
            result.total,
            result.grade,
            rank,
        )
        participant.save(update_fields=["final_total", "final_grade", "final_rank"])


@transaction.atomic
def round_reopen(*, assessment_round: AssessmentRound, by: User, reason: str) -> AssessmentRound:
    """A published result is corrected only through a formal re-review, with its reason on the timeline."""
    _require(can_run(by, assessment_round))
    assessment_round = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    if assessment_round.phase != Phase.PUBLISHED:
        raise ValidationError(_("Only a published round is reopened."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the re-review."))
    assessment_round.phase = Phase.REVIEW
    assessment_round.save(update_fields=["phase"])
    record_event(
        assessment_round,
        actor=by,
        verb="round_reopened",
        from_state=Phase.PUBLISHED,
        to_state=Phase.REVIEW,
        comment=reason,
    )
    return assessment_round


@transaction.atomic
def submission_report(
    *, submission: Submission, by: User, value, note: str = "", evidence: list = ()
) -> Submission:
    """The participant reports a value with its evidence while the self-report phase is open."""
    participant = Participant.objects.select_related("assessment_round", "unit").get(
        pk=submission.participant_id
    )
    _require(can_report(by, participant))
    if participant.assessment_round.phase != Phase.SELF_REPORT:
        raise ValidationError(_("The self-report phase is closed."))
    if submission.indicator.source == Source.METRIC:
        raise ValidationError(_("This indicator is computed by the platform."))
    submission = Submission.objects.select_for_update().select_related("indicator").get(pk=submission.pk)
    submission.value = _parse_value(submission.indicator, value)
    submission.note = note.strip()
    _self_score(submission)
    submission.updated_at = timezone.now()
    submission.save(update_fields=["value", "note", "self_points", "explanation", "updated_at"])
    stored = attach_files(submission, list(evidence), by=by) if evidence else []
    record_event(
        participant.assessment_round,
        actor=by,
        verb="value_reported",
        comment=f"{participant.unit.name} {submission.indicator.code}: {submission.value}",
        attachments=stored,
    )
    return submission


REVIEW_PHASES = (Phase.REVIEW, Phase.VERIFICATION, Phase.FINAL)


@transaction.atomic
def submission_review(*, submission: Submission, by: User, points, comment: str = "") -> Submission:
    """The office sets the score; a score different from the self-score needs a comment."""
    assessment_round = AssessmentRound.objects.select_related("region").get(
        pk=submission.participant.assessment_round_id
    )
    _require(can_run(by, assessment_round))
    if assessment_round.phase not in REVIEW_PHASES:
        if assessment_round.phase == Phase.PUBLISHED:
            raise ValidationError(
                _("The results are published: reopen the round for a formal re-review first.")
            )
        raise ValidationError(_("Scores are reviewed in the review, verification and final phases."))
    submission = Submission.objects.select_for_update().select_related("indicator").get(pk=submission.pk)
    try:
        points = Decimal(str(points))
    except InvalidOperation as exc:
        raise ValidationError(_("Enter the points as a number.")) from exc
    if not Decimal(0) <= points <= submission.indicator.max_points:
        raise ValidationError(
            _("The score must be between 0 and %(max)s.") % {"max": submission.indicator.max_points}
        )
    if points != submission.self_points and not comment.strip():
        raise ValidationError(_("Say why the score differs from the self-score."))
    submission.reviewer_points, submission.review_comment, submission.reviewed_by = (
        points,
        comment.strip(),
        by,
    )
    submission.save(update_fields=["reviewer_points", "review_comment", "reviewed_by"])
    record_event(
        assessment_round,
        actor=by,
        verb="score_reviewed",
        comment=f"{submission.participant.unit.name} {submission.indicator.code}: {submission.self_points} → {points} {comment}".strip(),
    )
    return submission


@transaction.atomic
def objection_file(
    *, assessment_round: AssessmentRound, text: str, participant: Participant | None = None, contact: str = ""
) -> Objection:
    assessment_round = AssessmentRound.objects.get(pk=assessment_round.pk)
    if assessment_round.phase != Phase.PUBLICITY:
        raise ValidationError(_("Objections are received only during the public announcement."))
    text = text.strip()
    if len(text) < 5 or "\x00" in text or "\x00" in contact:
        raise ValidationError(_("Describe your objection in a few words."))
    if participant is not None and participant.assessment_round_id != assessment_round.pk:
        raise ValidationError(_("Choose one of the units announced."))
    objection = Objection.objects.create(
        assessment_round=assessment_round,
        participant=participant,
        text=text[:3000],
        contact=contact.strip()[:60],
    )
    record_event(
        assessment_round,
        actor=None,
        verb="objection_filed",
        comment=participant.unit.name if participant else "",
    )
    return objection


@transaction.atomic
def objection_answer(*, objection: Objection, by: User, answer: str) -> Objection:
    _require(can_run(by, objection.assessment_round))
    if not answer.strip():
        raise ValidationError(_("Write the answer."))
    objection.answer, objection.answered_by, objection.answered_at = answer.strip(), by, timezone.now()
    objection.save(update_fields=["answer", "answered_by", "answered_at"])
    record_event(objection.assessment_round, actor=by, verb="objection_answered", comment=answer.strip())
    return objection
