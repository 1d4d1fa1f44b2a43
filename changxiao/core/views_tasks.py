"""The background-work page: what the queue holds, what runs, what failed and why, what was retried (core.tasks)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .pagination import NewestPaginator
from .permissions import require
from .tasks import can_see_tasks, queue_summary, task_results, task_rows

STATUSES = ("READY", "RUNNING", "FAILED", "SUCCESSFUL")


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    require(can_see_tasks(request.user))
    status = request.GET.get("status", "")
    results = task_results().order_by("-enqueued_at")
    if status in STATUSES:
        results = results.filter(status=status)
    else:
        status = ""
    page = NewestPaginator(results, 50, cap=5000).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": task_rows(page.object_list),
        "summary": queue_summary(),
        "status": status,
        "querystring": f"status={status}" if status else "",
        "max_attempts": settings.TASK_MAX_ATTEMPTS,
    }
    return render(request, "core/tasks.html", context)
