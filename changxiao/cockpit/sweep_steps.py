"""Periodic work of the cockpit, run by `manage.py sweep`: the figures of the current year of every jurisdiction down
to the counties are computed before anyone opens a cockpit (at most COMPUTE_BATCH a run), and the kept figures older
than FRESH_FOR are computed again, oldest first and at most REFRESH_BATCH a run — so that the cockpit opens on fresh
figures without computing them while a leader waits. Both are safe to run any number of times."""

from django.utils import timezone

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import all_metrics
from changxiao.core.sweep import sweep_step
from changxiao.orgs.choices import RegionLevel
from changxiao.orgs.models import Region

from .figures import FRESH_FOR, figure_compute
from .models import MetricFigure

# Figures computed again per run: a run every few minutes keeps a province's few thousand figures fresh.
REFRESH_BATCH = 500
COMPUTE_BATCH = 500
# The jurisdictions whose cockpits are computed ahead: a province's 13 cities and 100 counties (townships and units
# are computed when someone drills down to them).
AHEAD_LEVELS = (RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.COUNTY, RegionLevel.ZONE)


@sweep_step("cockpit.compute_figures", order=890)
def compute_missing_figures() -> int:
    year = local_today().year
    metrics = [m for m in all_metrics() if "region" in m.subjects]
    kept = set(
        MetricFigure.objects.filter(year=year, region__isnull=False).values_list("metric_code", "region_id")
    )
    done = 0
    for region in Region.objects.filter(level__in=AHEAD_LEVELS).order_by("path").iterator():
        for metric in metrics:
            if (metric.code, region.pk) in kept:
                continue
            if done >= COMPUTE_BATCH:
                return done
            figure_compute(metric, region, year)
            done += 1
    return done


@sweep_step("cockpit.refresh_figures", order=900)
def refresh_stale_figures() -> int:
    registry = {m.code: m for m in all_metrics()}
    stale = (
        MetricFigure.objects.filter(year=local_today().year, computed_at__lt=timezone.now() - FRESH_FOR)
        .select_related("region", "unit__region")
        .order_by("computed_at", "pk")[:REFRESH_BATCH]
    )
    done = 0
    for figure in stale:
        metric = registry.get(figure.metric_code)
        subject = figure.region or figure.unit
        if metric is None or subject is None:
            continue
        figure_compute(metric, subject, figure.year, figure)
        done += 1
    return done
