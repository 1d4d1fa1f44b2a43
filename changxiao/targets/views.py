"""Screens of the target-responsibility system: thin views over services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.charts import bar_chart
from changxiao.core.confirmation import confirm_page, is_confirmed
from changxiao.core.db_router import replica_reads
from changxiao.core.deadlines import local_today
from changxiao.core.documents import docx_file_response
from changxiao.core.forms import add_service_errors, flash_errors, flash_form_errors
from changxiao.core.models import Attachment
from changxiao.core.timeline import changed_fields_comment, timeline_for
from changxiao.core.views_extensions import extension_decide_view, extension_panel, extension_request_view
from changxiao.orgs.permissions import can_manage_organization
from changxiao.orgs.scope import get_scope

from . import notice_document, queries, services
from .choices import REPORTED_PERCENT_MAX, TaskStatus, periods_of_year
from .forms import (
    CompletionDecisionForm,
    CompletionRequestForm,
    ContributionForm,
    MilestoneForm,
    ProgressForm,
    ReasonForm,
    ReportForm,
    ReviewForm,
    TaskFilterForm,
    TaskForm,
    WorkPlanForm,
)
from .implementation import current_measures_for
from .models import CompletionRequest, ProgressReport, Task, WorkPlan
from .permissions import (
    can_decide_completion,
    can_manage_plan,
    can_report,
    can_update_progress,
    get_completion_for_user,
    get_milestone_for_user,
    get_plan_for_user,
    get_report_for_user,
    get_task_for_user,
)
from .statistics import plan_statistics, visible_plan_tasks

PAGE_SIZE = 50


def _querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _status_counts(tasks) -> dict[str, int]:
    today = local_today()
    counts = tasks.aggregate(
        total=Count("pk"),
        not_started=Count("pk", filter=Q(status=TaskStatus.NOT_STARTED)),
        in_progress=Count("pk", filter=Q(status=TaskStatus.IN_PROGRESS)),
        awaiting=Count("pk", filter=Q(status=TaskStatus.AWAITING_ACCEPTANCE)),
        completed=Count("pk", filter=Q(status=TaskStatus.COMPLETED)),
        overdue=Count(
            "pk",
            filter=Q(due_date__lt=today)
            & ~Q(status__in=[TaskStatus.COMPLETED, TaskStatus.AWAITING_ACCEPTANCE]),
        ),
    )
    return counts


@login_required
@replica_reads
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = queries.plans_for_list(request.user)
    return render(
        request,
        "targets/plan_list.html",
        {
            "plans": plans,
            "cancelled_plans": WorkPlan.objects.visible_to(request.user).cancelled().select_related("region"),
            "can_create": can_manage_organization(request.user),
        },
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    if not can_manage_organization(request.user):
        raise PermissionDenied
    form = WorkPlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Work plan “%(title)s” was created.") % {"title": plan.title})
            return redirect(plan)
    return render(request, "targets/plan_form.html", {"form": form})


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    form = WorkPlanForm(request.POST or None, instance=plan, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=form.save(commit=False), by=request.user, changes_comment=changed_fields_comment(form)
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(plan)
    return render(request, "targets/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan board: the plan's tasks with filters and counts by status."""
    plan = get_plan_for_user(request.user, pk)
    form = TaskFilterForm(request.GET, user=request.user, plan=plan)
    tasks = queries.tasks_for_board(request.user, request.GET, plan)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "plan": plan,
        "form": form,
        "page": page,
        "counts": _status_counts(Task.objects.visible_to(request.user).current().filter(plan=plan)),
        "cancel_form": ReasonForm(prefix="cancel"),
        "querystring": _querystring_without_page(request),
        "can_manage": can_manage_plan(request.user, plan) and not plan.is_cancelled,
        "timeline": timeline_for(plan)[:20],
    }
    return render(request, "targets/plan_detail.html", context)


@login_required
def my_tasks(request: HttpRequest) -> HttpResponse:
    """Each unit's own task list: what it leads and what it cooperates on."""
    unit_ids = get_scope(request.user).unit_ids
    tasks = (
        Task.objects.filter(Q(lead_unit_id__in=unit_ids) | Q(cooperating_units__in=unit_ids))
        .distinct()
        .select_related("plan", "lead_unit")
        .prefetch_related("cooperating_units")
        .order_by("status", "due_date", "pk")
    )
    form = TaskFilterForm(request.GET, user=request.user)
    tasks = form.filter(tasks)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "targets/my_tasks.html",
        {"page": page, "form": form, "querystring": _querystring_without_page(request), "unit_ids": unit_ids},
    )


@login_required
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request.user, pk, write=True)
    initial = {"parent": request.GET.get("parent")} if request.GET.get("parent", "").isdecimal() else {}
    form = TaskForm(request.POST or None, user=request.user, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        task = form.save(commit=False)
        task.plan = plan
        try:
            services.task_create(
                by=request.user, task=task, cooperating_units=list(form.cleaned_data["cooperating_units"])
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Task “%(title)s” was added.") % {"title": task.title})
            return redirect(task)
    return render(request, "targets/task_form.html", {"form": form, "plan": plan})


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for_user(request.user, pk, write=True)
    form = TaskForm(request.POST or None, instance=task, user=request.user, plan=task.plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.task_update(
                task=form.save(commit=False),
                by=request.user,
                cooperating_units=list(form.cleaned_data["cooperating_units"]),
                changes_comment=changed_fields_comment(form),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(task)
    return render(request, "targets/task_form.html", {"form": form, "plan": task.plan, "task": task})


def _report_form(task: Task, data=None, files=None) -> ReportForm:
    periods = periods_of_year(task.plan.report_schedule, task.plan.year, local_today())
    return ReportForm(data, files, periods=periods, prefix="report")


def _contributing_units(user, task: Task):
    return task.cooperating_units.filter(pk__in=get_scope(user).acting_unit_ids)


def _task_page(request: HttpRequest, task: Task, *, status: int = 200, **bound_forms) -> HttpResponse:
    """The task's page. A form that failed validation comes back bound (in `bound_forms`), with everything the person
    typed and its errors, instead of being lost in a redirect."""
    user = request.user
    reports = task.reports.select_related("submitted_by", "reviewed_by").prefetch_related(
        "contributions__unit"
    )
    contributing_units = _contributing_units(user, task)
    open_task = not task.is_cancelled and task.status not in (
        TaskStatus.COMPLETED,
        TaskStatus.AWAITING_ACCEPTANCE,
    )
    reporter = can_report(user, task) and not task.is_cancelled and task.status != TaskStatus.COMPLETED
    can_manage = can_manage_plan(user, task.plan) and not task.is_cancelled
    completions = task.completion_requests.select_related("requested_by", "decided_by")
    forms = {
        "report_form": _report_form(task),
        "progress_form": ProgressForm(initial={"percent": min(task.percent, REPORTED_PERCENT_MAX)}),
        "completion_form": CompletionRequestForm(prefix="completion"),
        "contribution_form": ContributionForm(units=contributing_units, prefix="contribution")
        if contributing_units
        else None,
        "cancel_form": ReasonForm(prefix="cancel"),
        "reopen_form": ReasonForm(prefix="reopen"),
        "withdraw_form": ReasonForm(prefix="withdraw"),
        "milestone_form": MilestoneForm(),
        "completion_decision_form": CompletionDecisionForm(),
        **bound_forms,
    }
    context = {
        **forms,
        "reports": reports,
        "report_files": _attachments_by_report(reports),
        "can_report": reporter,
        "review_form": ReviewForm(),
        "extension_panel": extension_panel(
            request, task, workflow=services.TASK_EXTENSIONS, forms=bound_forms
        ),
        "open_report": next(
            (
                r
                for r in reports
                if r.state in (ProgressReport.State.SUBMITTED, ProgressReport.State.RETURNED)
            ),
            None,
        ),
        "task": task,
        "cooperating_units": task.cooperating_units.all(),
        "children": task.children.select_related("lead_unit"),
        "milestones": task.milestones.all(),
        "progress_entries": task.progress_entries.select_related("created_by")[:20],
        "timeline": timeline_for(task),
        "can_manage": can_manage,
        "can_update": can_update_progress(user, task) and open_task and not task.children.exists(),
        "can_request_completion": reporter and open_task and not task.children.exists(),
        "completions": completions,
        "completion_files": _attachments_by_owner(CompletionRequest, completions),
        "decidable": [c.pk for c in completions if c.state == "submitted" and can_decide_completion(user, c)],
        "can_reopen": can_manage and task.status == TaskStatus.COMPLETED and not task.children.exists(),
        "measures": current_measures_for(task, user),
    }
    return render(request, "targets/task_detail.html", context, status=status)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_page(request, get_task_for_user(request.user, pk))


def _refused(request: HttpRequest, task: Task, form, exc: ValidationError, name: str) -> HttpResponse:
    """Show a service's refusal on the form that asked, keeping what was typed."""
    add_service_errors(form, exc)
    return _task_page(request, task, status=400, **{name: form})


def _refused_page(request: HttpRequest, task: Task, **bound_forms) -> HttpResponse:
    """The task's page with a refused form as it was typed (core.views_extensions draws it so)."""
    return _task_page(request, task, status=400, **bound_forms)


@login_required
@require_POST
def task_progress(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for_user(request.user, pk)
    if not can_update_progress(request.user, task):
        raise PermissionDenied
    form = ProgressForm(request.POST)
    if not form.is_valid():
        return _task_page(request, task, status=400, progress_form=form)
    try:
        services.task_record_progress(task=task, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, task, form, exc, "progress_form")
    messages.success(request, _("Progress recorded."))
    return redirect(task)


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for_user(request.user, pk, write=True)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_add(task=task, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            return _refused(request, task, form, exc, "milestone_form")
        messages.success(request, _("Milestone added."))
        return redirect(task)
    return _task_page(request, task, status=400, milestone_form=form)


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_milestone_for_user(request.user, pk)
    services.milestone_mark_done(milestone=milestone, by=request.user)
    messages.success(request, _("Milestone completed."))
    return redirect(milestone.task)


def _attachments_by_owner(model, owners) -> dict[int, list[Attachment]]:
    files: dict[int, list[Attachment]] = {}
    content_type = ContentType.objects.get_for_model(model)
    for attachment in Attachment.objects.filter(
        content_type=content_type, object_id__in=[str(o.pk) for o in owners]
    ):
        files.setdefault(int(attachment.object_id), []).append(attachment)
    return files


def _attachments_by_report(reports) -> dict[int, list[Attachment]]:
    """Each report's evidence as submitted in its current revision: the files of a returned or withdrawn revision
    stay on the task's timeline, not in the accepted report."""
    reports = list(reports)
    submitted_at = {r.pk: r.submitted_at for r in reports}
    return {
        pk: [a for a in files if a.uploaded_at >= submitted_at[pk]]
        for pk, files in _attachments_by_owner(ProgressReport, reports).items()
    }


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for_user(request.user, pk)
    if not can_report(request.user, task):
        raise PermissionDenied
    form = _report_form(task, request.POST, request.FILES)
    if not form.is_valid():
        return _task_page(request, task, status=400, report_form=form)
    data = form.cleaned_data
    try:
        services.report_submit(
            task=task,
            by=request.user,
            period=data["period"],
            percent=data["percent"],
            narrative=data["narrative"],
            files=request.FILES.getlist("report-files"),
        )
    except ValidationError as exc:
        return _refused(request, task, form, exc, "report_form")
    messages.success(request, _("Progress report submitted."))
    return redirect(task)


@login_required
@require_POST
def report_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    if not can_report(request.user, report.task):
        raise PermissionDenied
    form = ReasonForm(request.POST, prefix="withdraw")
    if not form.is_valid():
        return _task_page(request, report.task, status=400, withdraw_form=form)
    try:
        services.report_withdraw(report=report, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return _refused(request, report.task, form, exc, "withdraw_form")
    messages.success(request, _("Report withdrawn: you may submit the period's report again."))
    return redirect(report.task)


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(report.task)
    try:
        if form.cleaned_data["decision"] == "accept":
            services.report_accept(report=report, by=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, _("Report accepted."))
        else:
            services.report_return(report=report, by=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, _("Report returned for revision."))
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    return redirect(report.task)


@login_required
@require_POST
def report_contribute(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    units = _contributing_units(request.user, report.task)
    if not units.exists():
        raise PermissionDenied
    form = ContributionForm(request.POST, units=units, prefix="contribution")
    if not form.is_valid():
        return _task_page(request, report.task, status=400, contribution_form=form)
    try:
        services.report_contribute(report=report, by=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, report.task, form, exc, "contribution_form")
    messages.success(request, _("Contribution added."))
    return redirect(report.task)


@login_required
@require_POST
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    return extension_request_view(
        request, get_task_for_user(request.user, pk), workflow=services.TASK_EXTENSIONS, page=_refused_page
    )


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return extension_decide_view(request, pk, workflow=services.TASK_EXTENSIONS, page=_refused_page)


@login_required
@require_POST
def completion_request(request: HttpRequest, pk: int) -> HttpResponse:
    """销号申请: the lead unit sends what was done with its evidence."""
    task = get_task_for_user(request.user, pk)
    if not can_report(request.user, task):
        raise PermissionDenied
    form = CompletionRequestForm(request.POST, prefix="completion")
    if not form.is_valid():
        return _task_page(request, task, status=400, completion_form=form)
    try:
        services.task_request_completion(
            task=task,
            by=request.user,
            summary=form.cleaned_data["summary"],
            evidence=request.FILES.getlist("completion-evidence"),
        )
    except ValidationError as exc:
        return _refused(request, task, form, exc, "completion_form")
    messages.success(request, _("Completion requested: the office will review the evidence."))
    return redirect(task)


@login_required
@require_POST
def completion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    completion = get_completion_for_user(request.user, pk)
    form = CompletionDecisionForm(request.POST)
    if not form.is_valid():
        return _task_page(request, completion.task, status=400, completion_decision_form=form)
    try:
        if form.cleaned_data["decision"] == "accept":
            services.completion_accept(
                completion=completion, by=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Completion accepted: the task is completed."))
        else:
            services.completion_return(
                completion=completion, by=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Completion request returned."))
    except ValidationError as exc:
        return _refused(request, completion.task, form, exc, "completion_decision_form")
    return redirect(completion.task)


@login_required
@require_POST
def task_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The office withdraws a completion it accepted, with the reason."""
    task = get_task_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST, prefix="reopen")
    if not form.is_valid():
        return _task_page(request, task, status=400, reopen_form=form)
    try:
        services.task_reopen(task=task, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return _refused(request, task, form, exc, "reopen_form")
    messages.success(request, _("The completion was withdrawn: the task is open again."))
    return redirect(task)


@login_required
@require_POST
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """作废: a task entered by mistake, after the office has seen what cancelling it does and confirmed."""
    task = get_task_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST, prefix="cancel")
    if not form.is_valid():
        return _task_page(request, task, status=400, cancel_form=form)
    check = services.task_cancel_check(task)
    check.consequences.insert(
        0, _("Reason for cancelling: %(reason)s") % {"reason": form.cleaned_data["reason"]}
    )
    try:
        services.task_cancel(
            task=task, by=request.user, reason=form.cleaned_data["reason"], confirmed=is_confirmed(request)
        )
    except ValidationError as exc:
        if is_confirmed(request) or not check.allowed:
            return _refused(request, task, form, exc, "cancel_form")
        return confirm_page(request, check, back_url=task.get_absolute_url())
    messages.success(request, _("The task was cancelled; it stays on record."))
    return redirect(task)


@login_required
@require_POST
def plan_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """作废: a plan made by mistake, with every task in it, after confirmation."""
    plan = get_plan_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST, prefix="cancel")
    check = services.plan_cancel_check(plan)
    if not form.is_valid():
        # Nothing to confirm without a reason: the page says so and leads back to the plan.
        check.refusals.extend(form.errors.get("reason", []))
        return confirm_page(request, check, back_url=plan.get_absolute_url(), status=400)
    check.consequences.insert(
        0, _("Reason for cancelling: %(reason)s") % {"reason": form.cleaned_data["reason"]}
    )
    try:
        services.plan_cancel(
            plan=plan, by=request.user, reason=form.cleaned_data["reason"], confirmed=is_confirmed(request)
        )
    except ValidationError as exc:
        errors = exc.messages if is_confirmed(request) or not check.allowed else []
        return confirm_page(request, check, back_url=plan.get_absolute_url(), errors=errors)
    messages.success(request, _("The plan was cancelled with its tasks; it stays on record."))
    return redirect(plan)


@login_required
def plan_statistics_view(request: HttpRequest, pk: int) -> HttpResponse:
    """完成情况统计: completion and on-time rates by mechanism, by district and by lead unit, with charts."""
    plan = get_plan_for_user(request.user, pk)
    stats = plan_statistics(visible_plan_tasks(request.user, plan), local_today())
    charts = {
        "mechanism_chart": bar_chart(
            categories=[r.label for r in stats["by_mechanism"]],
            values=[r.completion_rate or 0 for r in stats["by_mechanism"]],
            series_name=_("Completion rate"),
            unit="%",
        ),
        "district_chart": bar_chart(
            categories=[r.label for r in stats["by_district"]],
            values=[r.on_time_rate or 0 for r in stats["by_district"]],
            series_name=_("On-time rate"),
            unit="%",
        ),
    }
    return render(request, "targets/plan_statistics.html", {"plan": plan, **stats, **charts})


@login_required
def plan_notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """任务分解通知: the plan's task breakdown as a Word document to send to the units."""
    plan = get_plan_for_user(request.user, pk, write=True)
    return docx_file_response(
        notice_document.task_notice(plan), filename=f"task-notice-{plan.year}-{plan.pk}.docx"
    )
