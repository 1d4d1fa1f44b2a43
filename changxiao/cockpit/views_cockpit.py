"""领导驾驶舱: the tiles of a jurisdiction or a unit, the warnings across mechanisms, the jurisdictions coloured by a
tile's state, and the drill-down of one figure into its parts. Read by the office, district coordinators and leaders;
the wall-screen mode (?mode=wall) is the same page for a large display, reloaded by static/js/cockpit-wall.js."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.attention import attention_for
from changxiao.core.db_router import replica_reads
from changxiao.core.deadlines import local_today
from changxiao.core.forms import flash_errors
from changxiao.core.metrics import all_metrics, get_metric, metric_year, subject_kind
from changxiao.orgs.choices import RegionLevel
from changxiao.orgs.models import Unit
from changxiao.orgs.scope import ancestor_paths, get_scope

from . import services
from .drilldown import drill, parts_of
from .figures import FRESH_FOR, figures_for, subject_region, tile_target, tiles_for
from .models import Audience, Layout
from .permissions import (
    can_arrange,
    can_recompute,
    can_view_cockpit,
    cockpit_regions,
    get_cockpit_region_for_user,
    get_cockpit_unit_for_user,
    get_layout_for_user,
)

WARNINGS_SHOWN = 30
# The warnings of a jurisdiction are asked of every mechanism at most once a minute per person: the providers search
# the records (a province's findings and feedback), and a leader reloading the cockpit needs no fresher list. A meeting
# snapshot asks them afresh.
WARNINGS_FOR_SECONDS = 60


def _warnings(user, region) -> list:
    key = f"cockpit:warnings:{user.pk}:{region.pk}"
    items = cache.get(key)
    if items is None:
        items = attention_for(user, region.path)
        cache.set(key, items, WARNINGS_FOR_SECONDS)
    return items


def _subject(request: HttpRequest):
    """?unit= or ?region= within the person's cockpit (404 outside), else their outermost jurisdiction."""
    if not can_view_cockpit(request.user):
        raise PermissionDenied
    for key in ("unit", "region"):
        value = request.GET.get(key, "")
        if value.isdecimal():
            if key == "unit":
                return get_cockpit_unit_for_user(request.user, int(value))
            return get_cockpit_region_for_user(request.user, int(value))
    region = cockpit_regions(request.user).order_by("path").first()
    if region is None:
        raise Http404
    return region


def _layout(request: HttpRequest, region) -> Layout | None:
    """?layout= (one the person sees), else the layout for the audience the page is for — the wall screen's on the
    wall, a district leader's below the city, the leading group's for a city — nearest the region (its own, then the
    one above), else the default one nearest it."""
    value = request.GET.get("layout", "")
    if value.isdecimal():
        return get_layout_for_user(request.user, int(value))
    candidates = Layout.objects.visible_to(request.user).filter(region__path__in=ancestor_paths(region.path))
    if request.GET.get("mode") == "wall":
        audience = Audience.WALL_SCREEN
    elif region.level in (RegionLevel.PROVINCE, RegionLevel.CITY):
        audience = Audience.LEADING_GROUP
    else:
        audience = Audience.DISTRICT_LEADER
    ordering = ("-is_default", "-region__path", "pk")
    return (
        candidates.filter(audience=audience).order_by(*ordering).first()
        or candidates.filter(is_default=True).order_by(*ordering).first()
    )


def _trail(user, region) -> list:
    """The jurisdictions from the person's outermost one down to the region (breadcrumbs of the drill-down)."""
    return list(cockpit_regions(user).filter(path__in=ancestor_paths(region.path)).order_by("path"))


def _query(**params) -> str:
    return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


@login_required
@replica_reads
def cockpit(request: HttpRequest) -> HttpResponse:
    subject = _subject(request)
    region = subject_region(subject)
    kind = subject_kind(subject)
    year = metric_year(request.GET, local_today().year)
    layout = _layout(request, region)
    tiles = tiles_for(subject, year, list(layout.tiles.all()) if layout else None)
    children, units = parts_of(request.user, region) if kind == "region" else ([], [])
    grid_code = request.GET.get("grid", "")
    grid_tile = next((t for t in tiles if t.metric.code == grid_code), None) or next(
        (t for t in tiles if "region" in t.metric.subjects), None
    )
    grid = []
    if grid_tile is not None and children:
        found = figures_for([grid_tile.metric], children, year)
        for child in children:
            figure = found[(grid_tile.metric.code, "region", child.pk)]
            target = tile_target(grid_tile.tile, grid_tile.metric, child)
            state = target.state(figure.value) if target else "grey"
            grid.append({"region": child, "figure": figure, "state": state})
    warnings = _warnings(request.user, region) if kind == "region" else []
    wall = request.GET.get("mode") == "wall"
    layouts = Layout.objects.visible_to(request.user).filter(region__path__in=ancestor_paths(region.path))
    context = {
        "subject": subject,
        "subject_kind": kind,
        "region": region,
        "year": year,
        "years": list(range(local_today().year, local_today().year - 5, -1)),
        "layout": layout,
        "layouts": layouts.order_by("region__path", "name"),
        "tiles": tiles,
        "children": children,
        "units": units,
        "grid": grid,
        "grid_tile": grid_tile,
        "warnings": warnings[:WARNINGS_SHOWN],
        "warnings_total": len(warnings),
        "red_count": sum(1 for w in warnings if w.severity == "red"),
        "trail": _trail(request.user, region),
        "wall": wall,
        "fresh_hours": int(FRESH_FOR.total_seconds() // 3600),
        "can_arrange": can_arrange(request.user, region),
        "can_recompute": can_recompute(request.user, region),
        "read_only": get_scope(request.user).read_only,
        "layout_param": layout.pk if layout and request.GET.get("layout") else "",
    }
    return render(request, "cockpit/cockpit_wall.html" if wall else "cockpit/cockpit.html", context)


@login_required
@replica_reads
def figure(request: HttpRequest, code: str) -> HttpResponse:
    """One figure drilled into its parts (by mechanism: the same metric down the jurisdictions)."""
    try:
        metric = get_metric(code)
    except KeyError:
        raise Http404 from None
    subject = _subject(request)
    if subject_kind(subject) == "unit":
        return redirect(reverse("cockpit:cockpit") + _query(unit=subject.pk, year=request.GET.get("year")))
    year = metric_year(request.GET, local_today().year)
    data = drill(request.user, metric, subject, year)
    target = tile_target(None, metric, subject)
    order = request.GET.get("order", "place")
    rows = data["rows"]
    if order == "value":
        reverse_sort = target is None or target.direction == "higher"
        rows = sorted(
            rows,
            key=lambda r: (r[1].value is None, -(r[1].value or 0) if reverse_sort else (r[1].value or 0)),
        )
    context = {
        "metric": metric,
        "subject": subject,
        "year": year,
        "target": target,
        "whole": data["whole"],
        "rows": [
            {
                "part": part,
                "kind": subject_kind(part),
                "figure": fig,
                "state": target.state(fig.value) if target else "grey",
            }
            for part, fig in rows
        ],
        "sum": data["sum"],
        "order": order,
        "trail": _trail(request.user, subject),
        "metrics": [m for m in all_metrics() if "region" in m.subjects],
    }
    return render(request, "cockpit/figure.html", context)


@login_required
@require_POST
def figures_recompute(request: HttpRequest) -> HttpResponse:
    """The office or a district coordinator computes a jurisdiction's or a unit's figures again now; a unit's own
    people its figures (permissions.can_recompute)."""
    unit = request.GET.get("unit", "")
    if unit.isdecimal():  # any unit the person sees, their own included: the metrics page shows it to them
        subject = get_object_or_404(
            Unit.objects.visible_to(request.user).select_related("region"), pk=int(unit)
        )
    else:
        subject = _subject(request)
    year = metric_year(request.GET, local_today().year)
    if not can_recompute(request.user, subject):
        raise PermissionDenied
    try:
        count = services.figures_recompute(by=request.user, subject=subject, year=year)
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, _("%(count)s figures computed again.") % {"count": count})
    if request.GET.get("back") == "metrics":
        subject_param = f"{subject_kind(subject)}-{subject.pk}"
        return redirect(reverse("cockpit:metrics") + _query(subject=subject_param, year=year))
    return redirect(reverse("cockpit:cockpit") + _query(**{subject_kind(subject): subject.pk, "year": year}))
