"""意见建议: the written answers of a campaign's counted responses, to read and search — for the office, or as a
share for a district or a venue."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from changxiao.core.pagination import NewestPaginator
from changxiao.orgs.districts import districts_of

from . import answers, permissions
from .models import Response

PAGE_SIZE = 50
SEARCH_CHARS = 50
# The newest answers listed page by page; beyond them, a jurisdiction or a search narrows the list (or the responses'
# export holds them all). Counting every answer of 200,000 responses took 320 ms of each page view (bench/surveys.py).
LISTED = 5_000


@login_required
def text_answers(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, share = permissions.readable_or_404(request.user, pk)
    questions = list(campaign.questionnaire.questions.filter(kind__in=answers.WRITTEN_KINDS))
    chosen = next(
        (q for q in questions if q.code == request.GET.get("question")), questions[0] if questions else None
    )
    search = request.GET.get("q", "").strip()[:SEARCH_CHARS]
    # The districts to filter by (the survey's jurisdiction picker offers them); a district's share has its own.
    regions = districts_of(campaign.region)
    if share is not None and not share.of_venue:
        regions = regions.filter(pk__in=share.region_ids)
    region = next((r for r in regions if str(r.pk) == request.GET.get("region")), None)
    ordered = answers.written(campaign, share, chosen, search, region) if chosen else Response.objects.none()
    page = NewestPaginator(ordered, PAGE_SIZE, cap=LISTED).get_page(request.GET.get("page"))
    kept = {"question": chosen.code if chosen else "", "q": search, "region": region.pk if region else ""}
    context = {
        "campaign": campaign,
        "share": share,
        "questions": questions,
        "chosen": chosen,
        "search": search,
        "regions": regions,
        "region": region,
        "page": page,
        "rows": [(response, response.answers.get(chosen.code)) for response in page] if chosen else [],
        "querystring": urlencode({k: v for k, v in kept.items() if v}),
    }
    return render(request, "surveys/text_answers.html", context)
