"""意见建议: the written answers of a campaign's counted responses, to read and search — for the office, or as a
share for a district or a venue."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from changxiao.orgs.districts import districts_of

from . import access, index
from .choices import QuestionKind

PAGE_SIZE = 50
SEARCH_CHARS = 50


@login_required
def text_answers(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, share = access.readable_or_404(request.user, pk)
    questions = list(
        campaign.questionnaire.questions.filter(kind__in=[QuestionKind.LONG_TEXT, QuestionKind.SHORT_TEXT])
    )
    chosen = next(
        (q for q in questions if q.code == request.GET.get("question")), questions[0] if questions else None
    )
    search = request.GET.get("q", "").strip()[:SEARCH_CHARS]
    rows = index.counted(campaign.responses.all())
    if share is not None:
        rows = share.within(rows)
    # The districts to filter by (the survey's jurisdiction picker offers them); a district's share has its own.
    regions = districts_of(campaign.region)
    if share is not None and not share.of_venue:
        regions = regions.filter(pk__in=share.region_ids)
    region = next((r for r in regions if str(r.pk) == request.GET.get("region")), None)
    if chosen is None:
        rows = rows.none()
    else:
        rows = rows.filter(answers__has_key=chosen.code)
        if search:
            rows = rows.filter(**{f"answers__{chosen.code}__icontains": search})
        if region is not None:
            rows = rows.filter(region__path__startswith=region.path)
    ordered = rows.select_related("region", "venue").order_by("-submitted_at", "-pk")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
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
