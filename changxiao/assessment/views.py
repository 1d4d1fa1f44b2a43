"""Screens of the assessment: the indicator sets (read by everyone signed in)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from changxiao.core.metrics import get_metric

from .models import IndicatorSet


@login_required
def set_list(request: HttpRequest) -> HttpResponse:
    sets = IndicatorSet.objects.annotate(
        indicator_count=Count("indicators"), points=Sum("indicators__max_points")
    )
    return render(request, "assessment/set_list.html", {"sets": sets})


@login_required
def set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator set as a tree: categories, then each indicator's requirement, scoring, points and source."""
    indicator_set = get_object_or_404(IndicatorSet, pk=pk)
    categories = indicator_set.categories.prefetch_related("indicators")
    metric_names = {}
    for indicator in indicator_set.indicators.exclude(metric_code=""):
        metric_names[indicator.metric_code] = get_metric(indicator.metric_code).name
    context = {
        "set": indicator_set,
        "categories": categories,
        "metric_names": metric_names,
        "total": sum(i.max_points for c in categories for i in c.indicators.all()),
        "unverified": indicator_set.indicators.filter(verified=False).count(),
    }
    return render(request, "assessment/set_detail.html", context)
