from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from changxiao.core.db_router import replica_reads
from changxiao.core.deadlines import local_today
from changxiao.core.metrics import all_metrics, subject_kind
from changxiao.core.workbench import todos_for
from changxiao.orgs.models import Region, Unit
from changxiao.orgs.scope import get_scope

from .figures import FRESH_FOR, figures_for
from .permissions import can_recompute, can_view_cockpit


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    """我的工作台: every to-do of the signed-in person, red first."""
    todos = todos_for(request.user)
    counts = {
        colour: sum(1 for t in todos if t.colour == colour) for colour in ("red", "yellow", "green", "grey")
    }
    memberships = request.user.memberships.active().select_related("unit__region")
    context = {
        "todos": todos,
        "counts": counts,
        "memberships": memberships,
        "scope": get_scope(request.user),
        "sees_cockpit": can_view_cockpit(request.user),
    }
    return render(request, "cockpit/workbench.html", context)


SUBJECT_LEVELS = ("province", "city", "county", "zone")
SUBJECT_UNIT_KINDS = ("department", "district_government", "culture_bureau")


def _metric_subject(request: HttpRequest, regions, units):
    """The region or unit asked for, else the person's outermost jurisdiction, else their first unit."""
    key, _sep, value = request.GET.get("subject", "").partition("-")
    for name, queryset in (("region", regions), ("unit", units)):
        if key == name and value.isdecimal():
            return get_object_or_404(queryset, pk=int(value))
    scope = get_scope(request.user)
    if scope.jurisdiction_paths:
        region = regions.filter(path__in=scope.jurisdiction_paths).order_by("path").first()
        if region is not None:
            return region
    return units.filter(pk__in=scope.unit_ids).first() or regions.order_by("path").first()


@login_required
@replica_reads
def metrics(request: HttpRequest) -> HttpResponse:
    """指标: every figure the mechanisms publish for the assessment, for a jurisdiction or a unit and a year,
    each linked to the records it was computed from; a jurisdiction also shows its sub-jurisdictions."""
    regions = Region.objects.visible_to(request.user).filter(level__in=SUBJECT_LEVELS)
    scope = get_scope(request.user)
    visible_units = Unit.objects.visible_to(request.user)
    subject = _metric_subject(request, regions, visible_units)
    # The menu offers departments, district units and the person's own; any visible unit can be asked for.
    menu_units = Q(kind__in=SUBJECT_UNIT_KINDS) | Q(pk__in=scope.unit_ids)
    if subject is not None and subject_kind(subject) == "unit":
        menu_units |= Q(pk=subject.pk)
    this_year = local_today().year
    years = list(range(this_year, this_year - 5, -1))
    year = int(request.GET["year"]) if request.GET.get("year", "") in {str(y) for y in years} else this_year
    registered = all_metrics()
    rows, children, recompute_allowed = [], [], False
    if subject is not None:
        kind = subject_kind(subject)
        # The subject's own figures as the cockpit keeps them too (computed once when missing, then by the sweep):
        # computing every metric live took 0.7-0.9 s of a city's or a county's opening on a province's data.
        subject_metrics = [m for m in registered if kind in m.subjects]
        own = figures_for(subject_metrics, [subject], year)
        rows = [(m, own[(m.code, kind, subject.pk)]) for m in subject_metrics]
        recompute_allowed = can_recompute(request.user, subject)
        if kind == "region":
            # The sub-jurisdictions' figures as the cockpit keeps them (computed once, then by the sweep): computing
            # every metric for each of a city's counties on every opening took seconds on a province's data.
            region_metrics = [m for m in registered if "region" in m.subjects]
            sub_regions = list(regions.filter(parent=subject).order_by("sort_order", "code"))
            kept = figures_for(region_metrics, sub_regions, year)
            children = [
                (child, [(m, kept[(m.code, "region", child.pk)]) for m in region_metrics])
                for child in sub_regions
            ]
    context = {
        "subject": subject,
        "subject_kind": subject_kind(subject) if subject is not None else "",
        "year": year,
        "years": years,
        "regions": regions.order_by("path"),
        "units": visible_units.filter(menu_units).order_by("sort_order", "code"),
        "rows": rows,
        "children": children,
        "can_recompute": recompute_allowed,
        "fresh_hours": int(FRESH_FOR.total_seconds() // 3600),
        "region_metrics": [m for m in registered if "region" in m.subjects],
    }
    return render(request, "cockpit/metrics.html", context)
