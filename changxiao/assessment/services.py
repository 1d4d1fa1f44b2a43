"""Workflows of the annual assessment: rounds and their phases, self-report, review, objections, publication."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from changxiao.core.bounds import TITLE_MAX, check_deadline, check_text, check_year
from changxiao.core.confirmation import StepCheck
from changxiao.core.corrections import cancel_record, require_reason
from changxiao.core.deadlines import local_today
from changxiao.core.metrics import get_metric
from changxiao.core.notifications import notify
from changxiao.core.permissions import require
from changxiao.core.timeline import record_event, register_verbs, shown_value
from changxiao.core.uploads import attach_files
from changxiao.core.workflow import IllegalTransition, StateMachine
from changxiao.orgs.models import Region, Unit, User
from changxiao.orgs.owned import applies_in
from changxiao.orgs.permissions import is_office_of
from changxiao.orgs.recipients import unit_people

from . import scoring, values
from .choices import PHASE_ORDER, DataType, Phase, SelfReportState, Source
from .models import (
    PUBLICITY_MAX_DAYS,
    PUBLICITY_MIN_DAYS,
    AssessmentRound,
    IndicatorSet,
    Objection,
    Participant,
    Submission,
)
from .permissions import can_report, can_review, can_run

register_verbs(
    {
        "round_phase": gettext_lazy("moved the round to the next phase"),
        "metrics_refreshed": gettext_lazy("refreshed the figures computed by the platform"),
        "round_reopened": gettext_lazy("reopened the published round for a formal re-review"),
        "round_edited": gettext_lazy("edited the round"),
        "value_reported": gettext_lazy("reported a value"),
        "value_cleared": gettext_lazy("cleared a value that could not be kept"),
        "self_report_submitted": gettext_lazy("submitted the self-report"),
        "self_report_returned": gettext_lazy("returned the self-report for correction"),
        "score_reviewed": gettext_lazy("reviewed a score"),
        "objection_filed": gettext_lazy("an objection was filed"),
        "objection_answered": gettext_lazy("answered an objection"),
    }
)

S = SelfReportState
# A participant's self-report: a draft until submitted; the office returns a submitted one for correction.
SELF_REPORT_MACHINE = StateMachine(
    field="self_report_state",
    transitions={
        S.DRAFT: frozenset({S.SUBMITTED}),
        S.SUBMITTED: frozenset({S.RETURNED}),
        S.RETURNED: frozenset({S.SUBMITTED}),
    },
)
REVIEW_PHASES = (Phase.REVIEW, Phase.VERIFICATION, Phase.FINAL)
# A submitted self-report may be returned until the results are announced.
RETURN_PHASES = (Phase.SELF_REPORT, Phase.REVIEW, Phase.VERIFICATION)
# The round can be cancelled (created by mistake) until its results are announced; afterwards it is corrected
# through a formal re-review.
CANCEL_PHASES = (Phase.DRAFT, Phase.SELF_REPORT, Phase.REVIEW, Phase.VERIFICATION)


def _require_current(assessment_round: AssessmentRound) -> None:
    if assessment_round.is_cancelled:
        raise ValidationError(_("This round is cancelled."))


def may_edit_values(participant: Participant) -> bool:
    """Whether the participant's values are open: its draft while the self-report is open, or a sheet returned to
    it for correction until the results are announced."""
    phase = participant.assessment_round.phase
    if participant.assessment_round.is_cancelled:
        return False
    if participant.self_report_state == S.DRAFT:
        return phase == Phase.SELF_REPORT
    if participant.self_report_state == S.RETURNED:
        return phase in RETURN_PHASES
    return False


def _check_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the round a title.")})
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": _("At most %(max)s characters.") % {"max": TITLE_MAX}})
    return title


def _check_schedule(
    *, self_report_due, review_due, verification_due, final_due, publicity_days, earliest: dict | None = None
) -> None:
    """Every deadline lies ahead (an unchanged stored one may stay), within the window, and the phases follow one
    another; the public announcement lasts PUBLICITY_MIN_DAYS to PUBLICITY_MAX_DAYS days."""
    earliest = earliest or {}
    for name, value in (
        ("self_report_due", self_report_due),
        ("review_due", review_due),
        ("verification_due", verification_due),
        ("final_due", final_due),
    ):
        check_deadline(value, field=name, earliest=earliest.get(name))
    dates = [self_report_due, review_due, *([verification_due] if verification_due else []), final_due]
    if any(later <= earlier for earlier, later in zip(dates, dates[1:], strict=False)):
        raise ValidationError(
            _(
                "The phase deadlines must follow one another: self-report, review, on-site verification, final."
            )
        )
    if not PUBLICITY_MIN_DAYS <= int(publicity_days) <= PUBLICITY_MAX_DAYS:
        raise ValidationError(
            {
                "publicity_days": _("The public announcement lasts from %(min)s to %(max)s days.")
                % {"min": PUBLICITY_MIN_DAYS, "max": PUBLICITY_MAX_DAYS}
            }
        )


def _add_participants(assessment_round: AssessmentRound, units) -> None:
    indicators = list(assessment_round.indicator_set.indicators.all())
    for unit in units:
        participant = Participant.objects.create(assessment_round=assessment_round, unit=unit)
        Submission.objects.bulk_create(Submission(participant=participant, indicator=i) for i in indicators)


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
    require(is_office_of(by, region))
    if not units:
        raise ValidationError({"units": _("Choose the districts or units to assess.")})
    if not applies_in(indicator_set.owner, region):
        raise ValidationError(
            {
                "indicator_set": _(
                    "Choose an indicator set of the round's jurisdiction, of one above it or shipped."
                )
            }
        )
    check_year(year, field="year")
    _check_schedule(
        self_report_due=self_report_due,
        review_due=review_due,
        verification_due=verification_due,
        final_due=final_due,
        publicity_days=publicity_days,
    )
    assessment_round = AssessmentRound(
        title=_check_title(title),
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
    _add_participants(assessment_round, units)
    record_event(assessment_round, actor=by, verb="created", to_state=assessment_round.phase)
    return assessment_round


EDITABLE = (
    "title",
    "year",
    "self_report_due",
    "review_due",
    "verification_due",
    "final_due",
    "publicity_days",
)


@transaction.atomic
def round_edit(
    *, assessment_round: AssessmentRound, by: User, units: list[Unit], **changes
) -> AssessmentRound:
    """The office corrects a round while it is being prepared (nothing has been reported yet): title, year, dates,
    public announcement and participants; each change on the timeline as "field: before → after"."""
    require(can_run(by, assessment_round))
    assessment_round = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    _require_current(assessment_round)
    if assessment_round.phase != Phase.DRAFT:
        raise ValidationError(
            _(
                "A round is edited only while it is being prepared; afterwards its results are corrected by review."
            )
        )
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(unknown)}
        )
    new = {name: changes.get(name, getattr(assessment_round, name)) for name in EDITABLE}
    new["title"] = _check_title(new["title"])
    check_year(new["year"], field="year")
    if not units:
        raise ValidationError({"units": _("Choose the districts or units to assess.")})
    _check_schedule(
        **{k: new[k] for k in EDITABLE if k not in ("title", "year")},
        earliest={k: getattr(assessment_round, k) for k in EDITABLE if k.endswith("_due")},
    )
    lines = []
    for name in EDITABLE:
        before, after = getattr(assessment_round, name), new[name]
        if before != after:
            label = AssessmentRound._meta.get_field(name).verbose_name
            lines.append(f"{label}: {shown_value(before)} → {shown_value(after)}")
            setattr(assessment_round, name, after)
    assessment_round.full_clean()
    assessment_round.save(update_fields=list(EDITABLE))
    current = {p.unit_id: p for p in assessment_round.participants.select_related("unit")}
    wanted = {unit.pk: unit for unit in units}
    added = [unit for pk, unit in wanted.items() if pk not in current]
    removed = [p for pk, p in current.items() if pk not in wanted]
    _add_participants(assessment_round, added)
    for participant in removed:  # nothing was reported while the round was being prepared
        participant.delete()
    if added:
        lines.append(_("Participants added: %(units)s") % {"units": "、".join(u.name for u in added)})
    if removed:
        lines.append(
            _("Participants removed: %(units)s") % {"units": "、".join(p.unit.name for p in removed)}
        )
    if lines:
        record_event(assessment_round, actor=by, verb="round_edited", comment="\n".join(lines))
    return assessment_round


@transaction.atomic
def round_cancel(*, assessment_round: AssessmentRound, by: User, reason: str) -> AssessmentRound:
    """A round created by mistake is cancelled with a reason (作废), not deleted: it stays for the audit and leaves
    every list, count and figure of the platform."""
    require(can_run(by, assessment_round))
    assessment_round = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    if assessment_round.phase not in CANCEL_PHASES:
        raise ValidationError(
            _("Results already announced are not cancelled: reopen the round for a formal re-review.")
        )
    cancel_record(assessment_round, by=by, reason=reason)
    if assessment_round.phase != Phase.DRAFT:
        notify(
            _participant_people(assessment_round),
            title=_("%(round)s was cancelled") % {"round": assessment_round.title},
            body=reason,
            url=assessment_round.get_absolute_url(),
        )
    return assessment_round


def _participant_people(assessment_round: AssessmentRound) -> list[User]:
    return [
        person
        for participant in assessment_round.participants.select_related("unit")
        for person in unit_people(participant.unit)
    ]


def _scoring_value(indicator, value: Decimal | None):
    if value is None:
        return None
    return bool(value) if indicator.data_type == DataType.BOOLEAN else value


def _self_score(submission: Submission) -> None:
    outcome = scoring.score(submission.indicator.rule, _scoring_value(submission.indicator, submission.value))
    submission.self_points, submission.explanation = outcome.points, outcome.explanation[:300]


def _refresh_metrics(assessment_round: AssessmentRound) -> int:
    """Fill every platform-computed indicator from the metric registry, with a link to its records; a figure is
    rounded to what the indicator takes (a figure it cannot take is left empty for the office to score)."""
    filled = 0
    submissions = Submission.objects.filter(
        participant__assessment_round=assessment_round, indicator__source=Source.METRIC
    ).select_related("indicator", "participant__unit__region")
    for submission in submissions:
        value = get_metric(submission.indicator.metric_code).value_for(
            submission.participant.metric_subject, assessment_round.year
        )
        submission.value = values.fit_computed(submission.indicator, value.value)
        submission.metric_url = value.records_url
        _self_score(submission)
        submission.updated_at = timezone.now()
        submission.save(update_fields=["value", "metric_url", "self_points", "explanation", "updated_at"])
        filled += 1
    return filled


@transaction.atomic
def round_refresh(*, assessment_round: AssessmentRound, by: User) -> int:
    """The office takes the platform's figures again (records corrected since); reviewed scores stay as set."""
    require(can_run(by, assessment_round))
    assessment_round = AssessmentRound.objects.get(pk=assessment_round.pk)
    _require_current(assessment_round)
    if assessment_round.phase not in (Phase.SELF_REPORT, *REVIEW_PHASES):
        raise ValidationError(_("Figures are refreshed only while the round is open."))
    count = _refresh_metrics(assessment_round)
    record_event(assessment_round, actor=by, verb="metrics_refreshed")
    return count


def next_phase(assessment_round: AssessmentRound) -> str | None:
    """The phase the round moves to next (on-site verification is skipped when it has no deadline)."""
    if assessment_round.phase == Phase.PUBLISHED:
        return None
    following = PHASE_ORDER[PHASE_ORDER.index(assessment_round.phase) + 1]
    if following == Phase.VERIFICATION and assessment_round.verification_due is None:
        following = Phase.PUBLICITY
    return following


def _names(participants) -> str:
    return "、".join(p.unit.name for p in participants)


def round_advance_check(assessment_round: AssessmentRound) -> StepCheck:
    """What moving the round to its next phase will do, what is missing and what forbids it now."""
    current, following = assessment_round.phase, next_phase(assessment_round)
    check = StepCheck(action=_("Move %(round)s to the next phase") % {"round": assessment_round.title})
    if assessment_round.is_cancelled:
        check.refusals.append(_("This round is cancelled."))
        return check
    if following is None:
        check.refusals.append(_("The round is published."))
        return check
    check.action = _("Move %(round)s from %(from)s to %(to)s") % {
        "round": assessment_round.title,
        "from": Phase(current).label,
        "to": Phase(following).label,
    }
    today = local_today()
    participants = list(assessment_round.participants.select_related("unit"))
    by_state = {state: [p for p in participants if p.self_report_state == state] for state in S.values}
    submitted = by_state[S.SUBMITTED]
    unreviewed = Submission.objects.filter(participant__in=submitted, reviewer_points__isnull=True).count()
    reviewed = Submission.objects.filter(
        participant__assessment_round=assessment_round, reviewer_points__isnull=False
    ).exists()
    deadline = {
        Phase.SELF_REPORT: assessment_round.self_report_due,
        Phase.REVIEW: assessment_round.review_due,
        Phase.VERIFICATION: assessment_round.verification_due,
    }.get(current)
    if deadline and today < deadline:
        check.missing.append(
            _("The deadline of the phase %(phase)s, %(date)s, is not yet reached.")
            % {"phase": Phase(current).label, "date": deadline.isoformat()}
        )
    if current == Phase.DRAFT:
        if not participants:
            check.refusals.append(_("The round has no participants."))
        if assessment_round.self_report_due < today:
            check.refusals.append(
                _("The self-report deadline %(date)s has passed: edit the round's dates first.")
                % {"date": assessment_round.self_report_due.isoformat()}
            )
        check.consequences += [
            _("%(n)s participants are told and fill in their self-report until %(date)s.")
            % {"n": len(participants), "date": assessment_round.self_report_due.isoformat()},
            _("The figures computed by the platform are taken."),
            _("The round can no longer be edited; a mistake is then corrected by cancelling it."),
        ]
    if current == Phase.SELF_REPORT:
        late = by_state[S.DRAFT] + by_state[S.RETURNED]
        if late:
            check.missing.append(
                _(
                    "No submitted self-report from %(n)s participants: %(units)s. Their reported indicators "
                    "score nothing."
                )
                % {"n": len(late), "units": _names(late)}
            )
        check.consequences += [
            _("The self-report closes: values are locked; the office reviews the submitted sheets."),
            _("The figures computed by the platform are taken again."),
        ]
    if current in (Phase.REVIEW, Phase.VERIFICATION) and following == Phase.VERIFICATION:
        check.consequences.append(
            _("The on-site verification starts; scores may still be adjusted, with a comment.")
        )
    if current in (Phase.REVIEW, Phase.VERIFICATION, Phase.FINAL):
        if unreviewed:
            check.missing.append(
                _("%(n)s indicators of submitted sheets are not reviewed: their self-scores stand.")
                % {"n": unreviewed}
            )
        returned = by_state[S.RETURNED]
        if returned:
            check.missing.append(
                _(
                    "Returned self-reports not submitted again: %(units)s. Their reported indicators score nothing."
                )
                % {"units": _names(returned)}
            )
    if following in (Phase.PUBLICITY, Phase.PUBLISHED):
        if not submitted:
            check.refusals.append(
                _("No participant has submitted a self-report: there are no results to show.")
            )
        if not reviewed:
            check.refusals.append(_("No score has been reviewed yet: review the submitted sheets first."))
    if following == Phase.PUBLICITY:
        ends = today + timedelta(days=assessment_round.publicity_days)
        check.consequences.append(
            _(
                "The ranking as it stands is announced on the public site from %(start)s to %(end)s (%(days)s days); "
                "anyone may object."
            )
            % {"start": today.isoformat(), "end": ends.isoformat(), "days": assessment_round.publicity_days}
        )
        if ends > assessment_round.final_due:
            check.missing.append(
                _("The announcement ends after the final decision's deadline %(date)s.")
                % {"date": assessment_round.final_due.isoformat()}
            )
    if current == Phase.PUBLICITY:
        check.consequences.append(
            _(
                "The announcement closes: the office takes the final decision; a score may still be adjusted, with a comment."
            )
        )
        ends = assessment_round.publicity_ends_on
        if ends and today < ends:
            check.refusals.append(
                _("The public announcement lasts until %(date)s.") % {"date": ends.isoformat()}
            )
        if assessment_round.objections.filter(answered_at__isnull=True).exists():
            check.refusals.append(_("Answer every objection before the final decision."))
    if following == Phase.PUBLISHED:
        if assessment_round.objections.filter(answered_at__isnull=True).exists():
            check.refusals.append(_("Answer every objection before the final decision."))
        check.consequences += [
            _("Ranks, totals and grades are frozen and published on the public site; participants are told."),
            _("Afterwards the results are corrected only by reopening the round for a formal re-review."),
        ]
    return check


@transaction.atomic
def round_advance(*, assessment_round: AssessmentRound, by: User, confirmed: bool = False) -> AssessmentRound:
    """To the next phase, once its check (round_advance_check) has been seen and confirmed."""
    require(can_run(by, assessment_round))
    assessment_round = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    round_advance_check(assessment_round).require(confirmed=confirmed)
    current, following = assessment_round.phase, next_phase(assessment_round)
    today = local_today()
    if following in (Phase.SELF_REPORT, Phase.REVIEW):
        _refresh_metrics(assessment_round)
    if following == Phase.PUBLICITY:
        assessment_round.publicity_started_on = today
    if following == Phase.PUBLISHED:
        _freeze(assessment_round)
    assessment_round.phase = following
    assessment_round.save(update_fields=["phase", "publicity_started_on"])
    record_event(assessment_round, actor=by, verb="round_phase", from_state=current, to_state=following)
    notify(
        _participant_people(assessment_round),
        title=_("%(round)s: %(phase)s") % {"round": assessment_round.title, "phase": Phase(following).label},
        url=assessment_round.get_absolute_url(),
    )
    return assessment_round


def counts(submission: Submission, participant: Participant) -> bool:
    """Whether a submission's points count: a reported value only from a submitted self-report (a draft or a sheet
    returned for correction is not the unit's statement); figures computed by the platform always."""
    return submission.indicator.source == Source.METRIC or participant.is_submitted


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
            taken = counts(submission, participant)
            value = _scoring_value(submission.indicator, submission.value) if taken else None
            outcome = scoring.score(rule, value)
            scores.append(
                scoring.Score(
                    rule.code,
                    submission.points if taken else Decimal(0),
                    rule.max_points,
                    outcome.level,
                    outcome.vetoed,
                    outcome.explanation if taken else _("Self-report not submitted: no points."),
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
    require(can_run(by, assessment_round))
    assessment_round = AssessmentRound.objects.select_for_update().get(pk=assessment_round.pk)
    if assessment_round.phase != Phase.PUBLISHED:
        raise ValidationError(_("Only a published round is reopened."))
    reason = require_reason(reason)
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


def _participant_for_update(participant: Participant) -> Participant:
    return (
        Participant.objects.select_for_update()
        .select_related("assessment_round__region", "unit")
        .get(pk=participant.pk)
    )


@transaction.atomic
def submission_report(
    *, submission: Submission, by: User, value, note: str = "", evidence: list = ()
) -> Submission:
    """The participant saves a value of its self-report (a draft: as often as needed) with its evidence."""
    participant = _participant_for_update(submission.participant)
    require(can_report(by, participant))
    _require_current(participant.assessment_round)
    if not may_edit_values(participant):
        if participant.self_report_state == S.SUBMITTED:
            raise ValidationError(
                _(
                    "The self-report is submitted and its values are locked; the office may return it for correction."
                )
            )
        raise ValidationError(_("The self-report phase is closed."))
    submission = Submission.objects.select_for_update().select_related("indicator").get(pk=submission.pk)
    if submission.indicator.source == Source.METRIC:
        raise ValidationError(_("This indicator is computed by the platform."))
    try:
        submission.value = values.parse_value(submission.indicator, value)
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}) from exc
    submission.note = check_text(note, field="note")
    _self_score(submission)
    submission.updated_at = timezone.now()
    submission.save(update_fields=["value", "note", "self_points", "explanation", "updated_at"])
    stored = attach_files(submission, list(evidence), by=by) if evidence else []
    record_event(
        participant.assessment_round,
        actor=by,
        verb="value_reported",
        comment=f"{participant.unit.name} {submission.indicator.code}: {values.shown(submission.indicator, submission.value)}",
        attachments=stored,
    )
    return submission


def participant_submit_check(participant: Participant) -> StepCheck:
    """What submitting a self-report does, and which reported indicators are still empty."""
    check = StepCheck(
        action=_("Submit the self-report of %(unit)s for %(round)s")
        % {"unit": participant.unit.name, "round": participant.assessment_round.title},
        consequences=[
            _("The values are locked: the office reviews them and may return the sheet for correction."),
            _("Reported values count towards the result only once the self-report is submitted."),
        ],
    )
    if not may_edit_values(participant):
        check.refusals.append(_("This self-report cannot be submitted now."))
    empty = participant.submissions.filter(
        indicator__source=Source.REPORTED, value__isnull=True
    ).select_related("indicator")
    for submission in empty:
        check.missing.append(
            _("%(code)s %(name)s has no value: it scores nothing.")
            % {"code": submission.indicator.code, "name": submission.indicator.name}
        )
    return check


@transaction.atomic
def participant_submit(*, participant: Participant, by: User, confirmed: bool = False) -> Participant:
    """提交自评: the unit submits its sheet; from then on its values are locked."""
    participant = _participant_for_update(participant)
    require(can_report(by, participant))
    _require_current(participant.assessment_round)
    participant_submit_check(participant).require(confirmed=confirmed)
    _move(participant, S.SUBMITTED, by=by, verb="self_report_submitted")
    participant.submitted_at, participant.submitted_by = timezone.now(), by
    participant.save(update_fields=["submitted_at", "submitted_by"])
    if participant.assessment_round.created_by:
        notify(
            [participant.assessment_round.created_by],
            title=_("%(unit)s submitted its self-report for %(round)s")
            % {"unit": participant.unit.name, "round": participant.assessment_round.title},
            url=participant.get_absolute_url(),
        )
    return participant


@transaction.atomic
def participant_return(*, participant: Participant, by: User, reason: str) -> Participant:
    """The office returns a submitted self-report with the reason; the unit corrects it and submits again."""
    participant = _participant_for_update(participant)
    require(can_review(by, participant))
    _require_current(participant.assessment_round)
    if participant.assessment_round.phase not in RETURN_PHASES:
        raise ValidationError(_("A self-report is returned only until the results are announced."))
    reason = require_reason(reason)
    _move(participant, S.RETURNED, by=by, verb="self_report_returned", comment=reason)
    participant.return_reason = reason
    participant.save(update_fields=["return_reason"])
    notify(
        unit_people(participant.unit),
        title=_("Your self-report for %(round)s was returned for correction")
        % {"round": participant.assessment_round.title},
        body=reason,
        url=participant.get_absolute_url(),
    )
    return participant


def _move(participant: Participant, to: str, *, by: User, verb: str, comment: str = "") -> None:
    """A self-report's step, declared by SELF_REPORT_MACHINE, on the round's timeline."""
    before = participant.self_report_state
    if not SELF_REPORT_MACHINE.can(participant, to):
        raise IllegalTransition(
            _("Cannot change from “%(from)s” to “%(to)s”.") % {"from": S(before).label, "to": S(to).label}
        )
    participant.self_report_state = to
    participant.save(update_fields=["self_report_state"])
    record_event(
        participant.assessment_round,
        actor=by,
        verb=verb,
        from_state=before,
        to_state=to,
        comment=f"{participant.unit.name}：{comment}" if comment else participant.unit.name,
    )


@transaction.atomic
def submission_score(*, submission: Submission, by: User, points, comment: str = "") -> Submission:
    """The office sets the score on a submitted sheet; a score different from the self-score needs a comment."""
    participant = Participant.objects.select_related("assessment_round__region", "unit").get(
        pk=submission.participant_id
    )
    assessment_round = participant.assessment_round
    require(can_review(by, participant))
    _require_current(assessment_round)
    if assessment_round.phase not in REVIEW_PHASES:
        if assessment_round.phase == Phase.PUBLISHED:
            raise ValidationError(
                _("The results are published: reopen the round for a formal re-review first.")
            )
        raise ValidationError(_("Scores are reviewed in the review, verification and final phases."))
    if not participant.is_submitted:
        raise ValidationError(_("Only a submitted self-report is reviewed."))
    submission = Submission.objects.select_for_update().select_related("indicator").get(pk=submission.pk)
    try:
        points = values.parse_points(submission.indicator, points)
    except ValidationError as exc:
        raise ValidationError({"points": exc.messages}) from exc
    comment = check_text(comment, field="comment")
    if points != submission.self_points and not comment:
        raise ValidationError({"comment": _("Say why the score differs from the self-score.")})
    submission.reviewer_points, submission.review_comment, submission.reviewed_by = points, comment, by
    submission.save(update_fields=["reviewer_points", "review_comment", "reviewed_by"])
    record_event(
        assessment_round,
        actor=by,
        verb="score_reviewed",
        comment=f"{participant.unit.name} {submission.indicator.code}: {submission.self_points} → {points} {comment}".strip(),
    )
    return submission


OBJECTION_MIN_LENGTH = 5
CONTACT_MAX = 60


@transaction.atomic
def objection_file(
    *, assessment_round: AssessmentRound, text: str, participant: Participant | None = None, contact: str = ""
) -> Objection:
    assessment_round = AssessmentRound.objects.get(pk=assessment_round.pk)
    if assessment_round.phase != Phase.PUBLICITY or assessment_round.is_cancelled:
        raise ValidationError(_("Objections are received only during the public announcement."))
    text = check_text(text, field="text")
    if len(text) < OBJECTION_MIN_LENGTH:
        raise ValidationError({"text": _("Describe your objection in a few words.")})
    contact = check_text(contact, field="contact", maximum=CONTACT_MAX)
    if participant is not None and participant.assessment_round_id != assessment_round.pk:
        raise ValidationError({"participant": _("Choose one of the units announced.")})
    objection = Objection.objects.create(
        assessment_round=assessment_round, participant=participant, text=text, contact=contact
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
    require(can_run(by, objection.assessment_round))
    objection = Objection.objects.select_for_update().select_related("assessment_round").get(pk=objection.pk)
    _require_current(objection.assessment_round)
    if objection.answered_at is not None:
        raise ValidationError(_("This objection is already answered."))
    answer = check_text(answer, field="answer")
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    objection.answer, objection.answered_by, objection.answered_at = answer, by, timezone.now()
    objection.save(update_fields=["answer", "answered_by", "answered_at"])
    record_event(objection.assessment_round, actor=by, verb="objection_answered", comment=answer)
    return objection
