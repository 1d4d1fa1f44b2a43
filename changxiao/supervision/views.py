"""Screens of supervision: thin views over services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.charts import bar_chart
from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.deadlines import local_today
from changxiao.core.documents import docx_file_response
from changxiao.core.forms import add_service_errors
from changxiao.core.metrics import metric_year
from changxiao.core.models import Attachment
from changxiao.core.ratelimit import rate_limit
from changxiao.core.timeline import timeline_for
from changxiao.core.views_extensions import extension_decide_view, extension_panel, extension_request_view
from changxiao.core.workflow import IllegalTransition
from changxiao.orgs.metric_subjects import records_context
from changxiao.orgs.models import Region
from changxiao.orgs.scope import get_scope

from . import metrics, services
from .choices import CLOSED_STATES, CLOSING_OUTCOMES, FindingState, InspectionKind
from .escalation import policy_for
from .forms import (
    AccountabilityCorrectionForm,
    AccountabilityForm,
    BulletinCorrectionForm,
    BulletinEditForm,
    BulletinGenerateForm,
    BulletinWithdrawForm,
    CancelForm,
    CloseForm,
    EscalationPolicyForm,
    FindingFilterForm,
    FindingForm,
    InspectionForm,
    RectificationForm,
    VerificationForm,
)
from .models import (
    Accountability,
    Bulletin,
    EscalationPolicy,
    Finding,
    Inspection,
    Rectification,
)
from .notices import bulletin_document, rectification_notice
from .permissions import (
    can_cancel_inspection,
    can_close,
    can_correct_accountability,
    can_edit_inspection,
    can_manage_bulletin,
    can_record_accountability,
    can_rectify,
    can_run_inspection,
    can_start_inspection,
    can_verify,
    can_write_bulletins,
    get_accountability_for_user,
    get_finding_for_user,
    get_inspection_for_user,
)
from .statistics import finding_statistics

PAGE_SIZE = 50
# Reading the public site: generous for a person, a brake on scrapers.
PUBLIC_READS_PER_MINUTE = 120


def inspections_for_list(user, params):
    """The inspections a person sees: those that stand, or (show=cancelled) those cancelled, kept on record."""
    inspections = Inspection.objects.visible_to(user)
    inspections = inspections.cancelled() if params.get("show") == "cancelled" else inspections.current()
    inspections = (
        inspections.select_related("region")
        .annotate(
            finding_count=Count("findings", distinct=True),
            open_count=Count("findings", filter=~Q(findings__state__in=CLOSED_STATES), distinct=True),
        )
        .order_by("-date", "-pk")
    )
    kind = params.get("kind", "")
    if kind in InspectionKind.values:
        inspections = inspections.filter(kind=kind)
    return inspections


@login_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    inspections = inspections_for_list(request.user, request.GET)
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


def findings_for_board(user, params, *, mine: bool = False):
    """The findings a person sees, filtered; shared by the board, my unit's list and the Excel export."""
    findings = Finding.objects.visible_to(user)
    if params.get("state") != FindingState.CANCELLED:
        # Findings of a cancelled inspection count nowhere; they are listed only when asked for by their state.
        findings = findings.current()
    if mine:
        unit_ids = get_scope(user).unit_ids
        findings = findings.filter(Q(lead_unit_id__in=unit_ids) | Q(co_units__in=unit_ids)).distinct()
    findings = findings.select_related("inspection__region", "lead_unit").prefetch_related("co_units")
    return FindingFilterForm(params, user=user).filter(findings).order_by("due_date", "pk")


def _deadline_counts(findings) -> dict[str, int]:
    """Counts by outcome in one query."""
    not_closed = ~Q(state__in=CLOSED_STATES)
    return findings.order_by().aggregate(
        open=Count("pk", filter=not_closed),
        overdue=Count("pk", filter=not_closed & Q(due_date__lt=local_today())),
        verified=Count("pk", filter=Q(state=FindingState.VERIFIED)),
        closed_other=Count("pk", filter=Q(state__in=CLOSING_OUTCOMES)),
    )


def _finding_list(request: HttpRequest, *, mine: bool) -> HttpResponse:
    form = FindingFilterForm(request.GET, user=request.user)
    findings = findings_for_board(request.user, request.GET, mine=mine)
    page = Paginator(findings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "mine": mine,
        "counts": _deadline_counts(findings_for_board(request.user, {}, mine=mine)),
        "querystring": query.urlencode(),
    }
    return render(request, "supervision/finding_list.html", context)


@login_required
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


def _finding_page(request: HttpRequest, finding: Finding, **forms) -> HttpResponse:
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
    return _finding_page(request, get_finding_for_user(request.user, pk))


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
def rectification_submit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_finding_for_user(request.user, pk)
    form = RectificationForm(request.POST)
    if form.is_valid():
        try:
            services.rectification_submit(
                finding=finding,
                by=request.user,
                measures=form.cleaned_data["measures"],
                evidence=request.FILES.getlist("evidence"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Rectification submitted for verification."))
            return redirect(finding)
    return _finding_page(request, finding, rectification_form=form)


@login_required
@require_POST
def rectification_review(request: HttpRequest, pk: int) -> HttpResponse:
    rectification = get_object_or_404(Rectification.objects.visible_to(request.user), pk=pk)
    finding = get_finding_for_user(request.user, rectification.finding_id)
    form = VerificationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            review = (
                services.rectification_accept
                if data["decision"] == "accept"
                else services.rectification_return
            )
            review(
                rectification=rectification,
                by=request.user,
                comment=data["comment"],
                reinspected=data["reinspected"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Rectification verified; the finding is closed.")
                if data["decision"] == "accept"
                else _("Rectification returned to the unit."),
            )
            return redirect(finding)
    return _finding_page(request, finding, verification_form=form)


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
    return _finding_page(request, finding, close_form=form)


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
        page=_finding_page,
    )


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return extension_decide_view(request, pk, workflow=services.FINDING_EXTENSIONS, page=_finding_page)


@login_required
def escalation_policy(request: HttpRequest) -> HttpResponse:
    """The office sets the escalation ladder of its jurisdiction."""
    regions = Region.objects.managed_by(request.user).filter(level__in=["province", "city", "county", "zone"])
    if not regions.exists():
        raise PermissionDenied
    value = request.GET.get("region", "")
    region = (
        get_object_or_404(regions, pk=int(value)) if value.isdigit() else regions.order_by("path").first()
    )
    current = policy_for(region)
    own = EscalationPolicy.objects.visible_to(request.user).filter(region=region).first()
    instance = own or EscalationPolicy(
        region=region,
        remind_workdays_before=current.remind_workdays_before,
        bulletin_after_workdays=current.bulletin_after_workdays,
        accountability_after_workdays=current.accountability_after_workdays,
    )
    form = EscalationPolicyForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.escalation_policy_save(policy=form.save(commit=False), by=request.user)
        messages.success(request, _("Escalation policy saved."))
        return redirect(f"{request.path}?region={region.pk}")
    context = {
        "form": form,
        "region": region,
        "regions": regions.order_by("path"),
        "inherited_from": None if own else (current.region if current.pk else None),
    }
    return render(request, "supervision/escalation_policy.html", context)


def accountabilities_for_list(user, params=None):
    """The records a person sees: those that stand, or (show=cancelled) those cancelled, kept on record."""
    records = Accountability.objects.visible_to(user)
    records = records.cancelled() if (params or {}).get("show") == "cancelled" else records.current()
    return (
        records.select_related("region", "unit")
        .annotate(finding_count=Count("findings"))
        .order_by("-decided_on", "-pk")
    )


@login_required
def accountability_list(request: HttpRequest) -> HttpResponse:
    """问责记录: visible to the office and to the unit concerned only."""
    records = accountabilities_for_list(request.user, request.GET)
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
    if finding_id.isdigit():
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


def bulletins_for_list(user, params=None):
    return Bulletin.objects.visible_to(user).select_related("region").order_by("-period_end", "-pk")


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(bulletins_for_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/bulletin_list.html",
        {"page": page, "can_generate": can_write_bulletins(request.user)},
    )


@login_required
def bulletin_create(request: HttpRequest) -> HttpResponse:
    form = BulletinGenerateForm(request.POST or None, user=request.user)
    if not form.fields["region"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            bulletin = services.bulletin_generate(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Draft bulletin generated from the data; edit it, then issue it."))
            return redirect(bulletin)
    return render(request, "supervision/bulletin_form.html", {"form": form})


def _get_bulletin(user, pk: int, *, write: bool = False) -> Bulletin:
    bulletin = get_object_or_404(Bulletin.objects.visible_to(user).select_related("region"), pk=pk)
    if write and not can_manage_bulletin(user, bulletin):
        raise PermissionDenied
    return bulletin


def _bulletin_page(request: HttpRequest, bulletin: Bulletin, **forms) -> HttpResponse:
    """The bulletin with the steps open to the person: edit a draft; publish, correct or withdraw an issued one.
    A form sent with an error comes back as it was typed."""
    may_manage = can_manage_bulletin(request.user, bulletin)
    issued = bulletin.state == Bulletin.State.ISSUED
    edit_form = forms.get("form")
    if edit_form is None and may_manage and not issued:
        edit_form = BulletinEditForm(instance=bulletin)
    correction_form = forms.get("correction_form")
    if correction_form is None and may_manage and issued:
        correction_form = BulletinCorrectionForm(
            initial={"number": bulletin.number, "title": bulletin.title, "body": bulletin.body}
        )
    withdraw_form = forms.get("withdraw_form")
    if withdraw_form is None and may_manage and issued and bulletin.is_public:
        withdraw_form = BulletinWithdrawForm()
    context = {
        "bulletin": bulletin,
        "form": edit_form,
        "can_publish": may_manage and issued and not bulletin.is_public,
        "correction_form": correction_form,
        "withdraw_form": withdraw_form,
        "revisions": bulletin.revisions.select_related("corrected_by"),
        "findings": bulletin.findings.select_related("lead_unit", "inspection"),
        "timeline": timeline_for(bulletin),
    }
    return render(request, "supervision/bulletin_detail.html", context)


@login_required
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _get_bulletin(request.user, pk)
    if request.method != "POST":
        return _bulletin_page(request, bulletin)
    bulletin = _get_bulletin(request.user, pk, write=True)
    if bulletin.state != Bulletin.State.DRAFT:
        messages.error(request, _("An issued bulletin can no longer be changed."))
        return redirect(bulletin)
    form = BulletinEditForm(request.POST, instance=Bulletin.objects.get(pk=bulletin.pk))
    if form.is_valid():
        try:
            services.bulletin_update(bulletin=bulletin, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(bulletin)
    return _bulletin_page(request, bulletin, form=form)


def _bulletin_step(request: HttpRequest, bulletin: Bulletin, *, check, step, done: str) -> HttpResponse:
    """A confirmed step: the first post shows what will happen; the confirmed post takes the step."""
    back = bulletin.get_absolute_url()
    if is_confirmed(request):
        try:
            step(bulletin=bulletin, by=request.user, confirmed=True)
        except ValidationError as exc:
            shown = check(bulletin=Bulletin.objects.get(pk=bulletin.pk), by=request.user)
            errors = [m for m in exc.messages if m not in shown.refusals]
            return confirm_page(request, shown, back_url=back, errors=errors)
        messages.success(request, done)
        return redirect(bulletin)
    return confirm_page(request, check(bulletin=bulletin, by=request.user), back_url=back)


@login_required
@require_POST
def bulletin_issue(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _get_bulletin(request.user, pk, write=True)
    return _bulletin_step(
        request,
        bulletin,
        check=services.bulletin_issue_check,
        step=services.bulletin_issue,
        done=_("Bulletin issued."),
    )


@login_required
@require_POST
def bulletin_publish(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _get_bulletin(request.user, pk, write=True)
    return _bulletin_step(
        request,
        bulletin,
        check=services.bulletin_publish_check,
        step=services.bulletin_publish,
        done=_("Bulletin published on the public site."),
    )


@login_required
@require_POST
def bulletin_correct(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _get_bulletin(request.user, pk, write=True)
    form = BulletinCorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.bulletin_correct(bulletin=bulletin, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Bulletin corrected; the earlier text is kept."))
            return redirect(bulletin)
    return _bulletin_page(request, bulletin, correction_form=form)


@login_required
@require_POST
def bulletin_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _get_bulletin(request.user, pk, write=True)
    form = BulletinWithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.bulletin_withdraw(bulletin=bulletin, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Bulletin withdrawn from the public site; it stays on record."))
            return redirect(bulletin)
    return _bulletin_page(request, bulletin, withdraw_form=form)


def _bulletin_docx(bulletin: Bulletin) -> HttpResponse:
    return docx_file_response(bulletin_document(bulletin), filename=f"bulletin-{bulletin.pk}.docx")


@login_required
def bulletin_docx(request: HttpRequest, pk: int) -> HttpResponse:
    return _bulletin_docx(_get_bulletin(request.user, pk))


@rate_limit("public-read", limit=PUBLIC_READS_PER_MINUTE)
def public_bulletin_list(request: HttpRequest) -> HttpResponse:
    """Public site: the bulletins the offices chose to publish."""
    bulletins = Bulletin.objects.public().select_related("region").order_by("-issued_at", "-pk")
    page = Paginator(bulletins, 20).get_page(request.GET.get("page"))
    return render(request, "supervision/public_bulletin_list.html", {"page": page})


@rate_limit("public-read", limit=PUBLIC_READS_PER_MINUTE)
def public_bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published bulletin with its corrections; a withdrawn one's address (shared earlier) says it was withdrawn
    (410 Gone), without its text."""
    shown = Bulletin.objects.public() | Bulletin.objects.withdrawn()
    bulletin = get_object_or_404(shown.select_related("region"), pk=pk)
    if bulletin.is_withdrawn:
        return render(
            request, "supervision/public_bulletin_withdrawn.html", {"bulletin": bulletin}, status=410
        )
    corrections = bulletin.revisions.order_by("version")
    return render(
        request, "supervision/public_bulletin_detail.html", {"bulletin": bulletin, "corrections": corrections}
    )


@login_required
def metric_records(request: HttpRequest, code: str) -> HttpResponse:
    """The records behind a published figure: exactly the rows it was computed from."""
    if code not in (metrics.RECTIFIED_ON_TIME, metrics.FINDINGS_OVERDUE, metrics.ACCOUNTABILITY_ACTIONS):
        raise Http404
    context = records_context(request, code)
    subject, year = context["subject"], context["year"]
    context |= {
        "kind": "accountability" if code == metrics.ACCOUNTABILITY_ACTIONS else "findings",
    }
    if code == metrics.ACCOUNTABILITY_ACTIONS:
        records = metrics.accountability_records(subject, year, request.user).select_related("unit")
        context["records"] = Paginator(records.order_by("-decided_on", "-pk"), 100).get_page(
            request.GET.get("page")
        )
    else:
        if code == metrics.RECTIFIED_ON_TIME:
            findings = metrics.counted_findings(subject, year, request.user)
            context["on_time_ids"] = set(
                findings.filter(metrics.rectified_on_time_filter()).values_list("pk", flat=True)
            )
        else:
            findings = metrics.overdue_findings(subject, year, request.user)
        findings = findings.select_related("lead_unit", "inspection").order_by("due_date", "pk")
        context["page"] = Paginator(findings, 100).get_page(request.GET.get("page"))
    return render(request, "supervision/metric_records.html", context)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """整改情况统计: found, verified, on-time rate and overdue, by unit, district and kind, for a year."""
    this_year = local_today().year
    years = list(range(this_year, this_year - 5, -1))
    year = metric_year(request.GET, this_year)
    findings = Finding.objects.visible_to(request.user).current().filter(inspection__date__year=year)
    stats = finding_statistics(findings, local_today())
    charts = {
        "district_chart": bar_chart(
            categories=[r.label for r in stats["by_district"]],
            values=[r.on_time_rate or 0 for r in stats["by_district"]],
            series_name=_("Rectification on-time rate"),
            unit="%",
        ),
        "kind_chart": bar_chart(
            categories=[r.label for r in stats["by_kind"]],
            values=[r.found for r in stats["by_kind"]],
            series_name=_("Findings"),
        ),
    }
    return render(request, "supervision/statistics.html", {"year": year, "years": years, **stats, **charts})
