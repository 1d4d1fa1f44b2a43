"""Screens of the assessment: the indicator sets (read by everyone signed in)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.document_jobs import document_job_start
from changxiao.core.forms import add_service_errors
from changxiao.core.metrics import get_metric
from changxiao.core.timeline import changed_fields_comment, timeline_for
from changxiao.orgs.owned import can_keep

from . import permissions, sets
from .exports import ROUND_REPORT
from .forms import IndicatorForm
from .models import IndicatorSet


@login_required
def set_list(request: HttpRequest) -> HttpResponse:
    """The sets the person reads: shipped ones, those kept above and those of their jurisdiction."""
    visible = (
        IndicatorSet.objects.visible_to(request.user)
        .select_related("owner")
        .annotate(indicator_count=Count("indicators"), points=Sum("indicators__max_points"))
    )
    return render(request, "assessment/set_list.html", {"sets": visible})


@login_required
def set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An indicator set as a tree: categories, then each indicator's requirement, scoring, points and source."""
    indicator_set = permissions.get_indicator_set_for_user(request.user, pk)
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
        "can_copy": permissions.can_copy(request.user),
        "keeps": can_keep(request.user, indicator_set.owner),
        "in_use": indicator_set.rounds.exists(),
        "timeline": timeline_for(indicator_set),
    }
    return render(request, "assessment/set_detail.html", context)


# --- The Word report ------------------------------------------------------------------------------------------
# The rounds' other screens are in views_rounds.py, the commendations' in views_honours.py, the public pages in
# views_public.py.


@login_required
def round_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The annual assessment report (Word), for the office of the round: built in the background (core.document_jobs)."""
    assessment_round = permissions.get_round_for_user(request.user, pk)
    if not permissions.can_run(request.user, assessment_round):
        raise PermissionDenied
    return document_job_start(
        request,
        ROUND_REPORT.name,
        params={"pk": assessment_round.pk},
        file_name=f"assessment-report-{assessment_round.pk}.docx",
    )


@login_required
@require_POST
def set_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy a set as its next version for the office to edit (a set used by a round is never changed); a shipped
    set, or the province's, becomes the office's own."""
    indicator_set = permissions.get_indicator_set_for_user(request.user, pk)
    copy = sets.indicator_set_new_version(indicator_set=indicator_set, by=request.user)
    messages.success(
        request, _("Version %(version)s created; edit its indicators.") % {"version": copy.version}
    )
    return redirect(copy)


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = permissions.get_indicator_for_user(request.user, pk)
    keeps = can_keep(request.user, indicator.indicator_set.owner)
    if not keeps and not permissions.can_copy(request.user):
        raise PermissionDenied
    if indicator.indicator_set.rounds.exists():
        messages.error(
            request, _("This version is used by an assessment round: create a new version to change it.")
        )
        return redirect(indicator.indicator_set)
    if not keeps:  # an office reading a shipped set, or one kept above it
        messages.error(
            request, _("This set is not your jurisdiction's: copy it as your own new version to change it.")
        )
        return redirect(indicator.indicator_set)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            sets.indicator_save(
                indicator=form.instance, by=request.user, changes_comment=changed_fields_comment(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(indicator.indicator_set)
    return render(request, "assessment/indicator_form.html", {"form": form, "indicator": indicator})
