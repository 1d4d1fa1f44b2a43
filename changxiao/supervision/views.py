"""Screens of supervision — inspections and findings: thin views over services.py. Rectification, accountability,
bulletins and the statistics have their own views_*.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.db_router import replica_reads
from changxiao.core.documents import docx_file_response
from changxiao.core.forms import add_service_errors
from changxiao.core.models import Attachment
from changxiao.core.timeline import timeline_for
from changxiao.core.views_extensions import extension_decide_view, extension_panel, extension_request_view
from changxiao.core.workflow import IllegalTransition

from . import queries, services
from .choices import FindingState, InspectionKind
from .forms import (
    CancelForm,
    CloseForm,
    FindingFilterForm,
    FindingForm,
    InspectionForm,
    RectificationForm,
    VerificationForm,
)
from .models import Finding, Inspection, Rectification
from .notices import rectification_notice
from .permissions import (
    can_cancel_inspection,
    can_close,
    can_edit_inspection,
    can_record_accountability,
    can_rectify,
    can_run_inspection,
    can_start_inspection,
    can_verify,
    get_finding_for_user,
    get_inspection_for_user,
)

PAGE_SIZE = 50


@login_required
@replica_reads
def inspection_list(request: HttpRequest) -> HttpResponse:
    inspections = queries.inspections_for_list(request.user, request.GET)
    page = Paginator(inspections, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "kinds": InspectionKind.choices,
        "kind": request.GET.get("kind", ""),
        "show": "cancelled" if request.GET.get("show") == "cancelled" else "",
        "querystring": query.urlencode(),
        "can_create": can_start_inspection(request.user),
    }
    return render(request, "supervision/inspection_list.html", context)


def _inspection_form_data(form) -> dict:
    data = form.cleaned_data
    return {
        "region": data["region"],
        "kind": data["kind"],
        "title": data["title"],
        "date": data["date"],
        "team": list(data["team"]),
        "observers": data["observers"],
        "scope_regions": list(data["scope_regions"]),
        "scope_units": list(data["scope_units"]),
        "checklist": data["checklist"],
        "notes": data["notes"],
    }


@login_required
def inspection_create(request: HttpRequest) -> HttpResponse:
    if not can_start_inspection(request.user):
        raise PermissionDenied
    form = InspectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.inspection_create(
                by=request.user, photos=request.FILES.getlist("photos"), **_inspection_form_data(form)
            )
        except PermissionDenied:
            form.add_error("region", _("You cannot record inspections for this jurisdiction."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Inspection recorded. Now add its findings."))
            return redirect(inspection)
    return render(request, "supervision/inspection_form.html", {"form": form})


@login_required
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct an inspection's details; the changes go on its timeline."""
    inspection = get_inspection_for_user(request.user, pk)
    if not can_edit_inspection(request.user, inspection):
        raise PermissionDenied
    # The form works on its own copy: the page keeps showing the inspection as it stands while errors are fixed.
    form = InspectionForm(
        request.POST or None, instance=Inspection.objects.get(pk=inspection.pk), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.inspection_update(
                inspection=Inspection.objects.get(pk=inspection.pk),
                by=request.user,
                **_inspection_form_data(form),
            )
        except PermissionDenied:
            form.add_error("region", _("You cannot record inspections for this jurisdiction."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(inspection)
    return render(request, "supervision/inspection_form.html", {"form": form, "inspection": inspection})


def _inspection_page(request: HttpRequest, inspection: Inspection, **forms) -> HttpResponse:
    """The inspection with its findings and the steps open to the person; a form sent with an error comes back
    as it was typed."""
    findings = (
        Finding.objects.visible_to(request.user)
        .filter(inspection=inspection)
        .select_related("lead_unit")
        .order_by("number")
    )
    may_run = can_run_inspection(request.user, inspection) and not inspection.is_cancelled
    may_cancel = can_cancel_inspection(request.user, inspection)
    context = {
        "inspection": inspection,
        "findings": findings,
        "team": inspection.team.all(),
        "scope_units": inspection.scope_units.all(),
        "scope_regions": inspection.scope_regions.all(),
        "photos": Attachment.objects.for_object(inspection),
        "can_run": may_run,
        "can_edit": can_edit_inspection(request.user, inspection),
        "finding_form": forms.get("finding_form") or (FindingForm(user=request.user) if may_run else None),
        "finding_form_sent": "finding_form" in forms,
        "cancel_form": forms.get("cancel_form") or (CancelForm() if may_cancel else None),
        "cancel_form_sent": "cancel_form" in forms,
        "timeline": timeline_for(inspection),
    }
    return render(request, "supervision/inspection_detail.html", context)


@login_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _inspection_page(request, get_inspection_for_user(request.user, pk))


@login_required
@require_POST
def inspection_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """作废 an inspection recorded by mistake: the reason, then the confirmation page, then the step."""
    inspection = get_inspection_for_user(request.user, pk)
    if not can_cancel_inspection(request.user, inspection):
        raise PermissionDenied
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _inspection_page(request, inspection, cancel_form=form)
    check = services.inspection_cancel_check(inspection=inspection, by=request.user)
    back = inspection.get_absolute_url()
    if not is_confirmed(request):
        return confirm_page(request, check, back_url=back)
    try:
        services.inspection_cancel(
            inspection=inspection, by=request.user, reason=form.cleaned_data["reason"], confirmed=True
        )
    except ValidationError as exc:
        return confirm_page(
            request, check, back_url=back, errors=[m for m in exc.messages if m not in check.refusals]
        )
    messages.success(request, _("Inspection cancelled; it stays on record."))
    return redirect(inspection)


@login_required
@require_POST
def finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_inspection_for_user(request.user, pk, write=True)
    form = FindingForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            finding = services.finding_add(
                inspection=inspection,
                by=request.user,
                photos=request.FILES.getlist("photos"),
                **{**form.cleaned_data, "co_units": list(form.cleaned_data["co_units"])},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Finding #%(number)s recorded.") % {"number": finding.number})
            return redirect(inspection)
    return _inspection_page(request, inspection, finding_form=form)


def _finding_list(request: HttpRequest, *, mine: bool) -> HttpResponse:
    form = FindingFilterForm(request.GET, user=request.user)
    findings = queries.findings_for_board(request.user, request.GET, mine=mine)
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "mine": mine,
        "counts": queries.finding_deadline_counts(queries.findings_for_board(request.user, {}, mine=mine)),
        "querystring": query.urlencode(),
    }
    return render(request, "supervision/finding_list.html", context)


@login_required
@replica_reads
def finding_list(request: HttpRequest) -> HttpResponse:
    """督查问题台账: every finding the person sees, with deadline colours and filters."""
    return _finding_list(request, mine=False)


@login_required
def my_findings(request: HttpRequest) -> HttpResponse:
    """The findings my unit must rectify (as responsible or co-responsible unit)."""
    return _finding_list(request, mine=True)


def _evidence_by_rectification(rectifications) -> dict[int, list[Attachment]]:
    files: dict[int, list[Attachment]] = {}
    content_type = ContentType.objects.get_for_model(Rectification)
    for attachment in Attachment.objects.filter(
        content_type=content_type, object_id__in=[str(r.pk) for r in rectifications]
    ):
        files.setdefault(int(attachment.object_id), []).append(attachment)
    return files


def finding_page(request: HttpRequest, finding: Finding, **forms) -> HttpResponse:
    """The finding with the steps open to the person. A form sent with an error comes back as it was typed (files
    excepted: a browser cannot be handed them back), with a note at the top that nothing was saved."""
    rectifications = list(finding.rectifications.select_related("submitted_by", "reviewed_by"))
    evidence = _evidence_by_rectification(rectifications)
    for rectification in rectifications:
        rectification.evidence = evidence.get(rectification.pk, [])
    may_rectify = can_rectify(request.user, finding) and not finding.is_closed
    context = {
        "finding": finding,
        "co_units": finding.co_units.all(),
        "photos": Attachment.objects.for_object(finding),
        "rectifications": rectifications,
        "can_acknowledge": may_rectify and finding.state == FindingState.OPEN,
        "can_submit": may_rectify and finding.state in (FindingState.OPEN, FindingState.RECTIFYING),
        "can_verify": finding.state == FindingState.SUBMITTED and can_verify(request.user, finding),
        "can_close": not finding.is_closed and can_close(request.user, finding),
        "rectification_form": forms.get("rectification_form") or RectificationForm(),
        "verification_form": forms.get("verification_form") or VerificationForm(),
        "close_form": forms.get("close_form") or CloseForm(user=request.user),
        "close_form_sent": "close_form" in forms,
        "not_saved": bool(forms),
        "reassigned_to": finding.reassigned_to.select_related("lead_unit"),
        "escalations": finding.escalations.all(),
        "extension_panel": extension_panel(
            request, finding, workflow=services.FINDING_EXTENSIONS, forms=forms
        ),
        "can_record_accountability": can_record_accountability(request.user, finding.inspection.region),
        "timeline": timeline_for(finding),
    }
    return render(request, "supervision/finding_detail.html", context)


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return finding_page(request, get_finding_for_user(request.user, pk))


@login_required
@require_POST
def finding_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_finding_for_user(request.user, pk)
    try:
        services.finding_acknowledge(finding=finding, by=request.user)
    except IllegalTransition as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Finding acknowledged; rectification under way."))
    return redirect(finding)


@login_required
@require_POST
def finding_close(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_finding_for_user(request.user, pk)
    form = CloseForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.finding_close(finding=finding, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Finding closed."))
            return redirect(finding)
    return finding_page(request, finding, close_form=form)


@login_required
def finding_notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """整改通知书: the finding as a Word notice to the responsible unit."""
    finding = get_finding_for_user(request.user, pk)
    name = f"rectification-notice-{finding.inspection_id}-{finding.number}.docx"
    return docx_file_response(rectification_notice(finding), filename=name)


@login_required
@require_POST
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    return extension_request_view(
        request,
        get_finding_for_user(request.user, pk),
        workflow=services.FINDING_EXTENSIONS,
        page=finding_page,
    )


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return extension_decide_view(request, pk, workflow=services.FINDING_EXTENSIONS, page=finding_page)
