"""Self-reports my unit owes, reviews waiting for the office, objections to answer — on the workbench."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from changxiao.core.workbench import Todo, register_provider
from changxiao.orgs.scope import get_scope, inside

from .choices import Phase, SelfReportState, Source
from .models import AssessmentRound, Objection, Participant
from .services import RETURN_PHASES, REVIEW_PHASES


def _office_rounds(scope):
    condition = inside(scope.office_paths, "region__path")
    rounds = AssessmentRound.objects.current()
    return rounds if scope.is_superuser else rounds.filter(condition)


@register_provider
def self_reports_owed(user):
    unit_ids = get_scope(user).acting_unit_ids
    if not unit_ids:
        return
    open_sheets = Q(assessment_round__phase=Phase.SELF_REPORT, self_report_state=SelfReportState.DRAFT) | Q(
        assessment_round__phase__in=RETURN_PHASES, self_report_state=SelfReportState.RETURNED
    )
    participants = (
        Participant.objects.filter(
            open_sheets, unit_id__in=unit_ids, assessment_round__cancelled_at__isnull=True
        )
        .select_related("assessment_round", "unit")
        .annotate(
            missing=Count(
                "submissions",
                filter=Q(submissions__value__isnull=True, submissions__indicator__source=Source.REPORTED),
            )
        )
    )
    for participant in participants:
        returned = participant.self_report_state == SelfReportState.RETURNED
        yield Todo(
            title=(
                _("Correct and submit again the self-report for %(round)s")
                if returned
                else _("Self-report for %(round)s")
            )
            % {"round": participant.assessment_round.title},
            detail=_("%(unit)s: %(n)s indicators without a value; not submitted yet")
            % {"unit": participant.unit.name, "n": participant.missing},
            url=participant.get_absolute_url(),
            source=_("Assessment"),
            due=participant.assessment_round.self_report_due,
        )


@register_provider
def reviews_and_objections(user):
    scope = get_scope(user)
    if not scope.office_paths and not scope.is_superuser:
        return
    rounds = _office_rounds(scope)
    for assessment_round in rounds.filter(phase__in=REVIEW_PHASES):
        yield Todo(
            title=_("Review the round %(round)s") % {"round": assessment_round.title},
            detail=assessment_round.get_phase_display(),
            url=assessment_round.get_absolute_url(),
            source=_("Assessment"),
            due=assessment_round.current_due,
        )
    waiting = Objection.objects.filter(assessment_round__in=rounds, answered_at__isnull=True)
    count = waiting.count()
    if count:
        first = waiting.select_related("assessment_round").first()
        yield Todo(
            title=_("Answer the objections to the public announcement"),
            url=first.assessment_round.get_absolute_url(),
            source=_("Assessment"),
            count=count,
            due=first.assessment_round.publicity_ends_on,
        )
