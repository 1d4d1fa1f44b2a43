"""Pages of the funding guarantees: the office's table of all jurisdictions, a jurisdiction's page with its
multi-year charts, the entry and revision of figures, a version's page (the evidence of a revision), the settings
(rules, averages, the reporting unit, minimum shares), publication, the Word section, the publicity resources and
the records behind the metrics; and the public pages of what the office published. Thin: access helper → form →
one service → redirect or render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.db_router import replica_reads
from changxiao.core.documents import docx_response
from changxiao.core.forms import add_service_errors, flash_errors, flash_form_errors
from changxiao.core.imports import get_import
from changxiao.core.models import Attachment
from changxiao.core.ratelimit import rate_limit
from changxiao.core.timeline import timeline_for
from changxiao.orgs.metric_subjects import records_context
from changxiao.orgs.models import Unit
from changxiao.orgs.owned import keeping_region, keeping_regions
from changxiao.orgs.scope import within

from . import charts, documents, metrics, queries, rules, services
from .choices import CheckState, Stage
from .forms import (
    AverageForm,
    FiguresForm,
    MinimumForm,
    PublishForm,
    ReasonForm,
    ReporterForm,
    ReportForm,
    RuleForm,
)
from .models import (
    AdMinimum,
    AdReport,
    FiscalPublication,
    FiscalRecord,
    FiscalReporter,
    FundingRule,
    ProvincialAverage,
)
from .permissions import (
    can_enter_figures,
    can_publish,
    get_public_region,
    get_publication_for_user,
    get_record_for_user,
    get_region_for_user,
    get_report_for_user,
    get_rule_for_user,
    reporting_units,
)

# --- The office's table and a jurisdiction's page --------------------------------------------------------------


@login_required
@replica_reads
def overview(request: HttpRequest) -> HttpResponse:
    root = queries.root_region(request.user, request.GET)
    year = queries.year_of(request.GET)
    rule_list, rows = queries.jurisdiction_table(request.user, root, year)
    table = [{"row": row, "cells": [_cell(row.checks.get(rule.pk)) for rule in rule_list]} for row in rows]
    context = {
        "root": root,
        "year": year,
        "years": range(year - 4, year + 2),
        "rules": rule_list,
        "table": table,
        "chart": charts.table_chart(rows, year),
        "can_import": get_import("funding-figures").can_import(request.user),
    }
    return render(request, "funding/overview.html", context)


# The badge of each result, as funding/_state.html draws it; the office's table draws it inline (hundreds of cells).
BADGES = {
    CheckState.MET: "text-bg-success",
    CheckState.NOT_MET: "text-bg-danger",
    CheckState.UNKNOWN: "text-bg-secondary",
}


def _cell(check) -> str:
    """One result of the office's table as HTML (escaped): built here, as hundreds of template nodes per page would
    cost most of its time (python -m bench funding)."""
    if check is None:
        return format_html('<span class="text-secondary">—</span>')
    html = format_html('<span class="badge {}">{}</span>', BADGES[check.state], CheckState(check.state).label)
    html += format_html_join(
        "",
        '<span class="d-block">{}</span>',
        ((line,) for line in rules.explain_all(check.rule.kind, check.detail)),
    )
    if check.finding_url:
        html += format_html(
            '<a class="d-block" href="{}">{}</a>',
            check.finding_url,
            _("Finding %(ref)s") % {"ref": check.finding_id},
        )
        if check.finding_outcome:
            html += format_html('<span class="d-block text-secondary">{}</span>', check.finding_outcome_label)
    return html


@login_required
def region_page(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_region_for_user(request.user, pk)
    lines = queries.history(region)
    year = queries.year_of(request.GET, lines[-1].year if lines else queries.default_year())
    checks = [
        {"check": check, "lines": rules.explain_all(check.rule.kind, check.detail)}
        for check in queries.checks_of(region)
    ]
    publications = FiscalPublication.objects.filter(region=region).order_by("-year", "-published_at")
    context = {
        "region": region,
        "year": year,
        "lines": list(reversed(lines)),
        "charts": charts.region_charts(lines),
        "checks": checks,
        "not_met": sum(1 for c in checks if c["check"].state == CheckState.NOT_MET),
        "can_enter": can_enter_figures(request.user, region),
        "can_publish": can_publish(request.user, region),
        "publications": publications,
        "publish_form": PublishForm(initial={"year": year}),
        "withdraw_form": ReasonForm(),
    }
    return render(request, "funding/region.html", context)


@login_required
def figures_enter(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    region = get_region_for_user(request.user, pk, write=True)
    if stage not in Stage.values:
        raise Http404
    initial = {"culture_item_name": "文化旅游体育与传媒支出"}
    revising = None
    year_value = request.GET.get("year", "")
    if year_value.isdecimal() and len(year_value) == 4:
        revising = (
            FiscalRecord.objects.current().filter(region=region, stage=stage, year=int(year_value)).first()
        )
        initial["year"] = int(year_value)
        if revising is not None:
            initial.update(
                {
                    field: getattr(revising, field)
                    for field in (
                        "regular_revenue",
                        "general_expenditure",
                        "culture_spending",
                        "culture_item_name",
                        "mechanism_funds",
                        "population",
                        "population_source",
                        "source_document",
                    )
                }
            )
    form = FiguresForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("document", None)
        try:
            record = services.figures_enter(
                region=region, by=request.user, stage=stage, documents=[upload] if upload else [], **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The figures are saved and the rules checked again."))
            if (
                not FiscalRecord.objects.current()
                .filter(region=region, stage=stage, year=record.year - 1)
                .exists()
            ):
                messages.warning(
                    request,
                    _(
                        "There are no %(stage)s of %(year)s: the growth of %(next)s cannot be checked until they are "
                        "entered."
                    )
                    % {"stage": Stage(stage).label, "year": record.year - 1, "next": record.year},
                )
            return redirect(reverse("funding:region", args=[region.pk]) + f"?year={record.year}")
    return render(
        request,
        "funding/figures_form.html",
        {"region": region, "stage": Stage(stage), "form": form, "revising": revising},
    )


@login_required
def record_page(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for_user(request.user, pk)
    versions = FiscalRecord.objects.filter(
        region=record.region, year=record.year, stage=record.stage
    ).select_related("entered_by")
    return render(
        request,
        "funding/record.html",
        {
            "record": record,
            "versions": versions.order_by("-version"),
            "timeline": timeline_for(record),
            "attachments": Attachment.objects.for_object(record),
            "can_enter": can_enter_figures(request.user, record.region) and record.is_current,
            "cancel_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def record_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_record_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.figures_cancel(record=record, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The figures are cancelled and the rules checked again."))
            return redirect(reverse("funding:region", args=[record.region_id]) + f"?year={record.year}")
    else:
        flash_form_errors(request, form)
    return redirect(record.get_absolute_url())


# --- Publication ------------------------------------------------------------------------------------------------


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_region_for_user(request.user, pk)
    if not can_publish(request.user, region):
        raise PermissionDenied
    form = PublishForm(request.POST)
    back = reverse("funding:region", args=[region.pk])
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(back)
    year = form.cleaned_data["year"]
    if not is_confirmed(request):
        return confirm_page(request, services.publication_check(region=region, year=year), back_url=back)
    try:
        services.publication_publish(region=region, year=year, by=request.user, confirmed=True)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The figures are published."))
    return redirect(back + f"?year={year}")


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_publication_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.publication_withdraw(
                publication=publication, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The publication is withdrawn."))
    else:
        flash_form_errors(request, form)
    return redirect("funding:region", publication.region_id)


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_region_for_user(request.user, pk)
    year = queries.year_of(request.GET)
    context = documents.funding_section(region, year)
    return docx_response(
        "funding/funding_section.docx", context, filename=f"funding-{region.code}-{year}.docx"
    )


# --- Settings ---------------------------------------------------------------------------------------------------


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    owner = keeping_region(request.user, request.GET.get("region"))
    return _settings(request, owner)


def _settings(request, owner, **forms) -> HttpResponse:
    province = services.province_of(owner)
    context = {
        "owner": owner,
        "regions": keeping_regions(request.user),
        "rules": FundingRule.objects.filter(owner=owner).order_by("-is_active", "code"),
        "inherited": FundingRule.objects.applying_in(owner).exclude(owner=owner).filter(is_active=True),
        "reporters": FiscalReporter.objects.filter(owner=owner).select_related("unit"),
        "averages": ProvincialAverage.objects.filter(province=province).order_by("-year", "-entered_at")
        if province
        else [],
        "province": province,
        "minimums": AdMinimum.objects.applying_in(owner).select_related("owner"),
        "rule_form": forms.get("rule_form") or RuleForm(),
        "average_form": forms.get("average_form") or AverageForm(),
        "reporter_form": forms.get("reporter_form") or ReporterForm(units=_reporter_units(owner)),
        "minimum_form": forms.get("minimum_form") or MinimumForm(),
        "retire_form": ReasonForm(),
    }
    return render(request, "funding/settings.html", context)


def _reporter_units(owner):
    return Unit.objects.active().filter(within(owner, "region__path")).order_by("region__path", "code")


def _settings_url(owner) -> str:
    return reverse("funding:settings") + f"?region={owner.pk}"


@login_required
@require_POST
def rule_add(request: HttpRequest) -> HttpResponse:
    owner = keeping_region(request.user, request.GET.get("region"))
    form = RuleForm(request.POST)
    if form.is_valid():
        try:
            services.rule_create(owner=owner, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The rule is added and checked in every jurisdiction it applies to."))
            return redirect(_settings_url(owner))
    return _settings(request, owner, rule_form=form)


@login_required
@require_POST
def rule_retire(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_rule_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.rule_retire(rule=rule, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        flash_form_errors(request, form)
    return redirect(_settings_url(rule.owner))


@login_required
@require_POST
def average_add(request: HttpRequest) -> HttpResponse:
    owner = keeping_region(request.user, request.GET.get("region"))
    province = services.province_of(owner)
    if province is None:
        raise Http404
    form = AverageForm(request.POST)
    if form.is_valid():
        try:
            services.average_enter(province=province, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The provincial average is saved and the per-capita rules checked again.")
            )
            return redirect(_settings_url(owner))
    return _settings(request, owner, average_form=form)


@login_required
@require_POST
def reporter_add(request: HttpRequest) -> HttpResponse:
    owner = keeping_region(request.user, request.GET.get("region"))
    form = ReporterForm(request.POST, units=_reporter_units(owner))
    if form.is_valid():
        try:
            services.reporter_designate(owner=owner, unit=form.cleaned_data["unit"], by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(_settings_url(owner))
    return _settings(request, owner, reporter_form=form)


@login_required
@require_POST
def minimum_add(request: HttpRequest) -> HttpResponse:
    owner = keeping_region(request.user, request.GET.get("region"))
    form = MinimumForm(request.POST)
    if form.is_valid():
        try:
            services.minimum_set(owner=owner, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(_settings_url(owner))
    return _settings(request, owner, minimum_form=form)


# --- Publicity resources ----------------------------------------------------------------------------------------


@login_required
def resources(request: HttpRequest, form: ReportForm | None = None) -> HttpResponse:
    units = reporting_units(request.user)
    reports = AdReport.objects.visible_to(request.user).select_related("unit")
    unit_value = request.GET.get("unit", "")
    if unit_value.isdecimal() and len(unit_value) <= 18:
        reports = reports.filter(unit_id=int(unit_value))
    page = Paginator(reports.order_by("-period_start", "unit__code", "pk"), 50).get_page(
        request.GET.get("page")
    )
    can_report = units.exists()
    return render(
        request,
        "funding/resources.html",
        {
            "page": page,
            "form": form or (ReportForm(units=units) if can_report else None),
            "cancel_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def resource_add(request: HttpRequest) -> HttpResponse:
    units = reporting_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = ReportForm(request.POST, units=units)
    if form.is_valid():
        try:
            report = services.resources_report(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if report.is_short:
                messages.warning(
                    request, _("The share is short of the minimum: a supervision finding is opened.")
                )
            else:
                messages.success(request, _("The report is saved."))
            return redirect("funding:resources")
    return resources(request, form=form)


@login_required
@require_POST
def resource_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.resources_cancel(report=report, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            flash_errors(request, exc)
    else:
        flash_form_errors(request, form)
    return redirect("funding:resources")


# --- Metric records ---------------------------------------------------------------------------------------------


@login_required
def metric_records(request: HttpRequest, code: str) -> HttpResponse:
    if code not in metrics.CODES:
        raise Http404
    context = records_context(request, code)
    if context["subject_kind"] != "region":
        raise Http404
    region, year = context["subject"], context["year"]
    context["checks"] = [
        {"check": check, "lines": rules.explain_all(check.rule.kind, check.detail)}
        for check in metrics.check_rows(region, year, request.user).select_related("rule")
    ]
    context["records"] = metrics.record_rows(region, year, request.user).order_by("-year")
    return render(request, "funding/metric_records.html", context)


# --- Public -----------------------------------------------------------------------------------------------------


@rate_limit("public-read", limit=120)
def public_index(request: HttpRequest) -> HttpResponse:
    publications = (
        FiscalPublication.objects.standing().select_related("region").order_by("region__path", "-year")
    )
    return render(request, "funding/public_index.html", {"publications": publications[:500]})


@rate_limit("public-read", limit=120)
def public_region(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    region = get_public_region(pk, year)
    records = FiscalRecord.objects.current().filter(region=region, year=year).order_by("stage")
    checks = [
        {"check": check, "lines": rules.explain_all(check.rule.kind, check.detail)}
        for check in queries.checks_of(region, year)
    ]
    return render(
        request,
        "funding/public_region.html",
        {"region": region, "year": year, "records": records, "checks": checks},
    )
