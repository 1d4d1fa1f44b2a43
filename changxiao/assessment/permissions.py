"""Who sees and does what in the assessment: the one home of its access rules, read alike by the pages, the API and
the services.

The leading-group office of a round's jurisdiction runs it: it advances the phases, reviews the self-reports and
answers objections, never for a unit it acts for itself. A participating unit reports its own values. Indicator sets
are kept by the office of their jurisdiction and read by the offices below. Honour lists are decided by their
office; units nominate. The public reads the results once announced (公示) and the honours once published."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from changxiao.orgs.owned import can_keep, keeps_settings
from changxiao.orgs.permissions import is_office_of
from changxiao.orgs.scope import get_scope

from .choices import Phase
from .models import (
    AssessmentRound,
    HonourList,
    Indicator,
    IndicatorSet,
    Nomination,
    Objection,
    Participant,
    Submission,
)

# The phases in which the public reads a round's results: announced (objections open), final, published.
PUBLIC_PHASES = (Phase.PUBLICITY, Phase.FINAL, Phase.PUBLISHED)


def _pk(value) -> int:
    """A primary key from a form's field; anything else is simply not found."""
    try:
        return int(value or 0)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc


# --- Rounds and self-reports --------------------------------------------------------------------------------------


def can_run(user, assessment_round: AssessmentRound) -> bool:
    """The leading-group office of the round's jurisdiction runs it and reviews."""
    return is_office_of(user, assessment_round.region)


def can_report(user, participant: Participant) -> bool:
    """Whoever acts for the participating unit reports its values and submits its self-report."""
    return participant.unit_id in get_scope(user).acting_unit_ids


def can_review(user, participant: Participant) -> bool:
    """The office of the round reviews and decides; never someone acting for the participant's own unit."""
    return can_run(user, participant.assessment_round) and not can_report(user, participant)


def get_round_for_user(user, pk: int, *, write: bool = False) -> AssessmentRound:
    """A round the person reads (another jurisdiction's: 404); with write, one they run (403 otherwise)."""
    assessment_round = get_object_or_404(
        AssessmentRound.objects.visible_to(user).select_related("indicator_set", "region", "cancelled_by"),
        pk=pk,
    )
    if write and not can_run(user, assessment_round):
        raise PermissionDenied
    return assessment_round


def get_objection_for_user(user, pk: int, *, write: bool = False) -> Objection:
    """An objection to a round the person reads (404 otherwise); with write, of a round they run (403)."""
    objection = get_object_or_404(
        Objection.objects.visible_to(user).select_related("assessment_round__region"), pk=pk
    )
    if write and not can_run(user, objection.assessment_round):
        raise PermissionDenied
    return objection


def get_participant_for_user(user, pk: int) -> Participant:
    """A participant of a round the person reads (404 otherwise); can_report and can_run say what they may do."""
    return get_object_or_404(
        Participant.objects.filter(
            assessment_round__in=AssessmentRound.objects.visible_to(user)
        ).select_related("assessment_round__region", "unit", "submitted_by"),
        pk=pk,
    )


def get_submission(participant: Participant, pk) -> Submission:
    """A value of a participant reached through get_participant_for_user (another participant's: 404)."""
    return get_object_or_404(participant.submissions.select_related("indicator"), pk=_pk(pk))


def get_submission_for_user(user, pk: int) -> Submission:
    """A value the person sees (404 otherwise); the step checks who may report it."""
    return get_object_or_404(
        Submission.objects.visible_to(user).select_related("participant", "indicator"), pk=pk
    )


# --- Indicator sets -----------------------------------------------------------------------------------------------


def can_copy(user) -> bool:
    """Whether the person may start a version of their own: the office of a jurisdiction."""
    return keeps_settings(user)


def get_indicator_set_for_user(user, pk: int, *, write: bool = False) -> IndicatorSet:
    """A set the person reads (another city's: 404); with write, one they keep (403 otherwise)."""
    indicator_set = get_object_or_404(IndicatorSet.objects.visible_to(user).select_related("owner"), pk=pk)
    if write and not can_keep(user, indicator_set.owner):
        raise PermissionDenied
    return indicator_set


def get_indicator_for_user(user, pk: int, *, write: bool = False) -> Indicator:
    """An indicator of a set the person reads; with write, of a set they keep."""
    indicator = get_object_or_404(
        Indicator.objects.filter(indicator_set__in=IndicatorSet.objects.visible_to(user)).select_related(
            "indicator_set__owner"
        ),
        pk=pk,
    )
    if write and not can_keep(user, indicator.indicator_set.owner):
        raise PermissionDenied
    return indicator


# --- Honours ------------------------------------------------------------------------------------------------------


def get_honour_list_for_user(user, pk: int) -> HonourList:
    """A call for nominations the person reads (another city's: 404); the steps check who nominates and decides."""
    return get_object_or_404(HonourList.objects.visible_to(user).select_related("region"), pk=pk)


def get_nomination(user, honours: HonourList, pk) -> Nomination:
    """A nomination of the honour list that the person sees (another list's, or one they may not see: 404)."""
    return get_object_or_404(
        Nomination.objects.visible_to(user).filter(honour_list=honours).select_related("honour_list"),
        pk=_pk(pk),
    )


# --- The public ---------------------------------------------------------------------------------------------------


def public_rounds():
    """Rounds whose results the public may read: announced or published, never a cancelled one."""
    return AssessmentRound.objects.current().filter(phase__in=PUBLIC_PHASES).select_related("region")


def get_public_round(pk: int) -> AssessmentRound:
    """One of public_rounds (any other: 404, as a missing one)."""
    return get_object_or_404(public_rounds(), pk=pk)


def get_published_round(pk: int) -> AssessmentRound:
    """A round whose results are published (final), for the public API (any other: 404)."""
    return get_object_or_404(AssessmentRound.objects.current(), pk=pk, phase=Phase.PUBLISHED)


def get_published_honours(pk: int) -> HonourList:
    """An honour list the office published (a draft: 404, as a missing one)."""
    return get_object_or_404(
        HonourList.objects.filter(published_at__isnull=False).select_related("region"), pk=pk
    )
