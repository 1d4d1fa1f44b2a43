"""Screens for implementation plans (实施方案): the plan's list, submission and revision, review, comparison."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.forms import flash_errors, flash_form_errors
from changxiao.core.models import Attachment
from changxiao.core.timeline import timeline_for
from changxiao.orgs.models import Unit

from . import implementation, queries
from .forms import ImplementationForm, ImplementationReviewForm, MeasureFormSet
from .models import ImplementationPlan, ImplementationPlanVersion, Task, WorkPlan
from .permissions import (
    can_manage_plan,
    get_implementation_for_user,
    get_plan_for_user,
    submitting_units,
)

EMPTY_ROWS = 3


@login_required
def implementation_list(request: HttpRequest, pk: int) -> HttpResponse:
    work_plan = get_plan_for_user(request.user, pk)
    rows = list(queries.implementation_rows(request.user, work_plan))
    states = [row.implementation_state or "missing" for row in rows]
    context = {
        "plan": work_plan,
        "rows": rows,
        "due_date": implementation.due_date_of(work_plan),
        "counts": {state: states.count(state) for state in ("missing", "submitted", "returned", "approved")},
        "can_submit": bool(submitting_units(request.user, work_plan)),
        "can_manage": can_manage_plan(request.user, work_plan),
    }
    return render(request, "targets/implementation_list.html", context)


def _initial_for(work_plan: WorkPlan, unit: Unit | None) -> tuple[dict, list[dict]]:
    """Revising starts from the latest version's text and measures."""
    latest = (
        ImplementationPlanVersion.objects.filter(
            implementation_plan__work_plan=work_plan, implementation_plan__unit=unit
        )
        .order_by("-number")
        .first()
        if unit
        else None
    )
    if latest is None:
        return {"unit": unit}, []
    measures = [{"text": m.text, "task": m.task, "due_date": m.due_date} for m in latest.measures.all()]
    return {"unit": unit, "title": latest.title, "summary": latest.summary}, measures


@login_required
def implementation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    work_plan = get_plan_for_user(request.user, pk)
    units = submitting_units(request.user, work_plan)
    if not units:
        raise PermissionDenied
    chosen = next((u for u in units if str(u.pk) == request.GET.get("unit", "")), units[0])
    tasks = (
        Task.objects.filter(plan=work_plan)
        .filter(Q(lead_unit__in=units) | Q(cooperating_units__in=units))
        .distinct()
        .order_by("sort_order", "number", "pk")
    )
    if request.method == "POST":
        data = request.POST.copy()
        if "more_rows" in data:
            # Without JavaScript: re-show what was typed with more empty rows, saving nothing.
            total = int(data.get("measures-TOTAL_FORMS", "0") or 0)
            data["measures-TOTAL_FORMS"] = str(min(total + EMPTY_ROWS, 100))
        formset = MeasureFormSet(data, prefix="measures", form_kwargs={"tasks": tasks})
        if "more_rows" in data:
            head = {name: data.get(name, "") for name in ("unit", "title", "summary")}
            form = ImplementationForm(initial=head, units=units)
        else:
            form = ImplementationForm(data, request.FILES, units=units)
        if "more_rows" not in data and form.is_valid() and formset.is_valid():
            try:
                plan = implementation.implementation_submit(
                    work_plan=work_plan,
                    unit=form.cleaned_data["unit"],
                    by=request.user,
                    title=form.cleaned_data["title"],
                    summary=form.cleaned_data["summary"],
                    document=form.cleaned_data["document"],
                    measures=[implementation.MeasureData(**m) for m in formset.measures()],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Implementation plan submitted."))
                return redirect(plan)
    else:
        initial, measures = _initial_for(work_plan, chosen)
        form = ImplementationForm(initial=initial, units=units)
        formset = MeasureFormSet(
            prefix="measures",
            initial=measures + [{}] * EMPTY_ROWS,
            form_kwargs={"tasks": tasks},
        )
    existing = ImplementationPlan.objects.filter(work_plan=work_plan, unit=chosen).first()
    context = {
        "plan": work_plan,
        "form": form,
        "formset": formset,
        "existing": existing,
        "units": units,
        "chosen": chosen,
    }
    return render(request, "targets/implementation_form.html", context)


def _documents_by_version(versions) -> dict[int, list[Attachment]]:
    files: dict[int, list[Attachment]] = {}
    content_type = ContentType.objects.get_for_model(ImplementationPlanVersion)
    for attachment in Attachment.objects.filter(
        content_type=content_type, object_id__in=[str(v.pk) for v in versions]
    ):
        files.setdefault(int(attachment.object_id), []).append(attachment)
    return files


@login_required
def implementation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_implementation_for_user(request.user, pk)
    versions = list(
        plan.versions.select_related("submitted_by", "reviewed_by").prefetch_related("measures__task")
    )
    documents = _documents_by_version(versions)
    for version in versions:
        version.documents = documents.get(version.pk, [])
    may_submit = plan.unit in submitting_units(request.user, plan.work_plan)
    context = {
        "implementation": plan,
        "versions": versions,
        "due_date": implementation.due_date_of(plan.work_plan),
        "can_review": can_manage_plan(request.user, plan.work_plan) and plan.state == plan.State.SUBMITTED,
        "can_revise": may_submit and plan.state != plan.State.SUBMITTED,
        "review_form": ImplementationReviewForm(),
        "timeline": timeline_for(plan),
    }
    return render(request, "targets/implementation_detail.html", context)


@login_required
@require_POST
def implementation_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_implementation_for_user(request.user, pk)
    form = ImplementationReviewForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(plan)
    try:
        if form.cleaned_data["decision"] == "approve":
            implementation.implementation_accept(
                implementation_plan=plan, by=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Implementation plan approved."))
        else:
            implementation.implementation_return(
                implementation_plan=plan, by=request.user, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Implementation plan returned for revision."))
    except ValidationError as exc:  # an IllegalTransition is one
        flash_errors(request, exc.messages)
    return redirect(plan)


@login_required
def implementation_compare(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_implementation_for_user(request.user, pk)
    versions = list(plan.versions.all())
    if len(versions) < 2:
        messages.info(request, _("There is only one version: nothing to compare yet."))
        return redirect(plan)
    numbers = {v.number: v for v in versions}

    def pick(name: str, default: ImplementationPlanVersion) -> ImplementationPlanVersion:
        value = request.GET.get(name, "")
        return numbers.get(int(value), default) if value.isdecimal() else default

    newer = pick("b", versions[0])
    older = pick("a", versions[1])
    comparison = implementation.compare_versions(older, newer) if older != newer else None
    context = {"implementation": plan, "versions": versions, "comparison": comparison, "a": older, "b": newer}
    return render(request, "targets/implementation_compare.html", context)
