"""Periodic work of the cockpit, run by `manage.py sweep`: the kept figures of the current year that are older than
FRESH_FOR are computed again, oldest first and at most REFRESH_BATCH a run, so that the cockpit opens on fresh
figures without computing them while a leader waits. Safe to run any number of times."""

from django.utils import timezone

from changxiao.core.deadlines import local_today
from changxiao.core.metrics import all_metrics
from changxiao.core.sweep import sweep_step

from .figures import FRESH_FOR, figure_compute
from .models import MetricFigure

# Figures computed again per run: a run every few minutes keeps a province's few thousand figures fresh.
REFRESH_BATCH = 500


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
