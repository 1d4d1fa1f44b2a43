"""Screens of the commendations (表彰奖励): calls for nominations, nominating, withdrawing, review and decision, and
publishing the honour list after its check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.deadlines import local_today
from changxiao.core.forms import add_service_errors
from changxiao.core.timeline import timeline_for
from changxiao.orgs.models import Unit
from changxiao.orgs.permissions import is_office_of
from changxiao.orgs.scope import get_scope

from . import commendations, permissions
from .choices import NominationState, Phase
from .forms import HonourListForm, JudgeForm, NominationForm, ReasonForm
from .models import AssessmentRound, HonourList, Nomination, Participant
from .views_rounds import labelled_timeline

NOMINATION_VERBS = {"nomination_reviewed", "nomination_decided", "nomination_withdrawn"}


@login_required
def honour_list_index(request: HttpRequest) -> HttpResponse:
    lists = HonourList.objects.visible_to(request.user).select_related("region")
    office = bool(get_scope(request.user).office_paths) or request.user.is_superuser
    form = HonourListForm(request.POST or None, user=request.user) if office else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                honours = commendations.honour_list_create(by=request.user, **form.cleaned_data)
            except PermissionDenied:
                form.add_error("region", _("Only the office of this jurisdiction calls for nominations."))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The call for nominations is open."))
                return redirect(honours)
    return render(request, "assessment/honour_list_index.html", {"lists": lists, "form": form})


def _my_results(user):
    """Published results of the person's own units, to cite in a nomination."""
    return Participant.objects.filter(
        unit_id__in=get_scope(user).acting_unit_ids,
        assessment_round__in=AssessmentRound.objects.current().filter(phase=Phase.PUBLISHED),
    ).select_related("assessment_round", "unit")


def _render_honours(request, honours: HonourList, *, bound: dict | None = None) -> HttpResponse:
    bound = bound or {}
    office = is_office_of(request.user, honours.region)
    scope = get_scope(request.user)
    my_units = Unit.objects.filter(pk__in=scope.acting_unit_ids)
    nominations = list(
        Nomination.objects.visible_to(request.user)
        .filter(honour_list=honours)
        .select_related("unit", "participant__assessment_round")
    )
    for nomination in nominations:
        nomination.may_judge = (
            office
            and not honours.published_at
            and nomination.state in (NominationState.SUBMITTED, NominationState.RECOMMENDED)
            and nomination.unit_id not in scope.acting_unit_ids
        )
        nomination.may_withdraw = (
            nomination.unit_id in scope.acting_unit_ids
            and nomination.state == NominationState.SUBMITTED
            and not honours.published_at
        )
        if nomination.may_judge:
            nomination.judge_form = bound.get(("judge", nomination.pk)) or JudgeForm(
                prefix=f"j{nomination.pk}"
            )
        if nomination.may_withdraw:
            nomination.withdraw_form = bound.get(("withdraw", nomination.pk)) or ReasonForm(
                prefix=f"w{nomination.pk}"
            )
    is_open = honours.published_at is None and local_today() <= honours.nominations_due
    context = {
        "honours": honours,
        "nominations": nominations,
        "awarded": honours.nominations.filter(state=NominationState.AWARDED).select_related("unit")
        if honours.published_at
        else [],
        "office": office,
        "open": is_open,
        "nomination_form": (
            bound.get("nominate")
            or NominationForm(prefix="n", units=my_units, results=_my_results(request.user))
        )
        if is_open and my_units
        else None,
        "timeline": labelled_timeline(
            timeline_for(honours)[:30], NOMINATION_VERBS, dict(NominationState.choices)
        )
        if office
        else [],
    }
    return render(request, "assessment/honour_detail.html", context)


@login_required
def honour_detail(request: HttpRequest, pk: int) -> HttpResponse:
    honours = permissions.get_honour_list_for_user(request.user, pk)
    if request.method == "POST":
        handler = {
            "nominate": _nominate,
            "judge": _judge,
            "withdraw": _withdraw,
            "publish": _publish,
        }.get(request.POST.get("action", ""))
        if handler is None:
            raise Http404
        return handler(request, honours)
    return _render_honours(request, honours)


def _nominate(request, honours: HonourList) -> HttpResponse:
    units = Unit.objects.filter(pk__in=get_scope(request.user).acting_unit_ids)
    posted_unit = request.POST.get("n-unit", "")
    if not units or (posted_unit and posted_unit not in {str(unit.pk) for unit in units}):
        raise PermissionDenied  # nominating for a unit one does not act for
    form = NominationForm(
        request.POST, request.FILES, prefix="n", units=units, results=_my_results(request.user)
    )
    if form.is_valid():
        try:
            commendations.nomination_submit(
                honour_list=honours,
                by=request.user,
                material=request.FILES.getlist("n-material"),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Nomination submitted."))
            return redirect(honours)
    return _render_honours(request, honours, bound={"nominate": form})


def _judge(request, honours: HonourList) -> HttpResponse:
    nomination = permissions.get_nomination(request.user, honours, request.POST.get("nomination"))
    form = JudgeForm(request.POST, prefix=f"j{nomination.pk}")
    if form.is_valid():
        try:
            commendations.nomination_decide(
                nomination=nomination,
                by=request.user,
                outcome=request.POST.get("outcome", ""),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(honours)
    return _render_honours(request, honours, bound={("judge", nomination.pk): form})


def _withdraw(request, honours: HonourList) -> HttpResponse:
    nomination = permissions.get_nomination(request.user, honours, request.POST.get("nomination"))
    form = ReasonForm(request.POST, prefix=f"w{nomination.pk}")
    if form.is_valid():
        try:
            commendations.nomination_withdraw(
                nomination=nomination, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The nomination is withdrawn."))
            return redirect(honours)
    return _render_honours(request, honours, bound={("withdraw", nomination.pk): form})


def _publish(request, honours: HonourList) -> HttpResponse:
    if not is_office_of(request.user, honours.region):
        raise PermissionDenied
    check = commendations.honour_list_publish_check(honours)
    back = honours.get_absolute_url()
    if not is_confirmed(request):
        return confirm_page(request, check, back_url=back)
    try:
        commendations.honour_list_publish(honour_list=honours, by=request.user, confirmed=True)
    except ValidationError as exc:
        return confirm_page(request, check, back_url=back, errors=exc.messages)
    messages.success(request, _("The honour list is published."))
    return redirect(honours)
