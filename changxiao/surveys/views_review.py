"""The office's review of flagged responses (可疑答卷审核): page by page with their answers, included in the index or
excluded from it one at a time or many at once."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import answers, index, permissions, services

PAGE_SIZE = 50
# Review states: not reviewed yet (left out of the index), included after review, excluded after review.
STATES = {
    "pending": (gettext_lazy("Awaiting review"), Q(included__isnull=True)),
    "included": (gettext_lazy("Included"), Q(included=True)),
    "excluded": (gettext_lazy("Excluded"), Q(included=False)),
    "all": (gettext_lazy("All"), Q()),
}


def _review(request: HttpRequest, campaign) -> None:
    action = request.POST.get("action")
    chosen = request.POST.getlist("response")
    if action not in ("include", "exclude") or not chosen:
        messages.error(request, _("Choose the responses to include or exclude."))
        return
    review = services.responses_include if action == "include" else services.responses_exclude
    count = review(campaign=campaign, ids=chosen, by=request.user)
    if action == "include":
        text = ngettext(
            "%(count)d response included in the index.", "%(count)d responses included in the index.", count
        )
    else:
        text = ngettext(
            "%(count)d response excluded from the index.",
            "%(count)d responses excluded from the index.",
            count,
        )
    messages.success(request, text % {"count": count})


@login_required
def flagged_review(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = permissions.get_campaign_for_user(request.user, pk)
    manages = permissions.can_manage_campaign(request.user, campaign)
    if request.method == "POST":
        if not manages:
            raise PermissionDenied
        _review(request, campaign)
        return redirect(request.get_full_path())  # the same state and page
    state = request.GET.get("state") if request.GET.get("state") in STATES else "pending"
    flagged = campaign.responses.filter(suspicious=True)
    counts = flagged.aggregate(
        **{f"{name}_count": Count("pk", filter=condition) for name, (_label, condition) in STATES.items()}
    )
    rows = flagged.filter(STATES[state][1]).select_related("target", "region", "venue")
    page = Paginator(rows.order_by("-submitted_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    scorer = index.Scorer(campaign.questionnaire)
    readers = answers.readers(campaign.questionnaire)
    context = {
        "campaign": campaign,
        "manages": manages,
        "state": state,
        "states": [(name, label, counts[f"{name}_count"]) for name, (label, _condition) in STATES.items()],
        "page": page,
        "rows": [
            (
                response,
                scorer(response.answers).get(index.OVERALL),
                [(question, text) for question, read in readers if (text := read(response.answers))],
            )
            for response in page
        ],
        "querystring": f"state={state}",
    }
    return render(request, "surveys/flagged_review.html", context)
