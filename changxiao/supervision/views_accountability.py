"""Screens of supervision — accountability (问责): recorded, corrected and cancelled by the office, with a reason,
never deleted."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.forms import add_service_errors
from changxiao.core.timeline import timeline_for

from . import queries, services
from .forms import AccountabilityCorrectionForm, AccountabilityForm, CancelForm
from .models import Accountability, Finding
from .permissions import can_correct_accountability, can_record_accountability, get_accountability_for_user

PAGE_SIZE = 50


@login_required
def accountability_list(request: HttpRequest) -> HttpResponse:
    """问责记录: visible to the office and to the unit concerned only."""
    records = queries.accountabilities_for_list(request.user, request.GET)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "show": "cancelled" if request.GET.get("show") == "cancelled" else "",
        "can_record": can_record_accountability(request.user),
    }
    return render(request, "supervision/accountability_list.html", context)


def _accountability_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["findings"] = list(data["findings"])
    data.pop("reason", None)
    data.pop("region", None)
    return data


def _accountability_form_page(request: HttpRequest, form, *, record=None, duplicates=()) -> HttpResponse:
    context = {
        "form": form,
        "record": record,
        "duplicates": duplicates,
        # The possible duplicates are shown with a second button: save anyway, as a separate decision.
        "offer_separate": any(not getattr(d, "identical", False) for d in duplicates),
    }
    return render(request, "supervision/accountability_form.html", context)


def _duplicates_for(form, *, record=None) -> list[Accountability]:
    """The standing records the typed one may duplicate, to show beside the form when the service refuses it; a
    correction is checked only against identical ones."""
    data = form.cleaned_data
    identical, similar = services.accountability_duplicates(
        unit=data["unit"],
        ground=data["ground"],
        measure=data["measure"],
        decided_on=data["decided_on"],
        person_name=data["person_name"],
        findings=list(data["findings"]),
        exclude=record,
    )
    for each in identical:
        each.identical = True
    return identical + (similar if record is None else [])


@login_required
def accountability_create(request: HttpRequest) -> HttpResponse:
    if not can_record_accountability(request.user):
        raise PermissionDenied
    initial = {}
    finding_id = request.GET.get("finding", "")
    if finding_id.isdecimal():
        finding = (
            Finding.objects.visible_to(request.user)
            .filter(pk=int(finding_id))
            .select_related("inspection")
            .first()
        )
        if finding is not None:
            initial = {
                "findings": [finding],
                "unit": finding.lead_unit_id,
                "region": finding.inspection.region_id,
            }
    form = AccountabilityForm(request.POST or None, user=request.user, initial=initial)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        possible = _duplicates_for(form)
        try:
            record = services.accountability_record(
                by=request.user,
                region=form.cleaned_data["region"],
                confirmed=is_confirmed(request),
                **_accountability_data(form),
            )
        except PermissionDenied:
            form.add_error("region", _("Only the office of this jurisdiction records accountability."))
        except ValidationError as exc:
            add_service_errors(form, exc)
            duplicates = possible
        else:
            messages.success(request, _("Accountability decision recorded."))
            return redirect(record)
    return _accountability_form_page(request, form, duplicates=duplicates)


@login_required
def accountability_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """更正 a 问责 record: the corrected fields and the reason; the changes go on its timeline."""
    record = get_accountability_for_user(request.user, pk, write=True)
    if not can_correct_accountability(request.user, record):
        raise PermissionDenied
    initial = {"findings": list(record.findings.values_list("pk", flat=True))}
    form = AccountabilityCorrectionForm(
        request.POST or None,
        instance=Accountability.objects.get(pk=record.pk),
        user=request.user,
        initial=initial,
    )
    duplicates = []
    if request.method == "POST" and form.is_valid():
        possible = _duplicates_for(form, record=record)
        try:
            services.accountability_correct(
                record=Accountability.objects.get(pk=record.pk),
                by=request.user,
                reason=form.cleaned_data["reason"],
                **_accountability_data(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            duplicates = possible
        else:
            messages.success(request, _("Accountability record corrected."))
            return redirect(record)
    return _accountability_form_page(request, form, record=record, duplicates=duplicates)


def _accountability_page(request: HttpRequest, record: Accountability, **forms) -> HttpResponse:
    may_correct = can_correct_accountability(request.user, record)
    context = {
        "record": record,
        "findings": record.findings.visible_to(request.user).select_related("inspection", "lead_unit"),
        "can_correct": may_correct,
        "cancel_form": forms.get("cancel_form") or (CancelForm() if may_correct else None),
        "cancel_form_sent": "cancel_form" in forms,
        "timeline": timeline_for(record),
    }
    return render(request, "supervision/accountability_detail.html", context)


@login_required
def accountability_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _accountability_page(request, get_accountability_for_user(request.user, pk))


@login_required
@require_POST
def accountability_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """作废 a 问责 record entered by mistake: the reason, then the confirmation page, then the step."""
    record = get_accountability_for_user(request.user, pk, write=True)
    if not can_correct_accountability(request.user, record):
        raise PermissionDenied
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _accountability_page(request, record, cancel_form=form)
    check = services.accountability_cancel_check(record=record, by=request.user)
    if not is_confirmed(request):
        return confirm_page(request, check, back_url=record.get_absolute_url())
    try:
        services.accountability_cancel(
            record=record, by=request.user, reason=form.cleaned_data["reason"], confirmed=True
        )
    except ValidationError as exc:
        return confirm_page(request, check, back_url=record.get_absolute_url(), errors=exc.messages)
    messages.success(request, _("Accountability record cancelled; it stays on record."))
    return redirect(record)
