"""Meeting snapshots (会议快照): the cockpit frozen for a leading-group meeting, its decisions, the follow-up tasks
created from them in the target system, and the comparison with the next snapshot; and the annual long-term
management report: compiled, edited as a draft, issued, downloaded as Word."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.deadlines import local_today
from changxiao.core.document_jobs import document_job_start
from changxiao.core.forms import add_service_errors, flash_errors, flash_form_errors
from changxiao.core.timeline import timeline_for
from changxiao.orgs.scope import ancestor_paths, get_scope, within

from . import services
from .exports import ANNUAL_REPORT
from .forms import DecisionForm, FollowUpForm, ReasonForm, ReportCompileForm, ReportEditForm, SnapshotForm
from .models import AnnualReport, Layout, Snapshot
from .permissions import (
    can_arrange,
    can_view_cockpit,
    cockpit_regions,
    cockpit_units,
    get_cockpit_region_for_user,
    get_decision_for_user,
    get_report_for_user,
    get_snapshot_for_user,
)


def _region(request: HttpRequest, *, write: bool = False):
    """?region= (or the form's region), else the person's outermost jurisdiction."""
    if not can_view_cockpit(request.user):
        raise PermissionDenied
    value = request.POST.get("region", "") or request.GET.get("region", "")
    if value.isdecimal():
        return get_cockpit_region_for_user(request.user, int(value), write=write)
    region = cockpit_regions(request.user).order_by("path").first()
    if region is None:
        raise PermissionDenied
    if write and not can_arrange(request.user, region):
        raise PermissionDenied
    return region


def _writable(user, region) -> bool:
    return can_arrange(user, region) and not get_scope(user).read_only


# --- Snapshots -------------------------------------------------------------------------------------------------


@login_required
def snapshot_list(request: HttpRequest) -> HttpResponse:
    region = _region(request, write=request.method == "POST")
    layouts = Layout.objects.visible_to(request.user).filter(region__path__in=ancestor_paths(region.path))
    form = SnapshotForm(layouts=layouts, initial={"meeting_date": local_today()})
    if request.method == "POST":
        form = SnapshotForm(request.POST, layouts=layouts)
        if form.is_valid():
            try:
                snapshot = services.snapshot_take(
                    by=request.user,
                    region=region,
                    year=form.cleaned_data["meeting_date"].year,
                    title=form.cleaned_data["title"],
                    meeting_date=form.cleaned_data["meeting_date"],
                    layout=form.cleaned_data["layout"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("The cockpit was frozen for the meeting; record its decisions below.")
                )
                return redirect(snapshot)
    snapshots = Snapshot.objects.visible_to(request.user).filter(within(region)).select_related("region")
    context = {
        "region": region,
        "form": form,
        "snapshots": snapshots[:100],
        "writable": _writable(request.user, region),
    }
    return render(request, "cockpit/snapshot_list.html", context, status=400 if form.errors else 200)


@login_required
def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = get_snapshot_for_user(request.user, pk)
    # The jurisdiction's snapshots in meeting order: the one before and the one after this one.
    order = list(
        Snapshot.objects.visible_to(request.user)
        .filter(region=snapshot.region)
        .order_by("meeting_date", "pk")
        .values_list("pk", flat=True)
    )
    index = order.index(snapshot.pk)
    neighbours = Snapshot.objects.in_bulk(
        [pk for pk in order[max(index - 1, 0) : index + 2] if pk != snapshot.pk]
    )
    earlier = neighbours.get(order[index - 1]) if index > 0 else None
    next_snapshot = neighbours.get(order[index + 1]) if index + 1 < len(order) else None
    writable = _writable(request.user, snapshot.region)
    decisions = list(snapshot.decisions.select_related("recorded_by").order_by("number"))
    units = (
        cockpit_units(request.user)
        .filter(within(snapshot.region))
        .order_by("region__path", "sort_order", "code")
    )
    context = {
        "snapshot": snapshot,
        "decisions": [
            (d, FollowUpForm(units=units, prefix=f"d{d.pk}", initial={"title": d.text[:300]}))
            for d in decisions
        ],
        "decision_form": DecisionForm(),
        "cancel_form": ReasonForm(),
        "writable": writable,
        "next_snapshot": next_snapshot,
        "previous_snapshot": earlier,
        "comparison": services.snapshot_compare(snapshot, next_snapshot) if next_snapshot else None,
        "timeline": timeline_for(snapshot),
    }
    return render(request, "cockpit/snapshot_detail.html", context)


@login_required
@require_POST
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = get_snapshot_for_user(request.user, pk, write=True)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(snapshot)
    try:
        services.decision_record(snapshot=snapshot, by=request.user, text=form.cleaned_data["text"])
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("The decision was recorded."))
    return redirect(snapshot)


@login_required
@require_POST
def decision_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, write=True)
    units = cockpit_units(request.user).filter(within(decision.snapshot.region))
    form = FollowUpForm(request.POST, units=units, prefix=f"d{decision.pk}")
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(decision.snapshot)
    try:
        decision = services.decision_follow_up(
            decision=decision,
            by=request.user,
            site_url=request.build_absolute_uri("/").rstrip("/"),
            **form.cleaned_data,
        )
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(
            request,
            _("Follow-up task %(task)s created in the target system.") % {"task": decision.task_reference},
        )
    return redirect(decision.snapshot)


@login_required
@require_POST
def decision_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(decision.snapshot)
    try:
        services.decision_cancel(decision=decision, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("The decision was cancelled; it stays on record."))
    return redirect(decision.snapshot)


# --- The annual report -----------------------------------------------------------------------------------------


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    region = _region(request, write=request.method == "POST")
    form = ReportCompileForm(initial={"year": local_today().year})
    if request.method == "POST":
        form = ReportCompileForm(request.POST)
        if form.is_valid():
            try:
                report = services.report_compile(
                    by=request.user, region=region, year=form.cleaned_data["year"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("The report was compiled from every mechanism: edit its text, then issue it.")
                )
                return redirect(report)
    reports = AnnualReport.objects.visible_to(request.user).filter(within(region)).select_related("region")
    context = {
        "region": region,
        "form": form,
        "reports": reports[:100],
        "writable": _writable(request.user, region),
    }
    return render(request, "cockpit/report_list.html", context, status=400 if form.errors else 200)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    writable = _writable(request.user, report.region) and report.is_draft
    form = ReportEditForm(sections=report.sections, initial={"title": report.title})
    if request.method == "POST":
        report = get_report_for_user(request.user, pk, write=True)
        form = ReportEditForm(request.POST, sections=report.sections)
        if form.is_valid():
            try:
                services.report_edit(
                    report=report, by=request.user, title=form.cleaned_data["title"], texts=form.texts()
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The draft was saved."))
                return redirect(report)
    context = {
        "report": report,
        "form": form,
        "writable": writable,
        "can_cancel": _writable(request.user, report.region) and not report.is_cancelled,
        "cancel_form": ReasonForm(),
        "timeline": timeline_for(report),
        "fields": [(section, form[f"text_{section['key']}"]) for section in report.sections],
    }
    return render(request, "cockpit/report_detail.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def report_issue(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, write=True)
    check = services.report_issue_check(report)
    try:
        services.report_issue(report=report, by=request.user, confirmed=is_confirmed(request))
    except ValidationError as exc:
        errors = exc.messages if is_confirmed(request) or not check.allowed else []
        return confirm_page(request, check, back_url=report.get_absolute_url(), errors=errors)
    messages.success(request, _("The report was issued; this version is kept as it is."))
    return redirect(report)


@login_required
@require_POST
def report_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(report)
    try:
        services.report_cancel(report=report, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("The report was cancelled; it stays on record."))
    return redirect(report)


@login_required
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's Word document, built in the background (core.document_jobs): a province's takes seconds."""
    report = get_report_for_user(request.user, pk)
    return document_job_start(
        request,
        ANNUAL_REPORT.name,
        params={"pk": report.pk},
        file_name=f"annual-report-{report.region.code}-{report.year}-v{report.version}.docx",
    )
