"""The public pages of the assessment (no account): results announced and published, objections during the
announcement, and the published honour lists, each with an index page opened from the public site's landing page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from changxiao.core.forms import add_service_errors
from changxiao.core.ratelimit import SubmissionLimits, rate_limit, requests_message

from . import permissions, services
from .choices import Grade, NominationState, Phase
from .forms import ObjectionForm
from .models import HonourList


@rate_limit("public-read", limit=120)
def public_results_index(request: HttpRequest) -> HttpResponse:
    """考核结果公示与公布: the results announced now (objections open) and those published, newest first."""
    rounds = list(permissions.public_rounds().order_by("-year", "-pk"))
    context = {
        "announced": [r for r in rounds if r.phase == Phase.PUBLICITY],
        "published": [r for r in rounds if r.phase != Phase.PUBLICITY],
    }
    return render(request, "assessment/public_results_index.html", context)


# Objections accepted per ten minutes (core.ratelimit explains the layers): a unit or a resident files one; an
# address shared by a library or a carrier carries several people; attempts with typing mistakes are cut off only far
# above what people do. A refused objection keeps what was typed and says the real wait.
OBJECTION_LIMITS = SubmissionLimits(
    "assessment-objection", per_device=3, per_address=10, attempts_per_address=60, seconds=600
)


@rate_limit("public-read", limit=120)
def public_announcement(request: HttpRequest, pk: int) -> HttpResponse:
    """公示: the results during the announcement (with the objection form) and once published."""
    assessment_round = permissions.get_public_round(pk)
    form = ObjectionForm(request.POST or None, assessment_round=assessment_round)
    wait = OBJECTION_LIMITS.wait(request) if request.method == "POST" else 0
    if wait:
        form.is_valid()  # the page comes back with what was typed
        form.add_error(None, requests_message(wait))
    elif request.method == "POST" and form.is_valid():
        try:
            services.objection_file(assessment_round=assessment_round, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            OBJECTION_LIMITS.accepted(request)
            messages.success(request, _("Your objection was received; the office will answer it."))
            return redirect("public:assessment_announcement", pk=assessment_round.pk)
    if assessment_round.phase == Phase.PUBLISHED:
        rows = [
            (p.final_rank, p.final_total, p.get_final_grade_display(), p)
            for p in assessment_round.participants.select_related("unit").order_by("final_rank")
        ]
    else:
        rows = [(rank, r.total, Grade(r.grade).label, p) for rank, r, p in services.results(assessment_round)]
    context = {
        "round": assessment_round,
        "rows": rows,
        "open_for_objections": assessment_round.phase == Phase.PUBLICITY,
        "form": form,
        "answered": assessment_round.objections.exclude(answer=""),
    }
    response = render(request, "assessment/public_announcement.html", context, status=429 if wait else 200)
    if wait:
        response["Retry-After"] = str(wait)
    return response


@rate_limit("public-read", limit=120)
def public_honours_index(request: HttpRequest) -> HttpResponse:
    """表彰名单: every published honour list, newest first."""
    lists = (
        HonourList.objects.filter(published_at__isnull=False)
        .select_related("region")
        .order_by("-published_at")
    )
    return render(request, "assessment/public_honours_index.html", {"lists": lists})


@rate_limit("public-read", limit=120)
def public_honours(request: HttpRequest, pk: int) -> HttpResponse:
    honours = permissions.get_published_honours(pk)
    awarded = honours.nominations.filter(state=NominationState.AWARDED).select_related("unit")
    return render(request, "assessment/public_honours.html", {"honours": honours, "awarded": awarded})
