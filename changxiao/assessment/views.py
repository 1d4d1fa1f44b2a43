"""Screens of the assessment: the indicator sets (read by everyone signed in)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from changxiao.core.documents import docx_file_response
from changxiao.core.metrics import get_metric
from changxiao.orgs.choices import Capability
from changxiao.orgs.scope import get_scope

from . import report_document, services
from .forms import IndicatorForm
from .indicator_data import new_version
from .models import Indicator, IndicatorSet
from .views_rounds import get_round_for_user


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
        "is_office": get_scope(request.user).can(Capability.RUN_OFFICE),
        "in_use": indicator_set.rounds.exists(),
    }
    return render(request, "assessment/set_detail.html", context)


# --- The Word report ------------------------------------------------------------------------------------------
# The rounds' other screens are in views_rounds.py, the commendations' in views_honours.py, the public pages in
# views_public.py.


def _get_round(user, pk: int):
    return get_round_for_user(user, pk)


@login_required
def round_report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The annual assessment report (Word), for the office of the round."""
    assessment_round = _get_round(request.user, pk)
    if not services.can_run(request.user, assessment_round):
        raise PermissionDenied
    return docx_file_response(
        report_document.assessment_report(assessment_round),
        filename=f"assessment-report-{assessment_round.pk}.docx",
    )


def _require_office(user) -> None:
    if not get_scope(user).can(Capability.RUN_OFFICE):
        raise PermissionDenied


@login_required
@require_POST
def set_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy a set as its next version for the office to edit (a set used by a round is never changed)."""
    _require_office(request.user)
    copy = new_version(get_object_or_404(IndicatorSet, pk=pk))
    messages.success(
        request, _("Version %(version)s created; edit its indicators.") % {"version": copy.version}
    )
    return redirect(copy)


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_office(request.user)
    indicator = get_object_or_404(Indicator.objects.select_related("indicator_set"), pk=pk)
    if indicator.indicator_set.rounds.exists():
        messages.error(
            request, _("This version is used by an assessment round: create a new version to change it.")
        )
        return redirect(indicator.indicator_set)
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect(indicator.indicator_set)
    return render(request, "assessment/indicator_form.html", {"form": form, "indicator": indicator})
