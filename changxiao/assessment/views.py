"""Screens of the assessment: the indicator sets (read by everyone signed in)."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.charts import bar_chart, line_chart, radar_chart
from changxiao.core.deadlines import local_today
from changxiao.core.documents import docx_file_response
from changxiao.core.metrics import get_metric
from changxiao.core.models import Attachment
from changxiao.core.ratelimit import client_ip, hit, rate_limit
from changxiao.core.timeline import timeline_for
from changxiao.orgs.choices import Capability
from changxiao.orgs.models import Unit
from changxiao.orgs.permissions import is_office_of
from changxiao.orgs.scope import get_scope

from . import commendations, report_document, services
from .choices import Grade, NominationState, NomineeKind, Phase
from .forms import HonourListForm, IndicatorForm, RoundForm
from .indicator_data import new_version
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


@login_required
def set_list(request: HttpRequest) -> HttpResponse:
    sets = IndicatorSet.objects.annotate(
        indicator_count=Count("indicators"), points=Sum("indicators__max_points")
    )
    return render(request, "assessment/set_list.html", {"sets": sets})


@login_required
def set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator set as a tree: categories, then each indicator's requirement, scoring, points and source."""
    indicator_set = get_object_or_404(IndicatorSet, pk=pk)
    categories = indicator_set.categories.prefetch_related("indicators")
    metric_names = {}
    for indicator in indicator_set.indicators.exclude(metric_code=""):
        metric_names[indicator.metric_code] = get_metric(indicator.metric_code).name
    context = {
        "set": indicator_set,
        "categories": categories,
        "metric_names": metric_names,
        "total": sum(i.max_points for c in categories for i in c.indicators.all()),
        "unverified": indicator_set.indicators.filter(verified=False).count(),
        "is_office": get_scope(request.user).can(Capability.RUN_OFFICE),
        "in_use": indicator_set.rounds.exists(),
    }
    return render(request, "assessment/set_detail.html", context)


# --- Rounds ---------------------------------------------------------------------------------------------------


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = AssessmentRound.objects.visible_to(request.user).select_related("indicator_set", "region")
    can_create = get_scope(request.user).can(Capability.RUN_OFFICE)
    return render(request, "assessment/round_list.html", {"rounds": rounds, "can_create": can_create})


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
            form.add_error(None, exc)
        else:
            messages.success(request, _("Round created; open the self-report when ready."))
            return redirect(assessment_round)
    return render(request, "assessment/round_form.html", {"form": form})


def _get_round(user, pk: int) -> AssessmentRound:
    return get_object_or_404(
        AssessmentRound.objects.visible_to(user).select_related("indicator_set", "region"), pk=pk
    )


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = _get_round(request.user, pk)
    runs = services.can_run(request.user, assessment_round)
    published = assessment_round.phase == Phase.PUBLISHED
    ranking = services.results(assessment_round) if (runs or published) else []
    scope = get_scope(request.user)
    context = {
        "round": assessment_round,
        "phases": Phase.choices,
        "ranking": ranking,
        "participants": assessment_round.participants.select_related("unit"),
        "my_participants": assessment_round.participants.filter(unit_id__in=scope.unit_ids).select_related(
            "unit"
        ),
        "can_run": runs,
        "objections": assessment_round.objections.select_related("participant__unit") if runs else [],
        "chart": bar_chart(
            categories=[p.unit.name for _rank, _r, p in ranking],
            values=[float(r.total) for _rank, r, _p in ranking],
            series_name=_("Total points"),
        )
        if ranking
        else None,
        "timeline": timeline_for(assessment_round)[:30],
        **(_comparison_charts(assessment_round) if ranking else {}),
    }
    return render(request, "assessment/round_detail.html", context)


def _comparison_charts(assessment_round: AssessmentRound) -> dict:
    """Per-category profile (share of each category's points) and the totals of the same units in earlier
    published rounds of the jurisdiction."""
    categories = list(assessment_round.indicator_set.categories.filter(parent__isnull=True))
    shares: dict[str, list[float]] = {}
    submissions = Submission.objects.filter(participant__assessment_round=assessment_round).select_related(
        "participant__unit", "indicator"
    )
    earned: dict[tuple[str, int], Decimal] = {}
    maxima: dict[int, Decimal] = {}
    for s in submissions:
        key = (s.participant.unit.name, s.indicator.category_id)
        earned[key] = earned.get(key, Decimal(0)) + s.points
        maxima[s.indicator.category_id] = maxima.get(s.indicator.category_id, Decimal(0))
    for indicator in assessment_round.indicator_set.indicators.all():
        maxima[indicator.category_id] = maxima.get(indicator.category_id, Decimal(0)) + indicator.max_points
    for unit_name in sorted({name for name, _c in earned}):
        shares[unit_name] = [
            round(float(earned.get((unit_name, c.pk), 0) * 100 / maxima[c.pk]), 1) if maxima.get(c.pk) else 0
            for c in categories
        ]
    earlier = (
        AssessmentRound.objects.filter(
            region=assessment_round.region, phase=Phase.PUBLISHED, year__lt=assessment_round.year
        )
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
    for _rank, result, participant in services.results(assessment_round):
        percent_by_unit.setdefault(participant.unit.name, {})[assessment_round.year] = float(result.percent)
    return {
        "radar": radar_chart(axes=[c.name for c in categories], series=shares),
        "trend": line_chart(
            categories=years,
            series={name: [values.get(y) for y in years] for name, values in sorted(percent_by_unit.items())},
            unit="%",
        )
        if len(years) > 1
        else None,
    }


@login_required
@require_POST
def round_advance(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = _get_round(request.user, pk)
    try:
        services.round_advance(assessment_round=assessment_round, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The round moved to the next phase."))
    return redirect(assessment_round)


@login_required
@require_POST
def round_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = _get_round(request.user, pk)
    try:
        count = services.round_refresh(assessment_round=assessment_round, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(n)s figures refreshed from the platform's records.") % {"n": count})
    return redirect(assessment_round)


@login_required
@require_POST
def round_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    assessment_round = _get_round(request.user, pk)
    try:
        services.round_reopen(
            assessment_round=assessment_round, by=request.user, reason=request.POST.get("reason", "")[:2000]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The round is open again for a formal re-review."))
    return redirect(assessment_round)


@login_required
@require_POST
def objection_answer(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(Objection.objects.visible_to(request.user), pk=pk)
    try:
        services.objection_answer(
            objection=objection, by=request.user, answer=request.POST.get("answer", "")[:3000]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Answer recorded."))
    return redirect(objection.assessment_round)


@login_required
def participant_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """申报表: the participant's values and evidence, self-scores and the reviewer's scores, indicator by indicator."""
    participant = get_object_or_404(
        Participant.objects.select_related("assessment_round__region", "unit"),
        pk=pk,
        assessment_round__in=AssessmentRound.objects.visible_to(request.user),
    )
    assessment_round = participant.assessment_round
    reports = services.can_report(request.user, participant)
    runs = services.can_run(request.user, assessment_round)
    if not (reports or runs):
        raise Http404
    if request.method == "POST":
        submission = get_object_or_404(participant.submissions, pk=request.POST.get("submission", "0") or 0)
        try:
            if request.POST.get("action") == "review":
                services.submission_review(
                    submission=submission,
                    by=request.user,
                    points=request.POST.get("points", ""),
                    comment=request.POST.get("comment", "")[:2000],
                )
            else:
                services.submission_report(
                    submission=submission,
                    by=request.user,
                    value=request.POST.get("value", ""),
                    note=request.POST.get("note", "")[:2000],
                    evidence=request.FILES.getlist("evidence"),
                )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Saved."))
        return redirect(f"{participant.get_absolute_url()}#submission-{submission.pk}")
    submissions = list(participant.submissions.select_related("indicator__category", "reviewed_by"))
    evidence = {}
    for attachment in Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Submission),
        object_id__in=[str(s.pk) for s in submissions],
    ):
        evidence.setdefault(int(attachment.object_id), []).append(attachment)
    for submission in submissions:
        submission.evidence = evidence.get(submission.pk, [])
    context = {
        "participant": participant,
        "round": assessment_round,
        "submissions": submissions,
        "total": sum((s.points for s in submissions), Decimal(0)),
        "may_report": reports and assessment_round.phase == Phase.SELF_REPORT,
        "may_review": runs and assessment_round.phase in services.REVIEW_PHASES,
    }
    return render(request, "assessment/participant_sheet.html", context)


# --- Public announcement ----------------------------------------------------------------------------------------


@rate_limit("public-read", limit=120)
def public_announcement(request: HttpRequest, pk: int) -> HttpResponse:
    """公示: the results during the announcement (with the objection form) and once published."""
    assessment_round = get_object_or_404(
        AssessmentRound.objects.filter(phase__in=[Phase.PUBLICITY, Phase.FINAL, Phase.PUBLISHED]), pk=pk
    )
    if request.method == "POST":
        if not hit("assessment-objection", client_ip(request), limit=5, per_seconds=600):
            return render(request, "429.html", status=429)
        participant = assessment_round.participants.filter(pk=request.POST.get("participant") or 0).first()
        try:
            services.objection_file(
                assessment_round=assessment_round,
                participant=participant,
                text=request.POST.get("text", "")[:3000],
                contact=request.POST.get("contact", "")[:60],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Your objection was received; the office will answer it."))
        return redirect("public:assessment_announcement", pk=assessment_round.pk)
    published = assessment_round.phase == Phase.PUBLISHED
    if published:
        rows = [
            (p.final_rank, p.final_total, p.get_final_grade_display(), p)
            for p in assessment_round.participants.select_related("unit").order_by("final_rank")
        ]
    else:
        rows = [(rank, r.total, Grade(r.grade).label, p) for rank, r, p in services.results(assessment_round)]
    context = {
        "round": assessment_round,
        "rows": rows,
        "open_for_objections": assessment_round.phase == Phase.PUBLICITY,
        "answered": assessment_round.objections.exclude(answer=""),
    }
    return render(request, "assessment/public_announcement.html", context)


@login_required
def round_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The annual assessment report (Word), for the office of the round."""
    assessment_round = _get_round(request.user, pk)
    if not services.can_run(request.user, assessment_round):
        raise PermissionDenied
    return docx_file_response(
        report_document.assessment_report(assessment_round),
        filename=f"assessment-report-{assessment_round.pk}.docx",
    )


# --- Commendations -----------------------------------------------------------------------------------------


@login_required
def honour_list_index(request: HttpRequest) -> HttpResponse:
    lists = HonourList.objects.visible_to(request.user).select_related("region")
    form = HonourListForm(user=request.user) if get_scope(request.user).office_paths else None
    if request.method == "POST":
        form = HonourListForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                honours = commendations.honour_list_create(by=request.user, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, getattr(exc, "messages", [_("You are not allowed to do this.")]))
            else:
                return redirect(honours)
    return render(request, "assessment/honour_list_index.html", {"lists": lists, "form": form})


@login_required
def honour_detail(request: HttpRequest, pk: int) -> HttpResponse:
    honours = get_object_or_404(HonourList.objects.visible_to(request.user).select_related("region"), pk=pk)
    office = is_office_of(request.user, honours.region)
    scope = get_scope(request.user)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "nominate":
                unit = get_object_or_404(Unit, pk=request.POST.get("unit") or 0, pk__in=scope.acting_unit_ids)
                participant = Participant.objects.filter(pk=request.POST.get("participant") or 0).first()
                commendations.nominate(
                    honour_list=honours,
                    by=request.user,
                    unit=unit,
                    kind=request.POST.get("kind", ""),
                    nominee=request.POST.get("nominee", "")[:200],
                    achievements=request.POST.get("achievements", "")[:5000],
                    participant=participant,
                    material=request.FILES.getlist("material"),
                )
                messages.success(request, _("Nomination submitted."))
            elif action == "judge":
                nomination = get_object_or_404(honours.nominations, pk=request.POST.get("nomination") or 0)
                commendations.nomination_judge(
                    nomination=nomination,
                    by=request.user,
                    outcome=request.POST.get("outcome", ""),
                    comment=request.POST.get("comment", "")[:2000],
                )
                messages.success(request, _("Saved."))
            elif action == "publish":
                commendations.honour_list_publish(honour_list=honours, by=request.user)
                messages.success(request, _("The honour list is published."))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        return redirect(honours)
    nominations = (
        Nomination.objects.visible_to(request.user)
        .filter(honour_list=honours)
        .select_related("unit", "participant__assessment_round")
    )
    context = {
        "honours": honours,
        "nominations": nominations,
        "awarded": honours.nominations.filter(state=NominationState.AWARDED).select_related("unit")
        if honours.published_at
        else [],
        "office": office,
        "my_units": Unit.objects.filter(pk__in=scope.acting_unit_ids),
        "my_results": Participant.objects.filter(
            unit_id__in=scope.unit_ids, assessment_round__phase=Phase.PUBLISHED
        ).select_related("assessment_round", "unit"),
        "kinds": NomineeKind.choices,
        "open": honours.published_at is None and local_today() <= honours.nominations_due,
        "timeline": timeline_for(honours)[:30] if office else [],
    }
    return render(request, "assessment/honour_detail.html", context)


@rate_limit("public-read", limit=120)
def public_honours(request: HttpRequest, pk: int) -> HttpResponse:
    honours = get_object_or_404(
        HonourList.objects.filter(published_at__isnull=False).select_related("region"), pk=pk
    )
    awarded = honours.nominations.filter(state=NominationState.AWARDED).select_related("unit")
    return render(request, "assessment/public_honours.html", {"honours": honours, "awarded": awarded})


def _require_office(user) -> None:
    if not get_scope(user).can(Capability.RUN_OFFICE):
        raise PermissionDenied


@login_required
@require_POST
def set_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy a set as its next version for the office to edit (a set used by a round is never changed)."""
    _require_office(request.user)
    copy = new_version(get_object_or_404(IndicatorSet, pk=pk))
    messages.success(
        request, _("Version %(version)s created; edit its indicators.") % {"version": copy.version}
    )
    return redirect(copy)


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_office(request.user)
    indicator = get_object_or_404(Indicator.objects.select_related("indicator_set"), pk=pk)
    if indicator.indicator_set.rounds.exists():
        messages.error(
            request, _("This version is used by an assessment round: create a new version to change it.")
        )
        return redirect(indicator.indicator_set)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(indicator.indicator_set)
    return render(request, "assessment/indicator_form.html", {"form": form, "indicator": indicator})
