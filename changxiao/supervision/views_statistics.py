"""Screens of supervision — figures and settings: the rectification statistics, the records behind each published
metric, and the escalation ladder each office sets for its jurisdiction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from changxiao.core.charts import bar_chart
from changxiao.core.deadlines import local_today
from changxiao.core.metrics import metric_year
from changxiao.orgs.metric_subjects import records_context

from . import metrics, services
from .escalation import policy_for
from .forms import EscalationPolicyForm
from .models import EscalationPolicy, Finding
from .permissions import get_policy_region_for_user, policy_regions
from .statistics import finding_statistics

# Rows of the by-unit table a page (a city's units with findings run to thousands).
UNITS_PAGE_SIZE = 50
RECORDS_PAGE_SIZE = 100


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
    # The by-unit table is paged, the units with the most overdue first.
    page = Paginator(stats.pop("by_unit"), UNITS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"year": year, "years": years, "page": page, "querystring": f"year={year}", **stats, **charts}
    return render(request, "supervision/statistics.html", context)


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
        context["page"] = Paginator(records.order_by("-decided_on", "-pk"), RECORDS_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    else:
        if code == metrics.RECTIFIED_ON_TIME:
            findings = metrics.counted_findings(subject, year, request.user)
        else:
            findings = metrics.overdue_findings(subject, year, request.user)
        findings = findings.select_related("lead_unit", "inspection").order_by("due_date", "pk")
        context["page"] = page = Paginator(findings, RECORDS_PAGE_SIZE).get_page(request.GET.get("page"))
        if code == metrics.RECTIFIED_ON_TIME:
            # Which of the page's findings were rectified on time (of a city's year, tens of thousands are).
            context["on_time_ids"] = set(
                findings.filter(metrics.rectified_on_time_filter(), pk__in=[f.pk for f in page]).values_list(
                    "pk", flat=True
                )
            )
    return render(request, "supervision/metric_records.html", context)


@login_required
def escalation_policy(request: HttpRequest) -> HttpResponse:
    """The office sets the escalation ladder of its jurisdiction."""
    regions = policy_regions(request.user)
    if not regions.exists():
        raise PermissionDenied
    value = request.GET.get("region", "")
    region = (
        get_policy_region_for_user(request.user, int(value))
        if value.isdecimal()
        else regions.order_by("path").first()
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
