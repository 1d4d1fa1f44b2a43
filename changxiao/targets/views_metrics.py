"""The records behind each published figure: the same rows the figure was computed from."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from changxiao.orgs.metric_subjects import records_context

from .metrics import (
    IMPLEMENTATION_ON_TIME,
    TASK_ON_TIME,
    counted_implementation_plans,
    counted_tasks,
    on_time_filter,
)


@login_required
def metric_records(request: HttpRequest, code: str) -> HttpResponse:
    if code not in (TASK_ON_TIME, IMPLEMENTATION_ON_TIME):
        raise Http404
    context = records_context(request, code)
    subject, year = context["subject"], context["year"]
    context["code"] = code
    if code == TASK_ON_TIME:
        tasks = (
            counted_tasks(subject, year, request.user)
            .select_related("lead_unit", "plan")
            .order_by("plan", "sort_order", "number", "pk")
        )
        on_time_ids = set(tasks.filter(on_time_filter()).values_list("pk", flat=True))
        page = Paginator(tasks, 100).get_page(request.GET.get("page"))
        context |= {"page": page, "on_time_ids": on_time_ids}
    else:
        context["rows"] = counted_implementation_plans(subject, year, request.user)
    return render(request, "targets/metric_records.html", context)
