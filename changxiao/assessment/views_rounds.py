"""Screens of the assessment rounds: the list, creating and correcting a round, its page with the ranking, the phases
(each step confirmed after its check), objections, and each participant's self-report sheet."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.charts import bar_chart, line_chart, radar_chart
from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.forms import add_service_errors, flash_errors
from changxiao.core.models import Attachment
from changxiao.core.timeline import timeline_for
from changxiao.orgs.choices import Capability
from changxiao.orgs.scope import get_scope, lies_in

from . import permissions, services, values
from .choices import DataType, Phase, SelfReportState, Source
from .forms import AnswerForm, ReasonForm, ReviewForm, RoundEditForm, RoundForm, SubmissionValueForm
from .models import AssessmentRound, Participant, Submission

# Steps of a self-report are recorded on the round; their states are the self-report's, not the round's phases.
SELF_REPORT_VERBS = {"self_report_submitted", "self_report_returned"}


def labelled_timeline(events, verbs: set[str], labels: dict) -> list:
    """Events whose from/to states belong to another model than the timeline's object, shown with that model's
    labels (the timeline shows a state it does not know as it is stored)."""
    events = list(events)
    for event in events:
        if event.verb in verbs:
            event.from_state = str(labels.get(event.from_state, event.from_state))
            event.to_state = str(labels.get(event.to_state, event.to_state))
    return events


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = AssessmentRound.objects.visible_to(request.user).select_related("indicator_set", "region")
    can_create = get_scope(request.user).can(Capability.RUN_OFFICE)
    context = {
        "rounds": rounds.current(),
        "cancelled": rounds.cancelled(),
        "can_create": can_create,
    }
    return render(request, "assessment/round_list.html", context)


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    if not get_scope(request.user).can(Capability.RUN_OFFICE):
        raise PermissionDenied
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment_round = services.round_create(
                by=request.user, **{**data, "units": list(data["units"])}
            )
        except PermissionDenied:
            form.add_error("region", _("Only the office of this jurisdiction runs its assessment."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Round created; open the self-report when ready."))
            return redirect(assessment_round)
    return render(request, "assessment/round_form.html", {"form": form})


@login_required
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The office corrects a round while it is being prepared; each change goes on its timeline."""
    assessment_round = permissions.get_round_for_user(request.user, pk, write=True)
    if request.method != "POST" and (assessment_round.phase != Phase.DRAFT or assessment_round.is_cancelled):
        messages.error(
            request,
            _(
                "A round is edited only while it is being prepared; afterwards its results are corrected by review."
            ),
        )
        return redirect(assessment_round)
    form = RoundEditForm(request.POST or None, instance=assessment_round, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        units = list(data.pop("units"))
        try:
            services.round_edit(assessment_round=assessment_round, by=request.user, units=units, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The round is saved; the changes are on its timeline."))
            return redirect(assessment_round)
    return render(request, "assessment/round_form.html", {"form": form, "round": assessment_round})


def _render_round(request: HttpRequest, assessment_round: AssessmentRound, *, status: int = 200, **forms):
    """The round's page; a form that failed is passed back bound, with what the person typed."""
    runs = permissions.can_run(request.user, assessment_round)
    published = assessment_round.phase == Phase.PUBLISHED
    # The ranking means something once sheets are submitted and reviewed: from the review on, for the office.
    ranks_now = runs and assessment_round.phase not in (Phase.DRAFT, Phase.SELF_REPORT)
    ranking = services.results(assessment_round) if (ranks_now or published) else []
    scope = get_scope(request.user)
    participants = list(assessment_round.participants.select_related("unit"))
    objections = list(assessment_round.objections.select_related("participant__unit")) if runs else []
    answer_forms = forms.get("answer_forms", {})
    for objection in objections:
        objection.form = answer_forms.get(objection.pk) or AnswerForm(prefix=f"answer-{objection.pk}")
    open_round = not assessment_round.is_cancelled
    context = {
        "round": assessment_round,
        "phases": Phase.choices,
        "ranking": ranking,
        "participants": participants,
        "state_counts": {
            state: sum(1 for p in participants if p.self_report_state == state) for state in SelfReportState
        },
        "my_participants": [p for p in participants if p.unit_id in scope.unit_ids],
        "can_run": runs,
        # Those who read the whole jurisdiction (the office, a leader) follow each participant's self-report.
        "sees_participants": runs or lies_in(assessment_round.region, scope.jurisdiction_paths),
        "may_edit": runs and open_round and assessment_round.phase == Phase.DRAFT,
        "may_cancel": runs and open_round and assessment_round.phase in services.CANCEL_PHASES,
        "may_advance": runs and open_round and assessment_round.phase != Phase.PUBLISHED,
        "objections": objections,
        "cancel_form": forms.get("cancel_form") or ReasonForm(prefix="cancel"),
        "reopen_form": forms.get("reopen_form") or ReasonForm(prefix="reopen"),
        "chart": bar_chart(
            categories=[p.unit.name for _rank, _r, p in ranking],
            values=[float(r.total) for _rank, r, _p in ranking],
            series_name=_("Total points"),
        )
        if ranking
        else None,
        "timeline": labelled_timeline(
            timeline_for(assessment_round)[:30], SELF_REPORT_VERBS, dict(SelfReportState.choices)
        ),
        **(_comparison_charts(assessment_round) if ranking else {}),
    }
    return render(request, "assessment/round_detail.html", context, status=status)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_round(request, permissions.get_round_for_user(request.user, pk))


def _comparison_charts(assessment_round: AssessmentRound) -> dict:
    """Per-category profile (share of each category's points) and the totals of the same units in earlier
    published rounds of the jurisdiction."""
    categories = list(assessment_round.indicator_set.categories.filter(parent__isnull=True))
    shares: dict[str, list[float]] = {}
    earned: dict[tuple[str, int], Decimal] = {}
    maxima: dict[int, Decimal] = {}
    indicators = list(assessment_round.indicator_set.indicators.all())
    category_of = {indicator.code: indicator.category_id for indicator in indicators}
    ranking = services.results(assessment_round)
    for _rank, result, participant in ranking:
        for score in result.scores:
            key = (participant.unit.name, category_of[score.code])
            earned[key] = earned.get(key, Decimal(0)) + score.points
    for indicator in indicators:
        maxima[indicator.category_id] = maxima.get(indicator.category_id, Decimal(0)) + indicator.max_points
    for unit_name in sorted({name for name, _c in earned}):
        shares[unit_name] = [
            round(float(earned.get((unit_name, c.pk), 0) * 100 / maxima[c.pk]), 1) if maxima.get(c.pk) else 0
            for c in categories
        ]
    earlier = (
        AssessmentRound.objects.current()
        .filter(region=assessment_round.region, phase=Phase.PUBLISHED, year__lt=assessment_round.year)
        .order_by("year")
        .prefetch_related("participants__unit")
    )
    years = [r.year for r in earlier] + [assessment_round.year]
    percent_by_unit: dict[str, dict[int, float]] = {}
    for earlier_round in earlier:
        maximum = earlier_round.indicator_set.max_points or Decimal(1)
        for p in earlier_round.participants.all():
            if p.final_total is not None:
                percent_by_unit.setdefault(p.unit.name, {})[earlier_round.year] = round(
                    float(p.final_total * 100 / maximum), 1
                )
    for _rank, result, participant in ranking:
        percent_by_unit.setdefault(participant.unit.name, {})[assessment_round.year] = float(result.percent)
    return {
        "radar": radar_chart(axes=[c.name for c in categories], series=shares),
        "trend": line_chart(
            categories=years,
            series={
                name: [by_year.get(y) for y in years] for name, by_year in sorted(percent_by_unit.items())
            },
            unit="%",
        )
        if len(years) > 1
        else None,
    }


@login_required
@require_POST
def round_advance(request: HttpRequest, pk: int) -> HttpResponse:
    """The next phase: first the check (what happens, what is missing), then the confirmed step."""
    assessment_round = permissions.get_round_for_user(request.user, pk, write=True)
    check = services.round_advance_check(assessment_round)
    if not is_confirmed(request):
        return confirm_page(request, check, back_url=assessment_round.get_absolute_url())
    try:
        services.round_advance(assessment_round=assessment_round, by=request.user, confirmed=True)
    except ValidationError as exc:
        return confirm_page(request, check, back_url=assessment_round.get_absolute_url(), errors=exc.messages)
    messages.success(request, _("The round moved to the next phase."))
    return redirect(assessment_round)


@login_required
@require_POST
def round_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = permissions.get_round_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            services.round_cancel(
                assessment_round=assessment_round, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The round is cancelled; it stays listed as cancelled."))
            return redirect(assessment_round)
    return _render_round(request, assessment_round, cancel_form=form)


@login_required
@require_POST
def round_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = permissions.get_round_for_user(request.user, pk)
    try:
        count = services.round_refresh(assessment_round=assessment_round, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("%(n)s figures refreshed from the platform's records.") % {"n": count})
    return redirect(assessment_round)


@login_required
@require_POST
def round_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = permissions.get_round_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST, prefix="reopen")
    if form.is_valid():
        try:
            services.round_reopen(
                assessment_round=assessment_round, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The round is open again for a formal re-review."))
            return redirect(assessment_round)
    return _render_round(request, assessment_round, reopen_form=form)


@login_required
@require_POST
def objection_answer(request: HttpRequest, pk: int) -> HttpResponse:
    objection = permissions.get_objection_for_user(request.user, pk, write=True)
    form = AnswerForm(request.POST, prefix=f"answer-{objection.pk}")
    if form.is_valid():
        try:
            services.objection_answer(
                objection=objection, by=request.user, answer=form.cleaned_data["answer"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Answer recorded."))
            return redirect(objection.assessment_round)
    return _render_round(request, objection.assessment_round, answer_forms={objection.pk: form})


# --- The self-report sheet ---------------------------------------------------------------------------------------


def _sheet_context(request, participant: Participant, *, bound: dict | None = None) -> dict:
    assessment_round = participant.assessment_round
    reports = permissions.can_report(request.user, participant)
    reviews = permissions.can_review(request.user, participant)
    may_report = reports and services.may_edit_values(participant)
    may_review = (
        reviews
        and not assessment_round.is_cancelled
        and assessment_round.phase in services.REVIEW_PHASES
        and participant.is_submitted
    )
    bound = bound or {}
    submissions = list(participant.submissions.select_related("indicator__category", "reviewed_by"))
    evidence: dict[int, list] = {}
    for attachment in Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Submission),
        object_id__in=[str(s.pk) for s in submissions],
    ):
        evidence.setdefault(int(attachment.object_id), []).append(attachment)
    for submission in submissions:
        submission.evidence = evidence.get(submission.pk, [])
        submission.counts = services.counts(submission, participant)
        submission.hint = values.value_hint(submission.indicator)
        submission.shown = values.shown(submission.indicator, submission.value)
        submission.numeric_mode = "numeric" if submission.indicator.data_type == DataType.COUNT else "decimal"
        if may_report and submission.indicator.source == Source.REPORTED:
            submission.form = bound.get(("report", submission.pk)) or SubmissionValueForm(
                prefix=f"s{submission.pk}",
                initial={"value": _shown_value(submission), "note": submission.note},
            )
        if may_review:
            submission.review_form = bound.get(("review", submission.pk)) or ReviewForm(
                prefix=f"r{submission.pk}",
                initial={"points": submission.points, "comment": submission.review_comment},
            )
    empty = [s for s in submissions if s.indicator.source == Source.REPORTED and s.value is None]
    return {
        "participant": participant,
        "round": assessment_round,
        "submissions": submissions,
        "total": sum((s.points for s in submissions if s.counts), Decimal(0)),
        "may_report": may_report,
        "may_review": may_review,
        "may_submit": may_report,
        "may_return": reviews
        and not assessment_round.is_cancelled
        and participant.is_submitted
        and assessment_round.phase in services.RETURN_PHASES,
        "empty_count": len(empty),
        "return_form": bound.get("return") or ReasonForm(prefix="return"),
    }


def _shown_value(submission: Submission) -> str:
    if submission.value is None:
        return ""
    if submission.indicator.data_type == DataType.BOOLEAN:
        return "1" if submission.value else "0"
    return f"{submission.value.normalize():f}"


@login_required
def participant_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """申报表: the participant's values and evidence, self-scores and the reviewer's scores, indicator by indicator;
    the unit saves drafts, then submits; the office reviews the submitted sheet or returns it with a reason."""
    participant = permissions.get_participant_for_user(request.user, pk)
    assessment_round = participant.assessment_round
    reports = permissions.can_report(request.user, participant)
    runs = permissions.can_run(request.user, assessment_round)
    if not (reports or runs):
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action", "report")
        handler = {"report": _report, "review": _review, "submit": _submit, "return": _return}.get(action)
        if handler is None:
            raise Http404
        return handler(request, participant)
    return render(request, "assessment/participant_sheet.html", _sheet_context(request, participant))


def _sheet_again(request, participant: Participant, bound: dict) -> HttpResponse:
    return render(
        request, "assessment/participant_sheet.html", _sheet_context(request, participant, bound=bound)
    )


def _report(request, participant: Participant) -> HttpResponse:
    submission = permissions.get_submission(participant, request.POST.get("submission"))
    form = SubmissionValueForm(request.POST, prefix=f"s{submission.pk}")
    if form.is_valid():
        try:
            services.submission_report(
                submission=submission,
                by=request.user,
                value=form.cleaned_data["value"],
                note=form.cleaned_data["note"],
                evidence=request.FILES.getlist(f"s{submission.pk}-evidence"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{participant.get_absolute_url()}#submission-{submission.pk}")
    messages.error(
        request,
        _("%(code)s was not saved: see the message at the indicator.") % {"code": submission.indicator.code},
    )
    return _sheet_again(request, participant, {("report", submission.pk): form})


def _review(request, participant: Participant) -> HttpResponse:
    submission = permissions.get_submission(participant, request.POST.get("submission"))
    form = ReviewForm(request.POST, prefix=f"r{submission.pk}")
    if form.is_valid():
        try:
            services.submission_score(
                submission=submission,
                by=request.user,
                points=form.cleaned_data["points"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"{participant.get_absolute_url()}#submission-{submission.pk}")
    messages.error(
        request,
        _("%(code)s was not saved: see the message at the indicator.") % {"code": submission.indicator.code},
    )
    return _sheet_again(request, participant, {("review", submission.pk): form})


def _submit(request, participant: Participant) -> HttpResponse:
    """提交自评: the check lists the indicators still empty; the unit confirms."""
    if not permissions.can_report(request.user, participant):
        raise PermissionDenied
    check = services.participant_submit_check(participant)
    back = participant.get_absolute_url()
    if not is_confirmed(request):
        return confirm_page(request, check, back_url=back)
    try:
        services.participant_submit(participant=participant, by=request.user, confirmed=True)
    except ValidationError as exc:
        return confirm_page(request, check, back_url=back, errors=exc.messages)
    messages.success(request, _("The self-report is submitted; its values are locked."))
    return redirect(participant)


def _return(request, participant: Participant) -> HttpResponse:
    form = ReasonForm(request.POST, prefix="return")
    if form.is_valid():
        try:
            services.participant_return(
                participant=participant, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The self-report is returned to the unit for correction."))
            return redirect(participant)
    return _sheet_again(request, participant, {"return": form})
